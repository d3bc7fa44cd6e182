"""The `kurils` command as a contributor runs it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def run(*args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kurils", *args], capture_output=True, text=True, env=env)


@pytest.mark.parametrize("name", ["tiny", "mini"])
def test_validate_a_valid_folder_is_silent_and_exits_0(request, name):
    """The test fixtures pass (the committed geodata: tests/data/test_committed_validate.py): no output, exit 0."""
    done = run("validate", str(request.getfixturevalue(name)))
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_validate_broken_folder_prints_lines_and_exits_1(tiny):
    """A broken working copy: one line per problem, exit 1."""
    (tiny / "sources.csv").write_bytes((tiny / "sources.csv").read_bytes().replace(b"2026-11-26", b"26.11.2026", 1))
    done = run("validate", str(tiny))
    assert done.returncode == 1
    assert done.stdout == "sources.csv:row 2: accessed: type-error: must be a date YYYY-MM-DD (26.11.2026)\n"


@pytest.mark.parametrize("module", ["kurils", "kurils.cli"])
def test_both_module_spellings_run_the_command(tiny, module):
    """`python -m kurils.cli` once ran nothing and exited 0, so a broken folder looked valid."""
    (tiny / "sources.csv").write_bytes((tiny / "sources.csv").read_bytes().replace(b"2026-11-26", b"26.11.2026", 1))
    done = subprocess.run([sys.executable, "-m", module, "validate", str(tiny)], capture_output=True, text=True)
    assert (done.returncode, done.stdout.count("\n")) == (1, 1)


def test_validate_follows_kurils_geodata(tiny):
    """KURILS_GEODATA points the command at another folder: the missing file is reported with the
    folder's name (never a server path)."""
    (tiny / "land.geojson").unlink()
    done = run("validate", env={**os.environ, "KURILS_GEODATA": str(tiny)})
    assert (done.returncode, done.stdout) == (
        1,
        "land.geojson:*: -: missing-file: file not found in the folder (geodata)\n",
    )


def test_status_follows_kurils_geodata(mini):
    """KURILS_GEODATA points `kurils status` at another folder: the mini fixture's five islands."""
    done = run("status", "--at", "1950-01-01", "--format", "csv", env={**os.environ, "KURILS_GEODATA": str(mini)})
    assert [line.split(",")[0] for line in done.stdout.splitlines()] == [
        "island_id",
        "iturup",
        "polonsky",
        "shumshu",
        "urup",
        "zeleny",
    ]
