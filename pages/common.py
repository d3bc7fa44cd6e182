"""View-layer helpers shared by the pages: cached loading and the broken-data report."""

from __future__ import annotations

import streamlit as st

from kurils import dataset
from kurils.paths import geodata_dir
from kurils.validate import validate


@st.cache_data(show_spinner=False)
def _problems(folder: str, fingerprint: str) -> list[str]:
    from pathlib import Path

    return [p.line() for p in validate(Path(folder))]


@st.cache_resource(show_spinner=False)
def _dataset(folder: str, fingerprint: str) -> dataset.Dataset:
    from pathlib import Path

    return dataset.load(Path(folder))


def load_or_report() -> dataset.Dataset:
    """The validated dataset; on invalid data, the validator's report instead of the page."""
    folder = geodata_dir()
    key = dataset.fingerprint(folder)
    problems = _problems(str(folder), key)
    if problems:
        st.error(f"The geodata in {folder} did not pass `kurils validate` ({len(problems)} problems). Fix them and reload.")
        st.code("\n".join(problems), language=None)
        st.stop()
    return _dataset(str(folder), key)
