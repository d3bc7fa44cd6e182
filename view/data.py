"""The data a session sees: the geodata folder loaded once per version, validated first; if the
folder breaks, the last version that passed, with the report. Also the static layer files the map
loads, and the lookups pages make on every run (computed once per data version and language)."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import streamlit as st

from kurils.model import dataset
from kurils.model.validate import validate
from kurils.paths import geodata_dir
from kurils.present import i18n, mapdata, words

STATIC = Path(__file__).resolve().parents[1] / "static"
LOADED = "_dataset"  # the session key of the dataset app.py loaded for this run


@st.cache_data(show_spinner=False)
def _problems(folder: str, fingerprint: str) -> list[str]:
    return [p.line() for p in validate(Path(folder))]


@st.cache_resource(show_spinner=False)
def _dataset(folder: str, fingerprint: str) -> dataset.Dataset:
    return dataset.load(Path(folder))


@st.cache_resource(show_spinner=False)
def _last_good() -> dict[str, dataset.Dataset]:
    """The last dataset that passed validation, per folder: served while a newer copy is broken."""
    return {}


def load_or_report() -> dataset.Dataset:
    """The validated dataset. If the folder is broken now, the last good data with the report above
    it; if it never was good, the report alone."""
    folder = geodata_dir()
    key = dataset.fingerprint(folder)
    problems = _problems(str(folder), key)
    if not problems:
        ds = _dataset(str(folder), key)
        _last_good()[str(folder)] = ds
        st.session_state[LOADED] = ds
        return ds
    previous = _last_good().get(str(folder))
    _ = i18n.gettext(st.session_state.get("lang") or "en")
    summary = _("The geodata in {folder} does not pass `kurils validate` ({n} problems).").format(
        folder=folder, n=len(problems)
    )
    if previous is None:
        st.error(summary + " " + _("Fix them and reload."))
        st.code("\n".join(problems), language=None)
        st.stop()
    st.warning(summary + " " + _("Showing the last version that passed."))
    with st.expander(_("Validator report")):
        st.code("\n".join(problems), language=None)
    st.session_state[LOADED] = previous
    return previous


def current() -> dataset.Dataset:
    """The dataset app.py loaded for this run."""
    return st.session_state[LOADED]


def validator_lines(ds: dataset.Dataset) -> list[str]:
    return _problems(str(ds.folder), dataset.fingerprint(ds.folder))


@st.cache_resource(show_spinner=False)
def _write_static(fingerprint: str, folder: str) -> dict[str, str]:
    ds = _dataset(folder, fingerprint)
    version = f"{fingerprint[:16]}-v{mapdata.FORMAT}"
    target = STATIC / "layers" / version
    target.mkdir(parents=True, exist_ok=True)
    urls = {}
    for name, data in mapdata.static_layers(ds.history, ds.islands, ds.land, ds.claims, ds.translate).items():
        path = target / name
        if not path.exists():
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            tmp.replace(path)
        # Relative URL: works at the root and behind a reverse proxy's path prefix alike.
        urls[name] = f"app/static/layers/{version}/{name}"
    return urls


# Bounded caches in front of the Streamlit ones: st.cache_resource hashes its arguments and takes a
# lock on every call, measurable on every move of a classroom. Keys are a data version and a language.
@functools.lru_cache(maxsize=8)
def _static_urls(fingerprint: str, folder: str) -> dict[str, str]:
    return _write_static(fingerprint, folder)


@functools.lru_cache(maxsize=24)
def _island_names(fingerprint: str, folder: str, lang: str) -> dict[str, str]:
    return {r["id"]: r[f"name_{lang}"] for r in _dataset(folder, fingerprint).records["names"].values()}


@functools.lru_cache(maxsize=24)
def _event_labels(fingerprint: str, folder: str, lang: str) -> dict[str | None, str]:
    return words.event_labels(_dataset(folder, fingerprint), lang)


def static_urls(ds: dataset.Dataset) -> dict[str, str]:
    """The layer files' URLs, written once per data version."""
    return _static_urls(ds.fingerprint, str(ds.folder))


def island_names(ds: dataset.Dataset, lang: str) -> dict[str, str]:
    """Island names in the language's script."""
    return _island_names(ds.fingerprint, str(ds.folder), lang)


def event_labels(ds: dataset.Dataset, lang: str) -> dict[str | None, str]:
    return _event_labels(ds.fingerprint, str(ds.folder), lang)
