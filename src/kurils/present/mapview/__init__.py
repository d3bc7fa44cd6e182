"""The status map as a Streamlit component: deck.gl, served from this folder (no CDN), draws the
layer files the app writes once (kurils.present.mapdata) and owns the date slider and Play, so a date change
is drawn in the browser with no server round trip. The server hears the date afterwards (the
component's value) and updates what depends on it: the event card, the map in words, the URL.

Pure: `spec` builds the component's one argument, `parse_value` reads its reports;
pages/common.py declares the component (FRONTEND) and draws it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, NamedTuple, TypeGuard

from kurils.model.timeline import History
from kurils.model.vocab import TIMELINE_START, parse_day
from kurils.present import maptext
from kurils.present.deck import (
    CLAIM_STYLES,
    LAND_RGBA,
    MAX_ZOOM,
    MIN_ZOOM,
    NAME_LINES,
    OUTLINE_RGBA,
    SEA_CSS,
    SELECTED_RGBA,
)
from kurils.present.i18n import N_, gettext
from kurils.present.mapdata import HALO_ZOOMS, HATCH_ZOOMS
from kurils.present.palette import HOMELAND_RGB

FRONTEND = Path(__file__).parent / "frontend"
TILES = "https://basemaps.cartocdn.com/light_all/{z}/{x}/{y}.png"
HOMELAND_RGBA = [*HOMELAND_RGB, 255]  # chapter 1's islands before any border: no state's colour
STEPS = {"event": N_("By event"), "year": N_("By year")}
PACES = {"slow": N_("Slow"), "normal": N_("Normal"), "fast": N_("Fast")}
LAYOUTS = {"side": N_("Side by side"), "swipe": N_("Swipe")}  # how two dates are shown


def tooltip_text(pov: str, lang: str = "en", clickable: bool = True) -> str:
    """The hover text, kept short (the island's panel, a click away, has its history and sources):
    names in three scripts, holder, claimants, and the chosen government's position."""
    _ = gettext(lang)
    lines = [NAME_LINES[lang], _("Held by: {controller}"), _("Claimed by: {claimants}")]
    if pov in maptext.POSITION_TITLES:
        lines.append("{stance_" + pov + "}")
    if clickable:
        lines.append(_("Click the island for its history and sources."))
    return "\n".join(lines)


def spec(
    history: History,
    layer_urls: dict[str, str],
    *,
    day: dt.date,
    nonce: int,
    today: dt.date,
    lang: str,
    pov: str,
    shown: set[str],
    bounds: tuple[float, float, float, float],
    selected: str | None = None,
    present: bool = False,
    height: int = 600,
    step: str = "event",
    tiles: bool = False,
    controls: bool = True,
    mode: str = "status",
    stamp: str | None = None,
    below: int = 16,
    compare: dt.date | None = None,
    layout: str = "side",
) -> dict[str, Any]:
    """Everything the browser needs to draw any day without asking again. `nonce` counts the
    server's own date moves (the event list, a panel's button; the story's chapter): when it
    changes, the browser takes `day`; otherwise it keeps its own date.
    `layer_urls`: file name -> URL of the static layer files, all in one folder (the labels, event
    titles and legend of each language among them: kurils.present.maptext). `bounds` (west, south,
    east, north): what the view is fitted to, in the map's actual size. The map's height fills the screen under
    its top, leaving `below` pixels (`height` where the page cannot be measured). `mode`
    "before_borders": no state's colour, line or claim (story chapter 1). `stamp`: shown on the map
    instead of the date (such a chapter's period). `compare`: a second day, drawn beside the first
    (`layout` "side", stacked on a phone) or under a swipe across one map ("swipe"); the browser moves
    it with its own slider and reports it back."""
    _ = gettext(lang)
    return {
        "base": layer_urls["islands.json"].rsplit("/", 1)[0] + "/",
        "day": day.isoformat(),
        "nonce": nonce,
        "compare": compare.isoformat() if compare else None,
        "layout": layout if layout in LAYOUTS else "side",
        "start": TIMELINE_START.isoformat(),
        "max": today.isoformat(),
        "events": [d.isoformat() for d in history.event_dates],
        "epochs": [d.isoformat() for d in history.epochs()],
        "lang": lang,
        "pov": pov,
        "mode": mode,
        "stamp": stamp,
        "tooltip": tooltip_text(pov, lang, clickable=controls),
        "shown": sorted(shown),
        "selected": selected,
        "present": present,
        "height": height,
        "fit": {"below": below, "min": 300 if present else 260, "max": 1100},
        "bounds": list(bounds),
        "zoom_limits": [MIN_ZOOM, MAX_ZOOM],
        "step": step if step in STEPS else "event",
        "controls": controls,
        "tiles": TILES if tiles else None,
        "halo_zooms": list(HALO_ZOOMS),
        "hatch_zooms": list(HATCH_ZOOMS),
        "colours": {
            "land": LAND_RGBA,
            "outline": OUTLINE_RGBA,
            "selected": SELECTED_RGBA,
            "sea": SEA_CSS,
            "homeland": HOMELAND_RGBA,
        },
        "claim_styles": CLAIM_STYLES,
        "text": {
            "date": _("Date"),
            "keys": _("Arrow keys: a day. Page Up, Page Down: a year."),
            "play": _("Play"),
            "pause": _("Pause"),
            "previous": _("Previous event"),
            "next": _("Next event"),
            "step": _("Play's step"),
            "steps": {k: _(v) for k, v in STEPS.items()},
            "pace": _("Play's speed"),
            "paces": {k: _(v) for k, v in PACES.items()},
            "zoom_wheel": _("To zoom the map, hold Ctrl (or ⌘) while scrolling."),
            "zoom_touch": _("Use two fingers to move or zoom the map."),
            "tiles": "© OpenStreetMap contributors © CARTO",
            "tiles_failed": _(
                "Online tiles did not load: there is no internet, or this server does not allow them "
                "(whoever runs it can, with KURILS_ONLINE_TILES=1)."
            ),
            "no_webgl": _(
                "The map could not be drawn: this browser has no WebGL. The map in words below says the same."
            ),
            "load_failed": _("Some of the map's data could not be loaded. Reload the page to try again."),
            "close": _("Close"),
            "sources": _("Sources:"),
            "compare_label": _("Compared with"),
            "compare_date": _("Date compared"),
            "swipe": _("Drag, or use the arrow keys, to uncover one date or the other"),
            "ruler": _("Measure a distance"),
            "measure_first": _("Click a point on the map. Esc clears."),
            "measure_second": _("Click a second point. Esc clears."),
            "measure_result": _("{km} km · {nmi} nautical miles"),
            "measure_again": _("Geodesic distance (WGS84). Click to start again; Esc clears."),
        },
    }


class Report(NamedTuple):
    """One message of the map: which map (a token per page load), its count, the server's date move
    it had applied (`nonce`), its day, a clicked island, and the compared day when comparing."""

    token: str
    seq: int
    nonce: int
    day: dt.date
    pick: str | None
    compare: dt.date | None = None


def _count(n: object) -> TypeGuard[int]:
    return isinstance(n, int) and not isinstance(n, bool)


def parse_value(value: object, today: dt.date) -> Report | None:
    """The component's value as a Report. It comes from the browser, so anything malformed gives
    None and changes nothing."""
    if not isinstance(value, dict):
        return None
    token, seq, nonce, day, pick = (value.get(k) for k in ("token", "seq", "nonce", "day", "pick"))
    if not isinstance(token, str) or not 0 < len(token) <= 64 or not isinstance(day, str):
        return None
    if not (_count(seq) and _count(nonce)):
        return None
    compare = value.get("compare")
    if compare is not None and not isinstance(compare, str):
        return None
    try:
        day = parse_day(day, today)
        compare = parse_day(compare, today) if compare is not None else None
    except ValueError:
        return None
    return Report(token, seq, nonce, day, pick if isinstance(pick, str) else None, compare)
