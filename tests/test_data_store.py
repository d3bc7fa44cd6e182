"""One read, one truth: the folder is read once, validated as those bytes in a bounded subprocess,
served from the same bytes, and the last good version survives a broken folder and a client's
clear_cache."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from kurils.model import snapshot
from kurils.paths import REPO_ROOT
from view import data

APP = str(REPO_ROOT / "atlas.py")


@pytest.fixture
def folder(mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the mini fixture, served by the app."""
    copy = tmp_path / "geodata"
    shutil.copytree(mini, copy)
    monkeypatch.setenv("KURILS_GEODATA", str(copy))
    return copy


def run(page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90).run()
    if page:
        at.switch_page(f"view/pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def break_sources(folder: Path) -> None:
    (folder / "sources.csv").write_text("id,title\n", encoding="utf-8")


def test_the_last_good_version_survives_a_broken_folder_and_clear_cache(folder):
    """After a good load the folder breaks: visitors get the last good atlas with the report, also
    after every Streamlit cache is cleared (what a client's clear_cache message does)."""
    good = run()
    assert not good.warning and not good.error
    break_sources(folder)
    run()  # the change is checked off this run's thread; the good version is served meanwhile
    data.wait_for_checks()
    at = run()
    assert "Showing the last version that passed" in at.warning[0].value and not at.error
    assert "sources.csv:row 1: publisher: missing-label" in at.code[0].value
    st.cache_data.clear()
    st.cache_resource.clear()
    at = run()
    assert "Showing the last version that passed" in at.warning[0].value and not at.error
    assert str(folder) not in at.warning[0].value  # no server path for visitors


def test_downloads_come_from_the_validated_bytes(folder):
    """A file deleted from the folder after it was loaded is still offered, with the bytes that were
    validated (the Sources page never reads the folder)."""
    run()
    original = (folder / "events.csv").read_bytes()
    digest = snapshot.take(folder).digest
    (folder / "events.csv").unlink()
    at = run("sources")
    assert "events.csv" in [b.label for b in at.get("download_button")]
    assert data.files(data.dataset_for(digest))["events.csv"] == original


def test_the_served_dataset_is_the_checked_copy(folder):
    """The dataset is loaded from the private copy of the bytes that passed, named by their digest,
    not from the folder: a change on disk after the check cannot reach visitors unvalidated."""
    run()
    snap = snapshot.take(folder)
    ds = data.dataset_for(snap.digest)
    assert ds.folder == data.COPIES / snap.digest and ds.fingerprint == snap.digest
    assert {p.name: p.read_bytes() for p in ds.folder.iterdir()} == dict(snap.files)


def test_a_runaway_or_crashing_validator_is_a_report(folder, monkeypatch):
    """A validator that runs out of time or memory gives one report line; the server carries on."""
    copy = snapshot.take(folder).write_copy(data.COPIES)
    monkeypatch.setattr(data, "CHECK_SECONDS", 0.01)
    assert data.validate_copy(copy) == (
        "datapackage.json:whole file: -: too-slow: the validator took more than 0.01 s",
    )
    monkeypatch.setattr(data, "CHECK_SECONDS", 60)
    monkeypatch.setattr(data, "CHECK_MEMORY", 32 * 1024**2)  # too little to even import the validator
    (line,) = data.validate_copy(copy)
    assert line.startswith("datapackage.json:whole file: -: validator-failed: the validator stopped (exit ")


def test_health_reports_the_data_path(folder):
    """static/health.json says whether a good version exists, since when, and whether the folder passes."""
    run()
    data.wait_for_checks()
    health = json.loads((data.STATIC / "health.json").read_text(encoding="utf-8"))
    assert health["last_good"] and health["folder_validates"] and health["problems"] == 0
    break_sources(folder)
    run()
    data.wait_for_checks()
    health = json.loads((data.STATIC / "health.json").read_text(encoding="utf-8"))
    assert health["last_good"] and health["folder_validates"] is False and health["problems"] >= 1


def test_a_snapshot_takes_only_regular_files(tmp_path):
    """Symlinks (inside or out), FIFOs and directories are left out unopened; the digest follows the bytes."""
    outside = tmp_path / "secret.txt"
    outside.write_text("SECRET", encoding="utf-8")
    folder = tmp_path / "geodata"
    folder.mkdir()
    (folder / "events.csv").write_text("id\n", encoding="utf-8")
    (folder / "sources.csv").symlink_to(outside)
    (folder / "inside.csv").symlink_to(folder / "events.csv")
    os.mkfifo(folder / "timeline.csv")  # opening it for reading would block forever
    (folder / "licences").mkdir()
    snap = snapshot.take(folder)
    assert dict(snap.files) == {"events.csv": b"id\n"}
    assert snap.left_out == ("inside.csv", "licences", "sources.csv", "timeline.csv")
    (folder / "events.csv").write_text("id\nx\n", encoding="utf-8")
    assert snapshot.take(folder).digest != snap.digest
    assert snap.write_copy(tmp_path / "copies") == snap.write_copy(tmp_path / "copies")


@pytest.mark.parametrize("path", ["/proc/self/environ", "../.streamlit/config.toml"])
def test_a_descriptor_cannot_offer_a_file_outside_the_folder(folder, path):
    """A datapackage.json naming a file outside the folder gets a report; that file is offered by no
    page and its content appears nowhere (the last good version is served meanwhile)."""
    run("sources")
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"][0]["path"] = path
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2) + "\n", encoding="utf-8")
    run()
    data.wait_for_checks()
    at = run("sources")
    assert "Showing the last version that passed" in at.warning[0].value
    assert path not in [b.label for b in at.get("download_button")]
    everything = " ".join(str(e.value) for e in (*at.code, *at.warning, *at.error, *at.markdown))
    assert "unsafe-path" in everything and "PATH=" not in everything and "[server]" not in everything
