"""The map page's words as Markdown, built from the data and escaped (md_escape): the event card,
the island panel's lines, source lists. Pure functions, so the page stays thin and every string a
visitor reads from data passes through one escaping place."""

from __future__ import annotations

import datetime as dt

from .dataset import Dataset
from .i18n import day_text, gettext, join
from .palette import held_by, state_name
from .summary import island_changes, latest_event
from .textsafe import md_escape, md_link
from .vocab import GROUPS


def sources_line(ds: Dataset, ids: list[str]) -> str:
    sources = ds.records["sources"]
    return "; ".join(md_link(sources[i]["title"], sources[i]["url"]) if i in sources else md_escape(i) for i in ids)


def event_card(ds: Dataset, day: dt.date, lang: str, names: dict[str, str]) -> str | None:
    """The latest event on or before `day`: one Markdown block (one element to send, not five)."""
    event = latest_event(ds.history, day)
    if event is None:
        return None
    _ = gettext(lang)
    span = event["date"] + (f" – {event['date_range_end']}" if event["date_range_end"] else "")
    affected = _("all islands") if event["island_ids"] == "all" else ", ".join(names.get(i, i) for i in event["island_ids"].split(";"))
    return "\n\n".join([
        "*" + md_escape(_("What happened · latest event on or before {day}").format(day=day_text(day, lang))) + "*",
        f"**{md_escape(ds.text('events', event, 'title', lang))}** ({md_escape(span)}, {md_escape(_(event['date_certainty']))})",
        md_escape(ds.text("events", event, "summary", lang)),
        md_escape(_("Islands: {islands}").format(islands=affected)),
        md_escape(_("Sources:")) + " " + sources_line(ds, event["source_ids"].split(";")),
    ])


def event_labels(ds: Dataset, lang: str) -> dict[str | None, str]:
    """The jump-to-event list's labels (the page formats 84 options on every run otherwise)."""
    _ = gettext(lang)
    labels: dict[str | None, str] = {None: _("Choose an event…")}
    labels.update({e["id"]: f"{e['date']} · {ds.text('events', e, 'title', lang)}" for e in ds.records["events"].values()})
    return labels


def island_header(ds: Dataset, island_id: str, day: dt.date, record: dict, lang: str) -> list[str]:
    """The panel's lines above the history: other names, group and area, the status on `day`."""
    _ = gettext(lang)
    row, area = ds.records["names"][island_id], ds.areas[island_id]
    others = [row[f"name_{k}"] + (f" ({row['name_ja_latn']})" if k == "ja" else "") for k in ("en", "ru", "ja") if k != lang]
    claimants = join([state_name(c, lang) for c in record["claimants"]], lang) or _("no one")
    return [
        md_escape(" · ".join(others)),
        md_escape(_("Group: {group} · area {area} km² (computed from the outline; not official)").format(
            group=_(GROUPS.get(row["group"], row["group"])), area=f"{area:,.2f}")),
        md_escape(_("On {day}: {status}, administered by {administrator}; claimed by {claimants}, since {since}.").format(
            day=day_text(day, lang), status=held_by(record["controller"], lang), administrator=state_name(record["administrator"], lang),
            claimants=claimants, since=record["since"])),
    ]


def position(ds: Dataset, record: dict, lang: str) -> str | None:
    """The point of view's position for the island, attributed, in `lang`."""
    if not record.get("position_id"):
        return None
    row = ds.positions.set_index("id").loc[record["position_id"]].to_dict() | {"id": record["position_id"]}
    return md_escape(f"{record['position_by']}: {ds.text('positions', row, 'statement', lang)}")


def history_entries(ds: Dataset, island_id: str, lang: str) -> list[tuple[str, str]]:
    """(since, Markdown) per interval of the island, oldest first."""
    _ = gettext(lang)
    out = []
    for change in island_changes(ds.history, island_id, lang, ds.translate):
        head = _("{since} to {until} · held by {controller}; claimed by {claimants}").format(
            since=change["since"], until=change["until"] or _("today"), controller=change["controller"], claimants=change["claimants"])
        tail = _("{event} · certainty: {certainty}").format(event=change["event"], certainty=_(change["certainty"]))
        out.append((change["since"], md_escape(head) + "  \n*" + md_escape(tail) + "*"))
    return out
