"""View-layer helpers shared by the pages: cached loading, the static map layers, and the state
that the URL carries (date, point of view, island, layers). No logic here that tests cannot reach
through kurils."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import streamlit as st

from kurils import dataset, mapdata, urlstate
from kurils.palette import LABEL_EN
from kurils.paths import geodata_dir
from kurils.validate import validate

STATIC = Path(__file__).resolve().parents[1] / "static"
POV_LABELS = {"de_facto": "De facto (who holds what)", "japan": "Japan's position", "russia": "Russia's position"}
LAYER_LABELS = {"boundary": "Treaty boundaries and lines", "claim": "Claims", "offer": "Offers (1956)", "admin": "Administrative units",
                "labels": "Island names", "tiles": "Online map tiles (needs internet)"}


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
        st.session_state["_dataset"] = ds
        return ds
    previous = _last_good().get(str(folder))
    summary = f"The geodata in {folder} does not pass `kurils validate` ({len(problems)} problems)."
    if previous is None:
        st.error(summary + " Fix them and reload.")
        st.code("\n".join(problems), language=None)
        st.stop()
    st.warning(summary + " Showing the last version that passed.")
    with st.expander("Validator report"):
        st.code("\n".join(problems), language=None)
    st.session_state["_dataset"] = previous
    return previous


@st.cache_resource(show_spinner=False)
def _write_static(fingerprint: str, folder: str) -> dict[str, str]:
    ds = _dataset(folder, fingerprint)
    version = f"{fingerprint[:16]}-v{mapdata.FORMAT}"
    target = STATIC / "layers" / version
    target.mkdir(parents=True, exist_ok=True)
    urls = {}
    for name, data in mapdata.static_layers(ds.history, ds.islands, ds.land, ds.claims).items():
        path = target / name
        if not path.exists():
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            tmp.replace(path)
        # Relative URL: works at the root and behind a reverse proxy's path prefix alike.
        urls[name] = f"app/static/layers/{version}/{name}"
    return urls


APP = Path(__file__).resolve().parents[1] / "app.py"


def require_frame(route: str) -> None:
    """Streamlit runs a pages/ script on its own (its old multipage mode) when a server's very first
    request is a page's URL, before app.py has ever called st.navigation. Send such a run through
    app.py, which then opens this page with the same query parameters."""
    if "_dataset" not in st.session_state:
        st.session_state["_route"] = (route, st.query_params.to_dict())
        st.switch_page(str(APP))


def current() -> dataset.Dataset:
    """The dataset app.py loaded for this run."""
    return st.session_state["_dataset"]


def static_urls(ds: dataset.Dataset) -> dict[str, str]:
    return _write_static(ds.fingerprint, str(ds.folder))


def today() -> dt.date:
    return dt.date.today()


def init_state(ds: dataset.Dataset) -> None:
    """On a session's first run, take the state from the URL (with notices for bad values).

    The shared state lives in plain session keys (day, pov, island, layers); each widget has its
    own key `_w_<name>`, filled from the state before it is drawn and copied back when changed
    (see `widget`), so the state survives pages that do not draw that widget."""
    if "day" in st.session_state:
        return
    parsed = urlstate.parse(dict(st.query_params), ds.island_ids(), today())
    st.session_state.update(day=parsed.day, pov=parsed.pov, island=parsed.island, layers=sorted(parsed.layers), speed="event",
                            notices=parsed.notices)


def widget(draw, name: str, *args, **kwargs):
    """Draw a widget bound to the shared state `name`."""
    key = f"_w_{name}"
    st.session_state[key] = st.session_state.get(name)

    def copy_back() -> None:
        st.session_state[name] = st.session_state[key]
        if kwargs_on_change:
            kwargs_on_change()

    kwargs_on_change = kwargs.pop("on_change", None)
    return draw(*args, key=key, on_change=copy_back, **kwargs)


def current_state() -> urlstate.State:
    s = st.session_state
    return urlstate.State(day=s["day"], pov=s["pov"], island=s.get("island"), layers=frozenset(s["layers"] or ()))


def sync_url() -> None:
    """Write the state back to the URL, so every view is a link."""
    wanted = current_state().to_params()
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


def show_notices() -> None:
    for notice in st.session_state.pop("notices", []):
        st.warning(notice)


def sidebar() -> None:
    """Point of view and layers: the controls shared by every page."""
    with st.sidebar:
        widget(st.radio, "pov", "Point of view", list(POV_LABELS), format_func=POV_LABELS.get)
        widget(st.pills, "layers", "Layers", list(LAYER_LABELS), format_func=LAYER_LABELS.get, selection_mode="multi")


def state_label(code: str) -> str:
    return LABEL_EN.get(code, code)


@st.cache_data(show_spinner=False)
def legend_png() -> bytes:
    from kurils.legend import legend_png as draw

    return draw()


def validator_lines(ds: dataset.Dataset) -> list[str]:
    return _problems(str(ds.folder), dataset.fingerprint(ds.folder))


def sea_background() -> None:
    """Paint the map's sea as the chart's background, and give the map the top of the page
    (static CSS, no data)."""
    from kurils.deck import SEA_CSS

    st.html(f"<style>[data-testid='stDeckGlJsonChart'] {{ background: {SEA_CSS}; }}"
            "[data-testid='stMainBlockContainer'] { padding-top: 3.75rem; }</style>")
