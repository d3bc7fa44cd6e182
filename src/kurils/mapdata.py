"""The map's layers as plain GeoJSON, built once per geodata folder and served as static files.

Each island appears once per interval of its history, with the interval as two day numbers
(t0, t1) and its status, colours and tooltip text as properties. The browser loads these files
once; a date change only moves deck.gl's DataFilterExtension range, so no geometry crosses the
wire again (see README, Performance)."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd

from .palette import CLAIM_KINDS, LABEL_EN, claim_outline, rgba
from .timeline import History
from .vocab import TIMELINE_START

OPEN_END = 1_000_000  # day number for "still true"


def day_number(day: dt.date) -> int:
    """Days since the atlas starts (1855-02-07 is day 0)."""
    return (day - TIMELINE_START).days


def _day_or_open(day: dt.date | str | None) -> int:
    if not day:
        return OPEN_END
    return day_number(day if isinstance(day, dt.date) else dt.date.fromisoformat(day))


def _names(props: dict) -> dict:
    return {k: props[k] for k in ("name_en", "name_ru", "name_ja", "name_ja_latn")}


def islands_by_interval(history: History, islands: gpd.GeoDataFrame) -> dict:
    """One feature per (island, interval), in a fixed order: island id, then time."""
    geometry = {row.id: row.geometry.__geo_interface__ for row in islands.itertuples()}
    props_of = {row["id"]: row for row in islands.drop(columns="geometry").to_dict("records")}
    features = []
    for idx, (island_id, intervals) in enumerate(history.intervals.items()):
        base = props_of[island_id]
        for iv in intervals:
            event = history.events.get(iv.event_id, {})
            claimants = list(iv.claimants)
            props = {
                "id": island_id, "idx": idx, **_names(base), "group": base["group"], "area_km2": base["area_km2"],
                "t0": day_number(iv.start), "t1": _day_or_open(iv.end),
                "controller": LABEL_EN[iv.controller], "administrator": LABEL_EN[iv.administrator],
                "claimants": ", ".join(LABEL_EN[c] for c in claimants) or "none",
                "since": iv.start.isoformat(), "until": iv.end.isoformat() if iv.end else "today",
                "event": event.get("title_en", iv.event_id), "sources": ", ".join(iv.source_ids),
                "certainty": iv.certainty,
                "fill": rgba(iv.controller, 235), "outline": claim_outline(iv.controller, claimants),
            }
            for pov in ("japan", "russia"):
                pos = history.position_at(pov, island_id, iv.start)
                props[f"position_{pov}"] = f"{pos.attributed_to}: {pos.statement}" if pos else "No separate position recorded for this period."
            features.append({"type": "Feature", "properties": props, "geometry": geometry[island_id]})
    return {"type": "FeatureCollection", "features": features}


def claims_of_kind(claims: gpd.GeoDataFrame, kind: str) -> dict:
    """The claim features of one kind, with their interval as day numbers."""
    features = []
    for row in claims[claims["kind"] == kind].sort_values("id").itertuples():
        props = {
            "id": row.id, "kind": row.kind, "party": row.party, "name_en": row.name_en,
            "valid_from": row.valid_from, "valid_to": row.valid_to or "today",
            "t0": _day_or_open(row.valid_from), "t1": _day_or_open(row.valid_to),
            "colour": rgba(row.party.split(";")[0] if kind != "boundary" else "none", 255),
            "sources": row.source_ids.replace(";", ", "), "note": row.note,
        }
        features.append({"type": "Feature", "properties": props, "geometry": row.geometry.__geo_interface__})
    return {"type": "FeatureCollection", "features": features}


def static_layers(history: History, islands: gpd.GeoDataFrame, land: gpd.GeoDataFrame, claims: gpd.GeoDataFrame) -> dict[str, dict]:
    """File name → GeoJSON for every static layer of the map."""
    files = {"islands.json": islands_by_interval(history, islands), "land.json": land.__geo_interface__}
    for kind in CLAIM_KINDS:
        files[f"claims_{kind}.json"] = claims_of_kind(claims, kind)
    return files
