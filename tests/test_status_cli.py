"""`kurils status` exactly as the contract says."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys


def status(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kurils", "status", *args], capture_output=True, text=True)


def test_json_is_a_sorted_list_with_the_contract_keys():
    """JSON: one object per island, sorted by island_id, with the contract's keys and types."""
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


def test_csv_joins_lists():
    """CSV: the same records, lists joined with ';'."""
    rows = list(csv.DictReader(io.StringIO(status("--at", "2000-01-01", "--format", "csv").stdout)))
    iturup = next(r for r in rows if r["island_id"] == "iturup")
    assert (iturup["controller"], iturup["claimants"]) == ("russia", "japan;russia")


def test_geojson_joins_status_to_geometry():
    """GeoJSON: every island's polygon with its status, for QGIS."""
    data = json.loads(status("--at", "1960-01-01", "--pov", "japan", "--format", "geojson").stdout)
    assert data["type"] == "FeatureCollection" and data["metadata"] == {
        "date": "1960-01-01",
        "layer": "status",
        "pov": "japan",
    }
    urup = next(f for f in data["features"] if f["properties"]["island_id"] == "urup")
    assert urup["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert (urup["properties"]["sovereign"], urup["properties"]["name_ja"]) == ("undetermined", "得撫島")


def test_bad_date_is_refused_with_exit_2():
    """An impossible date gets a message naming it, not a traceback."""
    done = status("--at", "1945-02-30")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "kurils status: not a date YYYY-MM-DD: '1945-02-30'\n"
