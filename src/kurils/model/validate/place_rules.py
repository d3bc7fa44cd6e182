"""Where each event happened (events.csv: place, place_kind, place_islands, lat, lon, place_source_ids),
checked as a whole; the schema checks each cell (the kind's enum, the numbers), the cross-file rules
that the islands and sources exist.

- `place-incomplete`: a place needs its kind and a kind its place; a point needs both coordinates and a
  source that gives them; an island place needs its islands; other kinds carry no coordinates or
  islands (an off-map place is named, not drawn).
- `place-outside-region`: a point lies inside the map's region (kurils.model.vocab.REGION); a place
  outside it is `off_map`.
"""

from __future__ import annotations

from typing import Any

from kurils.model.validate.cross_file import Loaded, split_list
from kurils.model.validate.problems import Problem
from kurils.model.vocab import REGION

FILE = "events.csv"


def _number(value: object) -> float | None:
    try:
        return float(str(value))
    except ValueError:
        return None  # the schema says what is wrong with it


def row_problems(label: str, row: dict[str, Any]) -> list[Problem]:
    place, kind = str(row.get("place") or "").strip(), str(row.get("place_kind") or "")
    lat, lon = str(row.get("lat") or ""), str(row.get("lon") or "")
    islands, sources = split_list(row.get("place_islands")), split_list(row.get("place_source_ids"))
    out = []

    def problem(field: str, code: str, message: str, value: str) -> None:
        out.append(Problem(FILE, label, field, code, message, value))

    if place and not kind:
        problem("place_kind", "place-incomplete", "a place needs its kind: point, island or off_map", place)
    if kind and not place:
        problem("place", "place-incomplete", f"a place of kind {kind} needs its name", "")
    if kind == "point":
        if not (lat and lon):
            problem("lat", "place-incomplete", "a point needs both lat and lon", f"{lat},{lon}")
        if not sources:
            problem("place_source_ids", "place-incomplete", "a point needs a source that gives its coordinates", "")
    elif lat or lon:
        problem(
            "lat", "place-incomplete", "only a point has coordinates (an island's point is its own)", f"{lat},{lon}"
        )
    if kind == "island" and not islands:
        problem("place_islands", "place-incomplete", "an island place needs its island ids", "")
    if kind != "island" and islands:
        problem("place_islands", "place-incomplete", "only an island place lists islands", ";".join(islands))
    y, x = _number(lat), _number(lon)
    west, south, east, north = REGION
    if kind == "point" and y is not None and x is not None and not (west <= x <= east and south <= y <= north):
        message = f"outside the map's region ({west:g}-{east:g} E, {south:g}-{north:g} N); a place there is off_map"
        problem("lat", "place-outside-region", message, f"{lat},{lon}")
    return out


def problems(loaded: Loaded, labels: dict[str, list[str]]) -> list[Problem]:
    out = []
    for label, row in zip(labels.get("events", []), loaded.tables.get("events", [])):
        out += row_problems(label, row)
    return out
