"""The app's state in its URL: parse and check every query parameter; a bad one falls back to its
default with a notice (never an exception). Notices quote the bad value as inert text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kurils.model.vocab import POVS, TIMELINE_START, parse_day
from kurils.present.i18n import LANGS, gettext

LAYERS = ("boundary", "claim", "offer", "admin", "labels", "tiles")
DEFAULT_LAYERS = frozenset({"boundary", "claim", "labels"})
MAX_PARAM_CHARS = 200  # longer values are refused outright


@dataclass
class State:
    day: dt.date
    pov: str = "de_facto"
    island: str | None = None
    layers: frozenset[str] = DEFAULT_LAYERS
    lang: str = "en"
    present: bool = False
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
        return params


def inert(value: str, limit: int = 40) -> str:
    """A value safe to show inside a Markdown code span: printable, no backticks, truncated."""
    text = "".join(c if c.isprintable() and c != "`" else "?" for c in str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse(params: dict[str, str], island_ids: list[str], today: dt.date | None = None) -> State:
    """The state a URL asks for; each invalid parameter replaced by its default, with a notice in
    the language the URL asks for."""
    today = today or dt.date.today()
    state = State(day=today)
    lang = params.get("lang")
    _ = gettext(lang if lang in LANGS else "en")

    def _notice(name: str, value: str, fallback: str) -> str:
        return _("The link's `{name}` value `{value}` is not valid: {fallback}.").format(
            name=name, value=inert(value), fallback=fallback
        )

    for name, value in params.items():
        if len(value) > MAX_PARAM_CHARS:
            state.notices.append(_notice(name, value, _("too long, ignored")))
            continue
        if name == "date":
            try:
                state.day = parse_day(value, today)
            except ValueError:
                state.notices.append(
                    _notice(
                        "date",
                        value,
                        _("use a day from {start} to {today} (YYYY-MM-DD); showing {today}").format(
                            start=TIMELINE_START, today=today
                        ),
                    )
                )
        elif name == "pov":
            if value in POVS:
                state.pov = value
            else:
                state.notices.append(
                    _notice(
                        "pov",
                        value,
                        _("use one of {values}; showing {default}").format(values=", ".join(POVS), default="de_facto"),
                    )
                )
        elif name == "island":
            if value in island_ids:
                state.island = value
            else:
                state.notices.append(_notice("island", value, _("no island has this id; none selected")))
        elif name == "layers":
            items = [v.strip() for v in value.split(",") if v.strip()]
            unknown = [v for v in items if v not in LAYERS and v != "none"]
            state.layers = frozenset(v for v in items if v in LAYERS)
            if unknown:
                state.notices.append(
                    _notice(
                        "layers",
                        ",".join(unknown),
                        _("use {values}; those were left out").format(values=", ".join(LAYERS)),
                    )
                )
        elif name == "lang":
            if value in LANGS:
                state.lang = value
            else:
                state.notices.append(
                    _notice(
                        "lang",
                        value,
                        _("use one of {values}; showing {default}").format(values=", ".join(LANGS), default="en"),
                    )
                )
        elif name == "present":
            if value in ("0", "1"):
                state.present = value == "1"
            else:
                state.notices.append(_notice("present", value, _("use 1 or 0; showing {default}").format(default="0")))
    return state
