"""View-layer helpers shared by the pages: cached loading, the static map layers, and the state
that the URL carries (date, point of view, island, layers). No logic here that tests cannot reach
through kurils."""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path

import streamlit as st

from kurils import dataset, i18n, mapdata, urlstate
from kurils.i18n import N_
from kurils.textsafe import md_escape
from kurils.palette import state_name
from kurils.paths import geodata_dir
from kurils.validate import validate

STATIC = Path(__file__).resolve().parents[1] / "static"
POV_LABELS = {"de_facto": N_("De facto (who holds what)"), "japan": N_("Japan's position"), "russia": N_("Russia's position")}
LAYER_LABELS = {"boundary": N_("Treaty boundaries and lines"), "claim": N_("Claims"), "offer": N_("Offers (1956)"),
                "admin": N_("Administrative units"), "labels": N_("Island names"), "tiles": N_("Online map tiles (needs internet)")}


def lang() -> str:
    return st.session_state.get("lang") or "en"  # None when the projector bar's choice is cleared


def gettext():
    """`_` for this session's language."""
    return i18n.gettext(lang())


def text(table: str, row: dict, field: str) -> str:
    """A data row's text (event title, story chapter…) in this session's language."""
    return current().text(table, row, field, lang())


def day_text(day: dt.date) -> str:
    return i18n.day_text(day, lang())


_NAMES: dict[tuple[str, str], dict[str, str]] = {}


def island_names() -> dict[str, str]:
    """Island names in this session's script (computed once per data version and language)."""
    ds, lang_ = current(), lang()
    if (ds.fingerprint, lang_) not in _NAMES:
        _NAMES[(ds.fingerprint, lang_)] = {r["id"]: r[f"name_{lang_}"] for r in ds.records["names"].values()}
    return _NAMES[(ds.fingerprint, lang_)]


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
    _ = i18n.gettext(st.session_state.get("lang", "en"))
    summary = _("The geodata in {folder} does not pass `kurils validate` ({n} problems).").format(folder=folder, n=len(problems))
    if previous is None:
        st.error(summary + " " + _("Fix them and reload."))
        st.code("\n".join(problems), language=None)
        st.stop()
    st.warning(summary + " " + _("Showing the last version that passed."))
    with st.expander(_("Validator report")):
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
    for name, data in mapdata.static_layers(ds.history, ds.islands, ds.land, ds.claims, ds.translate).items():
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


_URLS: dict[str, dict[str, str]] = {}
_EVENT_LABELS: dict[tuple[str, str], dict] = {}


def event_labels() -> dict:
    ds, lang_ = current(), lang()
    if (ds.fingerprint, lang_) not in _EVENT_LABELS:
        from kurils.describe import event_labels as make

        _EVENT_LABELS[(ds.fingerprint, lang_)] = make(ds, lang_)
    return _EVENT_LABELS[(ds.fingerprint, lang_)]


def static_urls(ds: dataset.Dataset) -> dict[str, str]:
    """The layer files' URLs. A plain dict in front of the cached writer: st.cache_resource hashes
    its arguments and takes a lock on every call, measurable on every move of a classroom."""
    if ds.fingerprint not in _URLS:
        _URLS[ds.fingerprint] = _write_static(ds.fingerprint, str(ds.folder))
    return _URLS[ds.fingerprint]


def today() -> dt.date:
    return dt.date.today()


def init_state(ds: dataset.Dataset, params: dict[str, str]) -> None:
    """On a session's first run, take the state from the URL (with notices for bad values).

    The shared state lives in plain session keys (day, pov, island, layers); each widget has its
    own key `_w_<name>`, filled from the state before it is drawn and copied back when changed
    (see `widget`), so the state survives pages that do not draw that widget."""
    if "day" in st.session_state:
        return
    parsed = urlstate.parse(params, ds.island_ids(), today())
    st.session_state.update(day=parsed.day, pov=parsed.pov, island=parsed.island, layers=sorted(parsed.layers), speed="event",
                            lang=parsed.lang, present=parsed.present, notices=parsed.notices)


def widget(draw, name: str, *args, where: str = "", **kwargs):
    """Draw a widget bound to the shared state `name` (`where` tells apart two widgets of one state)."""
    key = f"_w_{name}{where}"
    st.session_state[key] = st.session_state.get(name)

    def copy_back() -> None:
        st.session_state[name] = st.session_state[key]
        if kwargs_on_change:
            kwargs_on_change()

    kwargs_on_change = kwargs.pop("on_change", None)
    return draw(*args, key=key, on_change=copy_back, **kwargs)


def current_state() -> urlstate.State:
    s = st.session_state
    return urlstate.State(day=s["day"], pov=s["pov"], island=s.get("island"), layers=frozenset(s["layers"] or ()),
                          lang=lang(), present=bool(s.get("present")))


def page_params(params: dict[str, str]) -> None:
    """A page's own URL parameters (the story's chapter) for this run; app.py clears them before
    each page runs."""
    st.session_state["_page_params"] = params


def sync_url() -> None:
    """Write the state back to the URL, so every view is a link."""
    wanted = {**current_state().to_params(), **st.session_state.get("_page_params", {})}
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


def show_notices() -> None:
    for notice in st.session_state.pop("notices", []):
        st.warning(notice)


def sidebar() -> None:
    """Language, projector mode, point of view and layers: the controls shared by every page. In
    projector mode the sidebar is hidden, and the page shows its own way out (present_bar)."""
    _ = gettext()
    with st.sidebar:
        widget(st.selectbox, "lang", "Language · 言語 · Язык", list(i18n.LANGS), format_func=i18n.LANG_NAMES.get)
        widget(st.toggle, "present", _("Projector mode"), help=_("Large type and map, no sidebar, high contrast"))
        widget(st.radio, "pov", _("Point of view"), list(POV_LABELS), format_func=lambda v: _(POV_LABELS[v]))
        widget(st.pills, "layers", _("Layers"), list(LAYER_LABELS), format_func=lambda v: _(LAYER_LABELS[v]), selection_mode="multi")


def present_bar() -> None:
    """Projector mode: hide the chrome, enlarge the type, and offer the language and the way out."""
    if not st.session_state.get("present"):
        return
    _ = gettext()
    st.html("<style>[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'], header[data-testid='stHeader'],"
            "[data-testid='stToolbar'] { display: none !important; }"
            "html { font-size: 22px; } [data-testid='stMainBlockContainer'] { padding: 1rem 2rem !important; max-width: 100% !important; }"
            "[data-testid='stMarkdownContainer'] p { line-height: 1.45; }</style>")
    c1, c2 = st.columns([4, 1.6], vertical_alignment="center")
    with c1:
        widget(st.segmented_control, "lang", _("Language"), list(i18n.LANGS), format_func=i18n.LANG_NAMES.get, label_visibility="collapsed",
               where="_bar")
    c2.button(_("Exit projector mode"), icon=":material/close_fullscreen:", on_click=lambda: st.session_state.update(present=False),
              width="stretch")


def state_label(code: str) -> str:
    return state_name(code, lang())


_LEGENDS: dict[tuple[str, float], str] = {}  # -> the Markdown image


def legend() -> None:
    """The legend: a PNG written once per language and size to static/ (then a URL: no image
    bytes hashed and re-sent on every run), with its entries as alternative text."""
    from kurils import legend as drawing

    lang_, scale = lang(), 1.6 if st.session_state.get("present") else 1.0
    if (lang_, scale) not in _LEGENDS:
        target = STATIC / "legend" / f"v{mapdata.FORMAT}-{lang_}-{scale}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_bytes(drawing.legend_png(lang_, scale))
        tmp.replace(target)
        alt = "; ".join(h.get_label() for h in drawing.handles(lang_))
        _LEGENDS[(lang_, scale)] = f"![{md_escape(alt)}](app/static/legend/{target.name})"
    st.markdown(_LEGENDS[(lang_, scale)])


def validator_lines(ds: dataset.Dataset) -> list[str]:
    return _problems(str(ds.folder), dataset.fingerprint(ds.folder))


def top_padding() -> None:
    """Give the map the top of the page (static CSS, no data)."""
    st.html("<style>[data-testid='stMainBlockContainer'] { padding-top: 3.75rem; }</style>")


@st.cache_data(show_spinner=False, max_entries=64)
def _map_pdf(fingerprint: str, folder: str, day: dt.date, lang: str, pov: str) -> bytes:
    from kurils import handout

    return handout.map_handout(_dataset(folder, fingerprint), day, lang, pov, "pdf")


@st.cache_data(show_spinner=False, max_entries=64)
def _chapter_pdf(fingerprint: str, folder: str, chapter_id: str, lang: str) -> bytes:
    from kurils import handout

    return handout.chapter_pdf(_dataset(folder, fingerprint), chapter_id, lang)


@st.cache_data(show_spinner=False, max_entries=8)
def _story_pdf(fingerprint: str, folder: str, lang: str) -> bytes:
    from kurils import handout

    return handout.story_pdf(_dataset(folder, fingerprint), lang)


# Download buttons call these makers on another thread, where the session is out of reach: they
# capture what they need now.
def chapter_pdf(chapter_id: str):
    ds, lang_ = current(), lang()
    return lambda: _chapter_pdf(ds.fingerprint, str(ds.folder), chapter_id, lang_)


def story_pdf():
    ds, lang_ = current(), lang()
    return lambda: _story_pdf(ds.fingerprint, str(ds.folder), lang_)


def handout_button(where: str) -> None:
    """Download the printable map of the current day (made only when clicked)."""
    ds, day, pov, lang_ = current(), st.session_state["day"], st.session_state["pov"], lang()
    _ = gettext()
    st.download_button(_("Printable map of this date (PDF)"), icon=":material/print:", key=f"handout-{where}",
                       data=lambda: _map_pdf(ds.fingerprint, str(ds.folder), day, lang_, pov),
                       file_name=f"kurils-{day}-{lang_}-{pov}.pdf", mime="application/pdf", on_click="ignore")


@functools.cache
def _map_component():
    import streamlit.components.v1 as components

    from kurils.mapview import FRONTEND
    from kurils.mapview.vendor import PACKAGES, target

    missing = [str(target(p)) for p in PACKAGES if not target(p).exists()]
    if missing:
        raise RuntimeError(f"deck.gl is missing ({', '.join(missing)}): run `make` or `python -m kurils.mapview.vendor`")
    return components.declare_component("kurils_map", path=str(FRONTEND))


def map_view(map_spec: dict, key: str):
    """Draw the map component (kurils.mapview); returns its latest report (see mapview.parse_value)."""
    return _map_component()(spec=map_spec, key=key, default=None)
