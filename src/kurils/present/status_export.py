"""`kurils status` output formats: JSON list, CSV table, GeoJSON snapshot (status joined to geometry),
all from the contract's record of each Status (Status.record)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any

from kurils.model import geojson_io
from kurils.model.timeline import Status
from kurils.present import sea

LIST_FIELDS = ("claimants", "source_ids", "position_source_ids")


def flat(record: dict[str, Any]) -> dict[str, Any]:
    """Lists joined with ';' and None as '' (for CSV and for GIS tools)."""
    return {k: ";".join(v) if k in LIST_FIELDS else ("" if v is None else v) for k, v in record.items()}


def records(statuses: list[Status], area_of: Mapping[str, float] | None = None) -> list[dict[str, Any]]:
    """Each status's record, with the island's `area_km2` (from its outline, equal-area; not official)
    when `area_of` gives it."""
    out = []
    for s in statuses:
        r = s.record()
        if area_of is not None:
            r["area_km2"] = float(area_of[s.island_id])  # as islands.geojson gives it
        out.append(r)
    return out


def to_json(statuses: list[Status], area_of: Mapping[str, float] | None = None) -> str:
    return json.dumps(records(statuses, area_of), ensure_ascii=False, indent=2) + "\n"


def to_csv(statuses: list[Status], area_of: Mapping[str, float] | None = None) -> str:
    records_ = records(statuses, area_of)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(records_[0]) if records_ else [], lineterminator="\n")
    writer.writeheader()
    writer.writerows(flat(r) for r in records_)
    return out.getvalue()


SEA_FIELDS = (
    *("id", "kind", "party", "status", "name_en", "breadth_nm", "basis"),
    *("valid_from", "valid_to", "declared_in", "source_ids", "note"),
)


def sea_features(maritime_geojson: str, day: str) -> list[dict[str, Any]]:
    """The maritime features in force on `day` (maritime.geojson's text), marked `layer: maritime`;
    each keeps its note, which says how it is drawn (a computed line is not a legal boundary)."""
    out = []
    for f in geojson_io.loads_strict(maritime_geojson)["features"]:
        p = f["properties"]
        if sea.valid_on(p, day):
            props = {"layer": "maritime", **{k: p.get(k) for k in SEA_FIELDS}, "date": day}
            out.append({"type": "Feature", "properties": props, "geometry": f["geometry"]})
    return out


def to_geojson(statuses: list[Status], islands_geojson: str, day: str, maritime_geojson: str | None = None) -> str:
    """The islands layer (its text) with each island's status as properties: a snapshot to open in
    QGIS; with `maritime_geojson`, also the sea zones in force that day (`layer: maritime`)."""
    islands = {f["properties"]["id"]: f for f in geojson_io.loads_strict(islands_geojson)["features"]}
    features = []
    for r in records(statuses):
        island = islands[r["island_id"]]
        names = {k: v for k, v in island["properties"].items() if k.startswith("name_")}
        area = {"area_km2": island["properties"]["area_km2"]} if "area_km2" in island["properties"] else {}
        features.append(
            {"type": "Feature", "properties": {**flat(r), **names, **area, "date": day}, "geometry": island["geometry"]}
        )
    if maritime_geojson is not None:
        features += sea_features(maritime_geojson, day)
    return geojson_io.dumps_collection(
        features, {"layer": "status", "date": day, "pov": statuses[0].pov if statuses else ""}
    )
