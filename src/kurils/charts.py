"""Altair charts: the Gantt of control per island, with claimants and events."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from .palette import LABEL_EN, hex_colour
from .timeline import History

CHART_WIDTH = 980  # px: vconcat charts cannot stretch to the container
STATE_ORDER = ["japan", "russian_empire", "ussr", "russia", "contested", "none"]


def intervals_frame(history: History, names: dict[str, str], chain: list[str], today: dt.date) -> pd.DataFrame:
    rows = []
    for island_id in chain:
        for iv in history.intervals.get(island_id, []):
            others = [c for c in iv.claimants if c != iv.controller]
            rows.append({
                "island": names[island_id], "order": chain.index(island_id),
                "start": pd.Timestamp(iv.start), "end": pd.Timestamp(iv.end or today),
                "held by": LABEL_EN[iv.controller], "controller": iv.controller,
                "claimed also by": ", ".join(LABEL_EN[c] for c in others), "other_claimant": others[0] if others else "",
                "event": history.events.get(iv.event_id, {}).get("title_en", iv.event_id), "certainty": iv.certainty,
            })
    return pd.DataFrame(rows)


def gantt(history: History, names: dict[str, str], chain: list[str], day: dt.date, today: dt.date, events: pd.DataFrame) -> alt.LayerChart:
    """Bars of control per island (north at the top), a strip below each bar in the colour of
    another claimant, event ticks along the top, and a rule at the selected day."""
    frame = intervals_frame(history, names, chain, today)
    colour = alt.Color("controller:N", title="Held by",
                       scale=alt.Scale(domain=STATE_ORDER, range=[hex_colour(s) for s in STATE_ORDER]),
                       legend=alt.Legend(orient="bottom", labelExpr="{'japan':'Japan','russian_empire':'Russian Empire','ussr':'Soviet Union','russia':'Russia','contested':'contested','none':'no state'}[datum.label]"))
    y = alt.Y("island:N", sort=alt.EncodingSortField("order"), title=None, axis=alt.Axis(labelOverlap=False, labelFontSize=12))
    tooltip = ["island", "held by", "claimed also by", alt.Tooltip("start:T", format="%Y-%m-%d"), alt.Tooltip("end:T", format="%Y-%m-%d"), "event", "certainty"]
    bars = alt.Chart(frame).mark_bar(height=11).encode(x=alt.X("start:T", title=None), x2="end:T", y=y, color=colour, tooltip=tooltip)
    claims = alt.Chart(frame[frame["other_claimant"] != ""]).mark_bar(height=4, yOffset=9).encode(
        x="start:T", x2="end:T", y=y, color=alt.Color("other_claimant:N", scale=alt.Scale(domain=STATE_ORDER, range=[hex_colour(s) for s in STATE_ORDER]), legend=None),
        tooltip=tooltip)
    ev = events.assign(when=pd.to_datetime(events["date"]))
    ticks = alt.Chart(ev).mark_tick(thickness=2, size=14, color="#333").encode(
        x=alt.X("when:T", title=None), tooltip=[alt.Tooltip("date:N"), alt.Tooltip("title_en:N", title="event")])
    rule = alt.Chart(pd.DataFrame({"day": [pd.Timestamp(day)]})).mark_rule(color="black", strokeWidth=2, strokeDash=[4, 3]).encode(x="day:T")
    main = alt.layer(bars, claims, rule).properties(height=max(300, 20 * len(chain)), width=CHART_WIDTH)
    strip = alt.layer(ticks, rule).properties(height=24, title="Events", width=CHART_WIDTH)
    return alt.vconcat(strip, main).resolve_scale(x="shared").configure_view(strokeWidth=0)
