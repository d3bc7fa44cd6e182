"""`kurils status` output formats: JSON list, CSV table, GeoJSON snapshot (status joined to geometry)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from . import geojson_io

LIST_FIELDS = ("claimants", "source_ids", "position_source_ids")


def flat(record: dict) -> dict:
    """Lists joined with ';' and None as '' (for CSV and for GIS tools)."""
    return {k: ";".join(v) if k in LIST_FIELDS else ("" if v is None else v) for k, v in record.items()}


def to_json(records: list[dict]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def to_csv(records: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(records[0]) if records else [], lineterminator="\n")
    writer.writeheader()
    writer.writerows(flat(r) for r in records)
    return out.getvalue()


def to_geojson(records: list[dict], folder: Path, day: str) -> str:
    """The islands layer with each island's status as properties: a snapshot to open in QGIS."""
    islands = {f["properties"]["id"]: f for f in geojson_io.read_collection(folder / "islands.geojson")["features"]}
    features = []
    for r in records:
        island = islands[r["island_id"]]
        names = {k: v for k, v in island["properties"].items() if k.startswith("name_")}
        features.append({"type": "Feature", "properties": {**flat(r), **names, "date": day}, "geometry": island["geometry"]})
    return geojson_io.dumps_collection(features, {"layer": "status", "date": day, "pov": records[0]["pov"] if records else ""})
