"""Shared fixtures: the repository's geodata, and a tiny geodata folder to break one rule at a time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kurils.paths import DEFAULT_GEODATA

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/tiny (two islands, one land feature) with the real datapackage.json."""
    folder = tmp_path / "geodata"
    shutil.copytree(FIXTURES / "tiny", folder)
    shutil.copy(DEFAULT_GEODATA / "datapackage.json", folder / "datapackage.json")
    return folder


@pytest.fixture
def repo_geodata() -> Path:
    return DEFAULT_GEODATA
