"""`kurils status` exactly as the contract says, on the mini fixture (KURILS_GEODATA); the committed
history through the command: tests/data/test_committed_status_cli.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

NO_POSITION = {"sovereign": None, "position": None, "position_id": None, "position_by": None, "position_source_ids": []}


@pytest.fixture(scope="module")
def status(mini: Path):
    def run(*args: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "KURILS_GEODATA": str(mini)}
        return subprocess.run(
            [sys.executable, "-m", "kurils", "status", *args], capture_output=True, text=True, env=env
        )

    return run


def test_json_whole(status):
    """JSON: one object per island, sorted by island_id, every key of the contract, lists as lists."""
    done = status("--at", "1945-08-28")
    assert (done.returncode, done.stderr) == (0, "")
    de_facto = {"certainty": "exact", "note": "", "pov": "de_facto", **NO_POSITION}
    soviet = {"controller": "ussr", "administrator": "ussr", "claimants": ["japan", "ussr"]}
    japanese = {"controller": "japan", "administrator": "japan", "claimants": ["japan"], "since": "1855-02-07"}
    shimoda = {"until": "1945-09-03", "event_id": "shimoda", "source_ids": ["src_a"]}
    landings = {"since": "1945-08-28", "event_id": "landings", "source_ids": ["src_b"]}
    assert json.loads(done.stdout) == [
        {"island_id": "iturup", "name_en": "Iturup", **soviet, **landings, "until": "1991-12-26", **de_facto}
        | {"area_km2": 4377.285},
        {"island_id": "polonsky", "name_en": "Polonsky", **japanese, **shimoda, **de_facto, "area_km2": 10.759},
        {"island_id": "shumshu", "name_en": "Shumshu", **soviet, "since": "1945-08-23", "until": "1952-04-28"}
        | {"event_id": "disarmament", "source_ids": ["src_b"], **de_facto, "area_km2": 471.054},
        {"island_id": "urup", "name_en": "Urup", **soviet, **landings, "until": "1952-04-28", **de_facto}
        | {"area_km2": 2760.103},
        {"island_id": "zeleny", "name_en": "Zeleny", **japanese, **shimoda, **de_facto, "area_km2": 21.565},
    ]
    assert done.stdout.startswith('[\n  {\n    "island_id": "iturup",\n') and done.stdout.endswith("}\n]\n")


def test_csv_whole(status):
    """CSV: the same records, lists joined with ';', None as an empty cell."""
    done = status("--at", "2000-01-01", "--pov", "russia", "--format", "csv")
    position = "russia,russia,Russia's position: Russian territory.,russia_all,Government of Russia,src_b"
    assert done.stdout == (
        "island_id,name_en,controller,administrator,claimants,since,until,event_id,source_ids,certainty,note,"
        "pov,sovereign,position,position_id,position_by,position_source_ids,area_km2\n"
        f"iturup,Iturup,russia,russia,japan;russia,1991-12-26,,dissolution,src_b,exact,,{position},4377.285\n"
        f"polonsky,Polonsky,russia,russia,japan;russia,1991-12-26,,dissolution,src_b,exact,,{position},10.759\n"
        f"shumshu,Shumshu,russia,russia,russia,1991-12-26,,dissolution,src_b,exact,,{position},471.054\n"
        f"urup,Urup,russia,russia,russia,1991-12-26,,dissolution,src_b,exact,,{position},2760.103\n"
        f"zeleny,Zeleny,russia,russia,japan;russia,1991-12-26,,dissolution,src_b,exact,,{position},21.565\n"
    )


def test_geojson_joins_status_to_geometry(status, mini):
    """GeoJSON: every island's polygon with its flat status, its names and the date, for QGIS."""
    data = json.loads(status("--at", "1960-01-01", "--pov", "japan", "--format", "geojson").stdout)
    islands = json.loads((mini / "islands.geojson").read_text(encoding="utf-8"))["features"]
    assert data["type"] == "FeatureCollection"
    assert data["metadata"] == {"date": "1960-01-01", "layer": "status", "pov": "japan"}
    zones = [f["properties"]["id"] for f in data["features"] if f["properties"].get("layer") == "maritime"]
    assert zones == ["ussr_sea"]  # the sea zones in force that day follow the islands
    data["features"] = data["features"][: len(islands)]
    assert [f["geometry"] for f in data["features"]] == [f["geometry"] for f in islands]
    soviet = {"controller": "ussr", "administrator": "ussr", "until": "1991-12-26", "pov": "japan"}
    occupied = {"claimants": "japan;ussr", "sovereign": "japan", "position_by": "Government of Japan"}
    occupied |= {"position": "Japan's position: Japanese territory under illegal occupation."}
    north = {"claimants": "ussr", "since": "1952-04-28", "event_id": "sf_treaty", "source_ids": "src_a"}
    north |= {"certainty": "exact", "note": "", "sovereign": "undetermined", "position_id": "japan_north"}
    north |= {"position": "Japan's position: sovereignty undetermined.", "position_by": "Government of Japan"}
    landing = {"since": "1945-09-03", "event_id": "landing", "source_ids": "src_b", "certainty": "range"}
    landing |= {"position_id": "japan_claim"}
    common = {"position_source_ids": "src_a", "date": "1960-01-01"}
    assert [f["properties"] for f in data["features"]] == [
        {
            "island_id": "iturup",
            "name_en": "Iturup",
            **soviet,
            **occupied,
            "since": "1945-08-28",
            "event_id": "landings",
        }
        | {"source_ids": "src_b", "certainty": "exact", "note": "", "position_id": "japan_iturup"}
        | {"name_ru": "Итуруп", "name_ja": "択捉島", "name_ja_latn": "Etorofu-tō", **common, "area_km2": 4377.285},
        {"island_id": "polonsky", "name_en": "Polonsky", **soviet, **occupied, **landing}
        | {"note": "range: 1945-09-03/1945-09-04", "name_ru": "Полонского", "name_ja": "多楽島"}
        | {"name_ja_latn": "Taraku-tō", **common, "area_km2": 10.759},
        {"island_id": "shumshu", "name_en": "Shumshu", **soviet, **north}
        | {"name_ru": "Шумшу", "name_ja": "占守島", "name_ja_latn": "Shumushu-tō", **common, "area_km2": 471.054},
        {"island_id": "urup", "name_en": "Urup", **soviet, **north}
        | {"name_ru": "Уруп", "name_ja": "得撫島", "name_ja_latn": "Uruppu-tō", **common, "area_km2": 2760.103},
        {"island_id": "zeleny", "name_en": "Zeleny", **soviet, **occupied, **landing, "note": ""}
        | {"name_ru": "Зелёный", "name_ja": "志発島", "name_ja_latn": "Shibotsu-tō", **common, "area_km2": 21.565},
    ]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--at", "1945-02-30"], "kurils status: not a date YYYY-MM-DD: '1945-02-30'\n"),
        (["--at", "1855-02-06"], "kurils status: the atlas starts on 1855-02-07 (Treaty of Shimoda): 1855-02-06\n"),
    ],
)
def test_bad_date_is_refused_with_exit_2(status, args, message):
    """An impossible date, or one before the atlas, gets a message naming it, not a traceback."""
    done = status(*args)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", message)
