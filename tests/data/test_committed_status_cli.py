"""`kurils status` on the committed geodata: the contract's keys for every island, and days checked by hand."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

from kurils.paths import DEFAULT_GEODATA


def status(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "KURILS_GEODATA": str(DEFAULT_GEODATA)}
    return subprocess.run([sys.executable, "-m", "kurils", "status", *args], capture_output=True, text=True, env=env)


def test_committed_json_is_a_sorted_list_with_the_contract_keys():
    """JSON: one object per committed island, sorted by island_id, with the contract's keys and types."""
    done = status("--at", "1945-09-02")
    assert done.returncode == 0, done.stderr
    records = json.loads(done.stdout)
    assert [r["island_id"] for r in records] == sorted(r["island_id"] for r in records)
    for r in records:
        assert {
            "island_id",
            "name_en",
            "controller",
            "administrator",
            "claimants",
            "since",
            "until",
            "event_id",
            "source_ids",
        } <= set(r)
        assert isinstance(r["claimants"], list) and isinstance(r["source_ids"], list) and r["source_ids"]
    kunashir = next(r for r in records if r["island_id"] == "kunashir")
    assert (kunashir["controller"], kunashir["since"], kunashir["event_id"]) == (
        "ussr",
        "1945-09-01",
        "kunashir_landing",
    )


def test_committed_csv_joins_lists():
    """CSV: the same records, lists joined with ';'."""
    rows = list(csv.DictReader(io.StringIO(status("--at", "2000-01-01", "--format", "csv").stdout)))
    iturup = next(r for r in rows if r["island_id"] == "iturup")
    assert (iturup["controller"], iturup["claimants"]) == ("russia", "japan;russia")


def test_committed_geojson_joins_status_to_geometry():
    """GeoJSON: every committed island's polygon with its status, for QGIS."""
    data = json.loads(status("--at", "1960-01-01", "--pov", "japan", "--format", "geojson").stdout)
    assert data["type"] == "FeatureCollection" and data["metadata"] == {
        "date": "1960-01-01",
        "layer": "status",
        "pov": "japan",
    }
    urup = next(f for f in data["features"] if f["properties"]["island_id"] == "urup")
    assert urup["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert (urup["properties"]["sovereign"], urup["properties"]["name_ja"]) == ("undetermined", "得撫島")
