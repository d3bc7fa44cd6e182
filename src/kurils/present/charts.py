"""Altair charts: the Gantt of control per island, with claimants and events. One layered chart (a
row of event ticks above the islands' bars), so it fits its column's width (autosize fit-x; a
vconcat of layers cannot)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping

import altair as alt
import pandas as pd

from kurils.model import measure
from kurils.model.timeline import History
from kurils.present.i18n import day_text, gettext
from kurils.present.palette import hex_colour, state_name
from kurils.present.words import CERTAINTY, Translate, english

STATE_ORDER = ["japan", "russian_empire", "ussr", "russia", "contested", "none"]


def intervals_frame(
    history: History,
    names: dict[str, str],
    chain: list[str],
    today: dt.date,
    lang: str = "en",
    translate: Translate = english,
) -> pd.DataFrame:
    _ = gettext(lang)
    rows = []
    for island_id in chain:
        for iv in history.intervals.get(island_id, []):
            others = [c for c in iv.claimants if c != iv.controller]
            rows.append(
                {
                    "island": names[island_id],
                    "order": chain.index(island_id),
                    "start": pd.Timestamp(iv.start),
                    "end": pd.Timestamp(iv.end or today),
                    "from_text": day_text(iv.start, lang),
                    "to_text": day_text(iv.end, lang) if iv.end else _("today"),
                    "held_by": state_name(iv.controller, lang),
                    "controller": iv.controller,
                    "claimed_also_by": ", ".join(state_name(c, lang) for c in others),
                    "other_claimant": others[0] if others else "",
                    "event": translate(
                        "events",
                        iv.event_id,
                        "title",
                        lang,
                        history.events.get(iv.event_id, {}).get("title_en", iv.event_id),
                    ),
                    "certainty": _(CERTAINTY.get(iv.certainty, iv.certainty)),
                }
            )
    return pd.DataFrame(rows)


def gantt(
    history: History,
    names: dict[str, str],
    chain: list[str],
    day: dt.date,
    today: dt.date,
    events: pd.DataFrame,
    lang: str = "en",
    translate: Translate = english,
) -> alt.LayerChart:
    """Bars of control per island (north at the top), a strip below each bar in the colour of
    another claimant, a row of event ticks above them, and a rule at the selected day; as wide as
    its container. `events` has `date` (ISO) and `title` (in `lang`) columns."""
    _ = gettext(lang)
    frame = intervals_frame(history, names, chain, today, lang, translate)
    events_row = _("Events")
    rows = [events_row, *(names[i] for i in chain)]
    legend_labels = json.dumps({s: state_name(s, lang) for s in STATE_ORDER}, ensure_ascii=False)
    colour = alt.Color(
        "controller:N",
        title=_("Held by"),
        scale=alt.Scale(domain=STATE_ORDER, range=[hex_colour(s) for s in STATE_ORDER]),
        legend=alt.Legend(orient="bottom", labelExpr=f"{legend_labels}[datum.label]"),
    )
    y = alt.Y(
        "island:N",
        scale=alt.Scale(domain=rows),
        title=None,
        axis=alt.Axis(
            labelOverlap=False,
            labelFontSize=12,
            labelFontWeight=alt.ExprRef(f"datum.value === {json.dumps(events_row)} ? 'bold' : 'normal'"),
        ),
    )
    x = alt.X("start:T", title=None, axis=alt.Axis(orient="top", grid=False))
    tooltip = [
        alt.Tooltip("island:N", title=_("Island")),
        alt.Tooltip("held_by:N", title=_("Held by")),
        alt.Tooltip("claimed_also_by:N", title=_("Also claimed by")),
        alt.Tooltip("from_text:N", title=_("From")),
        alt.Tooltip("to_text:N", title=_("To")),
        alt.Tooltip("event:N", title=_("Event")),
        alt.Tooltip("certainty:N", title=_("Certainty")),
    ]
    bars = alt.Chart(frame).mark_bar(height=11).encode(x=x, x2="end:T", y=y, color=colour, tooltip=tooltip)
    claims = (
        alt.Chart(frame[frame["other_claimant"] != ""])
        .mark_bar(height=4, yOffset=9)
        .encode(
            x="start:T",
            x2="end:T",
            y=y,
            color=alt.Color(
                "other_claimant:N",
                scale=alt.Scale(domain=STATE_ORDER, range=[hex_colour(s) for s in STATE_ORDER]),
                legend=None,
            ),
            tooltip=tooltip,
        )
    )
    ev = pd.DataFrame(
        {
            "start": pd.to_datetime(events["date"]),
            "island": events_row,
            "when": [day_text(dt.date.fromisoformat(d), lang) for d in events["date"]],
            "title": events["title"],
        }
    )
    ticks = (
        alt.Chart(ev)
        .mark_tick(thickness=2, size=14, color="#333")
        .encode(
            x="start:T",
            y=y,
            tooltip=[alt.Tooltip("when:N", title=_("Date")), alt.Tooltip("title:N", title=_("Event"))],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"start": [pd.Timestamp(day)]}))
        .mark_rule(color="black", strokeWidth=2, strokeDash=[4, 3])
        .encode(x="start:T")
    )
    chart: alt.LayerChart = (
        alt.layer(bars, claims, ticks, rule)
        .properties(width="container", height=20 * len(rows) + 20)
        .configure_view(strokeWidth=0)
    )
    return chart


def land_frame(history: History, area_of: Mapping[str, float], today: dt.date, lang: str = "en") -> pd.DataFrame:
    """Area held by each state from each change of status to the next (km², measure.areas), with the
    last step carried to `today`: the stepped area chart's data."""
    days = [*history.change_dates(), today]
    rows = []
    for start in days:
        held = measure.areas(history.status_at(start), area_of).held
        for state in STATE_ORDER:
            rows.append(
                {
                    "day": pd.Timestamp(start),
                    "when": day_text(start, lang),
                    "state": state,
                    "state_name": state_name(state, lang),
                    "km2": round(held.get(state, 0.0), 1),
                }
            )
    return pd.DataFrame(rows)


def land_held(
    history: History, area_of: Mapping[str, float], day: dt.date, today: dt.date, lang: str = "en"
) -> alt.LayerChart:
    """A stepped, stacked area chart of the land each state held, 1855 to today, in the palette's colours,
    with a rule at the selected day."""
    _ = gettext(lang)
    frame = land_frame(history, area_of, today, lang)
    legend_labels = json.dumps({s: state_name(s, lang) for s in STATE_ORDER}, ensure_ascii=False)
    area = (
        alt.Chart(frame)
        .mark_area(interpolate="step-after")
        .encode(
            x=alt.X("day:T", title=None),
            y=alt.Y("km2:Q", stack="zero", title="km²"),
            color=alt.Color(
                "state:N",
                title=_("Held by"),
                scale=alt.Scale(domain=STATE_ORDER, range=[hex_colour(s) for s in STATE_ORDER]),
                legend=alt.Legend(orient="bottom", labelExpr=f"{legend_labels}[datum.label]"),
            ),
            order=alt.Order("state:N"),
            tooltip=[
                alt.Tooltip("when:N", title=_("From")),
                alt.Tooltip("state_name:N", title=_("Held by")),
                alt.Tooltip("km2:Q", title=_("Land held (km²)"), format=",.0f"),
            ],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"day": [pd.Timestamp(day)]}))
        .mark_rule(color="black", strokeWidth=2, strokeDash=[4, 3])
        .encode(x="day:T")
    )
    chart: alt.LayerChart = (
        alt.layer(area, rule).properties(height=220, width="container").configure_view(strokeWidth=0)
    )
    return chart
