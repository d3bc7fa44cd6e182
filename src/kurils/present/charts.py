"""Altair charts: the Gantt of control per island, with claimants and events."""

from __future__ import annotations

import datetime as dt
import json

import altair as alt
import pandas as pd

from kurils.model.timeline import History
from kurils.present.i18n import gettext
from kurils.present.palette import hex_colour, state_name
from kurils.present.words import Translate, english

CHART_WIDTH = 980  # px: vconcat charts cannot stretch to the container
STATE_ORDER = ["japan", "russian_empire", "ussr", "russia", "contested", "none"]


def intervals_frame(
    history: History,
    names: dict[str, str],
    chain: list[str],
    today: dt.date,
    lang: str = "en",
    translate: Translate = english,
) -> pd.DataFrame:
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
                    "certainty": iv.certainty,
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
) -> alt.VConcatChart:
    """Bars of control per island (north at the top), a strip below each bar in the colour of
    another claimant, event ticks along the top, and a rule at the selected day. `events` has a
    `title` column in `lang`."""
    _ = gettext(lang)
    frame = intervals_frame(history, names, chain, today, lang, translate)
    legend_labels = json.dumps({s: state_name(s, lang) for s in STATE_ORDER}, ensure_ascii=False)
    colour = alt.Color(
        "controller:N",
        title=_("Held by"),
        scale=alt.Scale(domain=STATE_ORDER, range=[hex_colour(s) for s in STATE_ORDER]),
        legend=alt.Legend(orient="bottom", labelExpr=f"{legend_labels}[datum.label]"),
    )
    y = alt.Y(
        "island:N", sort=alt.EncodingSortField("order"), title=None, axis=alt.Axis(labelOverlap=False, labelFontSize=12)
    )
    tooltip = [
        alt.Tooltip("island:N", title=_("Island")),
        alt.Tooltip("held_by:N", title=_("Held by")),
        alt.Tooltip("claimed_also_by:N", title=_("Also claimed by")),
        alt.Tooltip("start:T", format="%Y-%m-%d", title=_("From")),
        alt.Tooltip("end:T", format="%Y-%m-%d", title=_("To")),
        alt.Tooltip("event:N", title=_("Event")),
        alt.Tooltip("certainty:N", title=_("Certainty")),
    ]
    bars = (
        alt.Chart(frame)
        .mark_bar(height=11)
        .encode(x=alt.X("start:T", title=None), x2="end:T", y=y, color=colour, tooltip=tooltip)
    )
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
    ev = events.assign(when=pd.to_datetime(events["date"]))
    ticks = (
        alt.Chart(ev)
        .mark_tick(thickness=2, size=14, color="#333")
        .encode(
            x=alt.X("when:T", title=None),
            tooltip=[alt.Tooltip("date:N", title=_("Date")), alt.Tooltip("title:N", title=_("Event"))],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"day": [pd.Timestamp(day)]}))
        .mark_rule(color="black", strokeWidth=2, strokeDash=[4, 3])
        .encode(x="day:T")
    )
    main = alt.layer(bars, claims, rule).properties(height=max(300, 20 * len(chain)), width=CHART_WIDTH)
    strip = alt.layer(ticks, rule).properties(height=24, title=_("Events"), width=CHART_WIDTH)
    chart: alt.VConcatChart = alt.vconcat(strip, main).resolve_scale(x="shared").configure_view(strokeWidth=0)
    return chart
