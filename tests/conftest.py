"""Shared fixtures: the repository's geodata (for tests/data/ only), a tiny geodata folder to break one
rule at a time, a mini geodata folder the code tests run on, and a blank page with the map's pure scripts."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from kurils.model import dataset
from kurils.paths import DEFAULT_GEODATA

FIXTURES = Path(__file__).parent / "fixtures"

# No per-example deadline anywhere: the properties are about answers, not speed (kurils bench measures
# that). With Hypothesis's 200 ms default, a parser's property failed once in a run busy with browser
# tests and passed again with the same seed and its saved examples.
settings.register_profile("kurils", deadline=None)
settings.load_profile("kurils")


def _fixture_folder(name: str, parent: Path) -> Path:
    """tests/fixtures/<name> copied into `parent`, with the committed datapackage.json (the schema)."""
    folder = parent / "geodata"
    shutil.copytree(FIXTURES / name, folder)
    shutil.copy(DEFAULT_GEODATA / "datapackage.json", folder / "datapackage.json")
    return folder


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/tiny (two islands, one land feature) with the real datapackage.json."""
    return _fixture_folder("tiny", tmp_path)


@pytest.fixture(scope="session")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/mini with the real datapackage.json: five islands (Shumshu, Urup, Iturup, Polonsky,
    Zeleny) from 1855 to today, a contested interval, events that open intervals and events that change
    nothing, positions of both governments, three chapters. Shared by the session: do not modify it
    (copy `tiny` to break things)."""
    return _fixture_folder("mini", tmp_path_factory.mktemp("mini"))


@pytest.fixture(scope="session")
def mini_ds(mini: Path) -> dataset.Dataset:
    """The mini fixture loaded as a Dataset."""
    return dataset.load(mini)


@pytest.fixture(scope="session")
def committed_ds() -> dataset.Dataset:
    """The committed geodata loaded as a Dataset (tests of the committed data, in tests/data/)."""
    return dataset.load(DEFAULT_GEODATA)


@pytest.fixture
def repo_geodata() -> Path:
    return DEFAULT_GEODATA


@pytest.fixture(scope="module")
def frontend_page() -> Iterator[Any]:
    """A blank Chromium page with the map's pure scripts (logic.js, labels.js) and nothing else: their
    functions run against the shared tables of cases (tests/cases/) without Streamlit or deck.gl. One
    per module: Playwright's sync API allows one browser session at a time, and later modules open theirs."""
    from kurils.present.mapview import FRONTEND
    from tools.browser import chromium

    with chromium() as browser:
        page = browser.new_page()
        page.set_content("<!doctype html><title>the map's pure scripts</title>")
        for script in ("logic.js", "labels.js"):
            page.add_script_tag(path=str(FRONTEND / script))
        yield page
