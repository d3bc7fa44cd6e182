"""The benchmark and the load test run end to end and print every figure (no timing is asserted here)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tools.bench import KEYS

pytestmark = pytest.mark.browser


def test_bench_json_prints_every_key():
    """A short `kurils bench --json` run gives one JSON object with exactly the documented keys."""
    done = subprocess.run(
        [sys.executable, "-m", "kurils", "bench", "--json", "--moves", "3", "--play-seconds", "2"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert list(result) == list(KEYS)
    for key in KEYS[:-2]:
        assert isinstance(result[key], (int, float)) and result[key] >= 0, key
    assert result["naive_bytes_per_move"] > result["bytes_per_move"] > 0
    assert result["machine"]["cores"] >= 1 and "streamlit" in result["versions"]


def test_loadtest_runs_a_small_class():
    """A two-pupil `kurils loadtest --json`: both sessions load the map and every move is timed."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "kurils",
            "loadtest",
            "--json",
            "--sessions",
            "2",
            "--moves",
            "3",
            "--cycles",
            "1",
            "--think-ms",
            "300",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["failed_sessions"] == 0, result["failure_reasons"]
    assert result["moves_measured"] == 6 and result["p50_ms"] > 0
