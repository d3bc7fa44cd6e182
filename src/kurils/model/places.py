"""Where each event happened (events.csv: place, place_kind, place_islands, lat, lon): the points the
map marks. A point place is drawn at its own coordinates; an island place at each of its islands'
points (island_names.csv label_lon/label_lat, the point the map names the island at); an off-map place
and an event at no one place are not drawn."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

Point = tuple[float, float]  # lon, lat


@dataclass(frozen=True)
class Marked:
    event_id: str
    day: dt.date
    kind: str  # "point" or "island"
    points: tuple[Point, ...]


def points_of(event: Mapping[str, Any], names: Mapping[str, Mapping[str, Any]]) -> tuple[Point, ...]:
    """The points an event is marked at (none for an off-map place or none at all)."""
    kind = event.get("place_kind") or ""
    if kind == "point":
        return ((float(event["lon"]), float(event["lat"])),)
    if kind == "island":
        ids = [i for i in str(event.get("place_islands") or "").split(";") if i in names]
        return tuple((float(names[i]["label_lon"]), float(names[i]["label_lat"])) for i in ids)
    return ()


def marked(events: Iterable[Mapping[str, Any]], names: Mapping[str, Mapping[str, Any]]) -> list[Marked]:
    """The events the map marks, oldest first (the events' own order)."""
    out = []
    for e in events:
        points = points_of(e, names)
        if points:
            out.append(Marked(str(e["id"]), dt.date.fromisoformat(str(e["date"])), str(e["place_kind"]), points))
    return out
