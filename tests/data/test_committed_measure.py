"""Areas and differences on the committed geodata: figures added up by hand from the README's table of
computed areas, the known pairs of dates, and the `kurils diff` and `kurils status` commands."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys

import pytest

from kurils.model import dataset
from kurils.model.compare import diff
from kurils.model.measure import areas
from kurils.paths import DEFAULT_GEODATA

DS = dataset.load(DEFAULT_GEODATA)
# README, "Island areas", computed km²: Iturup, Kunashir, Shikotan and the Habomai islets (Polonsky,
# Oskolki, Zeleny, Dyomin, Yuri, Anuchin, Tanfiliev, Storozhevoy, Rifovy; Signalny is a marker).
FOUR_ISLANDS = 3224.27 + 1520.03 + 259.12 + (12.92 + 0.47 + 61.38 + 1.11 + 12.17 + 3.39 + 15.30 + 0.23 + 0.06)


def kurils(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "KURILS_GEODATA": str(DEFAULT_GEODATA)}
    return subprocess.run([sys.executable, "-m", "kurils", *args], capture_output=True, text=True, env=env)


def test_japan_claims_the_four_islands_area_today():
    found = areas(DS.history.status_at("2025-01-01"), DS.areas)
    assert found.claimed_not_held["japan"] == pytest.approx(FOUR_ISLANDS, abs=0.1)
    assert found.held == pytest.approx({"russia": found.total})


def test_known_pairs_of_dates():
    """1875 → 1905 changes nothing in the chain; 1945-08-01 → 1945-09-06 changes every island."""
    assert diff(DS.history, dt.date(1876, 1, 1), dt.date(1905, 12, 31)).changes == []
    found = diff(DS.history, dt.date(1945, 8, 1), dt.date(1945, 9, 6))
    assert {c.island_id for c in found.changes} == set(DS.chain)
    assert all(c.after.controller == "ussr" for c in found.changes)


def test_the_diff_command_in_each_format():
    done = kurils("diff", "--from", "1945-08-01", "--to", "1945-09-06", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["changes"]) == len(DS.chain)
    rows = list(
        csv.DictReader(
            io.StringIO(kurils("diff", "--from", "1991-12-25", "--to", "1991-12-27", "--format", "csv").stdout)
        )
    )
    assert {r["controller_after"] for r in rows if r["kind"] == "change"} == {"russia"}
    text = kurils("diff", "--from", "1945-08-01", "--to", "1945-09-06", "--lang", "ru").stdout
    assert text.startswith("**Что изменилось с 1 августа 1945 г\\. по 6 сентября 1945 г\\.**")
    bad = kurils("diff", "--from", "1855-01-01", "--to", "1945-09-06")
    assert bad.returncode == 2 and "the atlas starts on 1855-02-07" in bad.stderr


def test_status_has_each_islands_area():
    records = json.loads(kurils("status", "--at", "2025-01-01").stdout)
    assert {r["island_id"]: r["area_km2"] for r in records}["iturup"] == pytest.approx(3224.27, abs=0.005)
