"""The `kurils` command as a contributor runs it."""

from __future__ import annotations

import subprocess
import sys


def run(*args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kurils", *args], capture_output=True, text=True, env=env)


def test_validate_repository_geodata_is_silent_and_exits_0():
    """The committed geodata passes: no output, exit 0."""
    done = run("validate")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_validate_broken_folder_prints_lines_and_exits_1(tiny):
    """A broken working copy: one line per problem, exit 1."""
    (tiny / "sources.csv").write_bytes((tiny / "sources.csv").read_bytes().replace(b"2026-11-26", b"26.11.2026", 1))
    done = run("validate", str(tiny))
    assert done.returncode == 1
    assert done.stdout == "sources.csv:row 2: accessed: type-error: must be a date YYYY-MM-DD (26.11.2026)\n"


def test_validate_follows_kurils_geodata(tiny):
    """KURILS_GEODATA points the command at another folder."""
    import os

    (tiny / "land.geojson").unlink()
    done = run("validate", env={**os.environ, "KURILS_GEODATA": str(tiny)})
    assert done.returncode == 1 and "land.geojson:*: -: missing-file" in done.stdout
