"""The app's state in its URL: parse and check every query parameter; a bad one falls back to a
sensible value with a notice (never an exception). A notice is one short sentence in the link's
language, naming no internal code; it quotes the bad value as inert text in a code span."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kurils.model.vocab import POVS, TIMELINE_START, clamp_day
from kurils.present.i18n import LANGS, N_, day_text, gettext

COMPARE_VIEWS = ("side", "swipe")
LAYERS = ("boundary", "claim", "offer", "admin", "labels", "events", "forces", "sea", "tiles")
DEFAULT_LAYERS = frozenset({"boundary", "claim", "labels", "events", "forces"})
MAX_PARAM_CHARS = 200  # longer values are refused outright


@dataclass
class State:
    day: dt.date
    pov: str = "de_facto"
    island: str | None = None
    layers: frozenset[str] = DEFAULT_LAYERS
    lang: str = "en"
    present: bool = False
    embedded: bool = False  # the map alone, for a frame in another site (kurils.present.embed)
    compare: dt.date | None = None  # a second date shown beside the first
    compare_view: str = "side"  # how: two maps side by side, or a swipe across one ("swipe")
    notices: list[str] = field(default_factory=list)

    def to_params(self) -> dict[str, str]:
        """The query parameters of this state; defaults are left out to keep links short."""
        params = {"date": self.day.isoformat()}
        if self.pov != "de_facto":
            params["pov"] = self.pov
        if self.island:
            params["island"] = self.island
        if self.layers != DEFAULT_LAYERS:
            params["layers"] = ",".join(sorted(self.layers)) or "none"
        if self.lang != "en":
            params["lang"] = self.lang
        if self.present:
            params["present"] = "1"
        if self.embedded:
            params["embedded"] = "1"
        if self.compare:
            params["compare"] = self.compare.isoformat()
            if self.compare_view != "side":
                params["compare_view"] = self.compare_view
        return params


def inert(value: str, limit: int = 40) -> str:
    """A value safe to show inside a Markdown code span: printable, no backticks, truncated."""
    text = "".join(c if c.isprintable() and c != "`" else "?" for c in str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_layers(value: str) -> tuple[frozenset[str], list[str], bool]:
    """The layers a `layers` value asks for, its unknown items, and whether it fell back to the
    default layers: `none` means no layer; unknown items are left out; when nothing in it is known
    (nor `none`), the default layers."""
    items = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [v for v in items if v not in LAYERS and v != "none"]
    known = frozenset(v for v in items if v in LAYERS)
    if not known and "none" not in items:
        return DEFAULT_LAYERS, unknown, True
    return known, unknown, False


# What a link's date (and compared date) can get wrong, and what the app does instead.
DAY_NOTICES = {
    "date": {
        "not_a_date": N_("The link's date `{value}` is not a date; showing today, {today}."),
        "before": N_("The link's date `{value}` is before the atlas begins; showing its first day, {start}."),
        "future": N_("The link's date `{value}` is in the future; showing today, {today}."),
    },
    "compare": {
        "not_a_date": N_("The link's comparison date `{value}` is not a date; showing one date."),
        "before": N_("The link's comparison date `{value}` is before the atlas begins; comparing with its first day."),
        "future": N_("The link's comparison date `{value}` is in the future; comparing with today."),
    },
}


def link_day(value: str, today: dt.date) -> tuple[dt.date | None, str]:
    """The day a link asks for, within the atlas's span, and what was wrong with it: "" (nothing),
    "not_a_date" (no day), "before" or "future" (the nearest day the atlas covers)."""
    try:
        asked = dt.date.fromisoformat(value.strip())
    except ValueError:
        return None, "not_a_date"
    return clamp_day(asked, today), "before" if asked < TIMELINE_START else "future" if asked > today else ""


def parse(params: dict[str, str], island_ids: list[str], today: dt.date | None = None) -> State:
    """The state a URL asks for; each invalid parameter replaced by a sensible value, with one
    notice in the language the URL asks for."""
    today = today or dt.date.today()
    state = State(day=today)
    lang = params.get("lang")
    lang = lang if lang in LANGS else "en"
    _ = gettext(lang)

    def notice(text: str, value: str, **more: str) -> None:
        state.notices.append(text.format(value=inert(value), **more))

    for name, value in params.items():
        if name not in ("date", "pov", "island", "layers", "lang", "present", "embedded", "compare", "compare_view"):
            continue  # another page's parameter (the story's chapter) or none of ours
        if len(value) > MAX_PARAM_CHARS:
            notice(_("A value in the link is too long to read (`{value}`), so it was ignored."), value)
            continue
        if name in ("date", "compare"):
            day, problem = link_day(value, today)
            if name == "date" and day:
                state.day = day
            elif day:
                state.compare = day
            if problem:
                notice(
                    _(DAY_NOTICES[name][problem]),
                    value,
                    today=day_text(today, lang),
                    start=day_text(TIMELINE_START, lang),
                )
        elif name == "pov":
            if value in POVS:
                state.pov = value
            else:
                notice(_("The link's point of view `{value}` is unknown; showing who holds what."), value)
        elif name == "island":
            if value in island_ids:
                state.island = value
            else:
                notice(_("The link's island `{value}` is not in the atlas; no island is selected."), value)
        elif name == "layers":
            state.layers, unknown, fell_back = parse_layers(value)
            if unknown:
                notice(
                    _("The link's map layers `{value}` are unknown; showing the usual layers.")
                    if fell_back
                    else _("The link's map layers `{value}` are unknown and were left out."),
                    ",".join(unknown),
                )
        elif name == "lang":
            if value in LANGS:
                state.lang = value
            else:
                notice(_("The link's language `{value}` is not available; showing English."), value)
        elif name == "compare_view":
            if value in COMPARE_VIEWS:
                state.compare_view = value
            else:
                notice(_("The link's comparison layout `{value}` is unknown; showing the maps side by side."), value)
        elif name == "present":
            if value in ("0", "1"):
                state.present = value == "1"
            else:
                notice(_("The link's projector mode `{value}` is unknown; projector mode is off."), value)
        elif name == "embedded":
            if value in ("0", "1"):
                state.embedded = value == "1"
            else:
                notice(_("The link's `embedded` value `{value}` is unknown; showing the whole atlas."), value)
    return state
