"""The map in words: every sentence a person reads about a status, in one place. The plain text
alternative, the tooltip's fields, an island's history, and the map page's Markdown (event card,
island panel), built from the typed Status and escaped (md_escape) where it becomes Markdown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from babel.numbers import format_decimal

from kurils.model.dataset import Dataset
from kurils.model.measure import Areas
from kurils.model.timeline import History, Interval, Status
from kurils.present import citations
from kurils.present.i18n import LOCALES, N_, day_text, gettext, join
from kurils.present.palette import held_by, state_name
from kurils.present.textsafe import md_escape

Translate = Callable[[str, str, str, str, str], str]  # (table, row id, field, lang, English) -> text


def english(table: str, row_id: str, field: str, lang: str, text: str) -> str:
    return text


GROUPS = {  # island_names.csv `group` codes, for people
    "northern": N_("Northern Kurils"),
    "middle": N_("Middle Kurils"),
    "southern": N_("Iturup and Kunashir (in Russia's usage the southern Kurils; in Japan's, Northern Territories)"),
    "lesser": N_(
        "Shikotan and the Habomai islands (in Russia's usage the Lesser Kuril Chain; in Japan's, Northern Territories)"
    ),
}
CERTAINTY = {"exact": N_("exact"), "range": N_("range"), "approximate": N_("approximate"), "uncertain": N_("uncertain")}
POPULATION_WHO = {  # population.csv `who` values, for people
    "Japanese residents": N_("Japanese residents"),
    "Russian residents": N_("Russian residents"),
    "uninhabited": N_("uninhabited"),
    "no permanent population": N_("no permanent population"),
    "border guards only": N_("border guards only"),
}

# Named together in words when they share a status: Japan's "Habomai islands" (歯舞群島).
HABOMAI = {
    "polonsky",
    "oskolki",
    "zeleny",
    "demina",
    "yuri",
    "anuchina",
    "tanfilyeva",
    "storozhevoy",
    "rifovy",
    "signalny",
}


def source_titles(sources: Mapping[str, Mapping[str, Any]], ids: list[str] | tuple[str, ...] | str) -> str:
    """Sources named by their titles, not their ids (`ids` a list or a `;`-separated cell); an id
    the table lacks is left out (the validator refuses such an id in the committed data)."""
    if isinstance(ids, str):
        ids = [i for i in ids.split(";") if i]
    return "; ".join(str(sources[i]["title"]) for i in ids if i in sources)


def interval_words(
    history: History,
    iv: Interval,
    lang: str = "en",
    translate: Translate = english,
    sources: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, str]:
    """One interval's facts in `lang`, for people: days written out (day_text), the certainty in
    words, the sources by their titles (`sources`: the sources table by id; without it, no
    sources). What the tooltip, the panel and the history table show."""
    _ = gettext(lang)
    event = history.events.get(iv.event_id, {})
    return {
        "since": day_text(iv.start, lang),
        "until": day_text(iv.end, lang) if iv.end else "",
        "controller": state_name(iv.controller, lang),
        "administrator": state_name(iv.administrator, lang),
        "claimants": join([state_name(c, lang) for c in iv.claimants], lang),
        "event": translate("events", iv.event_id, "title", lang, event.get("title_en", iv.event_id)),
        "certainty": _(CERTAINTY.get(iv.certainty, iv.certainty)),
        "sources": source_titles(sources or {}, iv.source_ids),
    }


def describe_islands(ids: list[str], names: dict[str, str], chain: list[str], lang: str) -> str:
    """Island names in chain order; a run of four or more neighbours becomes 'the N islands from X to Y'."""
    _ = gettext(lang)
    habomai = set(ids) >= HABOMAI
    ids = sorted((i for i in ids if not (habomai and i in HABOMAI)), key=chain.index)
    runs: list[list[str]] = []
    for i in ids:
        if runs and chain.index(i) == chain.index(runs[-1][-1]) + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    items = []
    for r in runs:
        if len(r) >= 4:
            items.append(
                _("the {n} islands from {first} to {last}").format(n=len(r), first=names[r[0]], last=names[r[-1]])
            )
        else:
            items += [names[x] for x in r]
    if habomai:
        items.append(_("the Habomai islands"))
    return join(items, lang)


def text_alternative(
    statuses: list[Status], day: dt.date, chain: list[str], lang: str = "en", names: dict[str, str] | None = None
) -> str:
    """A plain-language summary of the map: who holds which islands, and who else claims them.
    `chain` lists the island ids from north to south; `names` the island names in `lang`."""
    _ = gettext(lang)
    names = names or {s.island_id: s.name_en for s in statuses}
    groups: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for s in statuses:
        others = tuple(c for c in s.claimants if c != s.controller) if s.controller != "contested" else ()
        groups.setdefault((s.controller, others), []).append(s.island_id)
    parts = []
    for (controller, others), ids in sorted(groups.items(), key=lambda kv: min(chain.index(i) for i in kv[1])):
        text = _("{islands}: {status}").format(
            islands=describe_islands(ids, names, chain, lang), status=held_by(controller, lang)
        )
        if others:
            text += _("; also claimed by {states}").format(states=join([state_name(o, lang) for o in others], lang))
        parts.append(text[:1].upper() + text[1:])
    return _("On {day}: {groups}.").format(day=day_text(day, lang), groups=_(". ").join(parts))


def island_changes(ds: Dataset, island_id: str, lang: str = "en") -> list[dict[str, str]]:
    """Each interval of one island, oldest first, with the event that opened it (the history
    table): reader-facing words only, no codes, ids or research notes."""
    _ = gettext(lang)
    out = []
    for iv in ds.history.intervals[island_id]:
        words = interval_words(ds.history, iv, lang, ds.translate, ds.records["sources"])
        out.append({**words, "until": words["until"] or _("today")})
    return out


def population_table(ds: Dataset, rows: list[dict[str, Any]], lang: str = "en") -> list[dict[str, Any]]:
    """An island's population figures (profiles.population_rows) for people: year, number, who
    (in `lang`) and the sources by title; the research notes left out."""
    _ = gettext(lang)
    return [
        {
            "year": int(r["year"]),
            "population": int(r["population"]),
            "who": _(POPULATION_WHO.get(r["who"], r["who"])),  # a value not listed stays as written
            "sources": source_titles(ds.records["sources"], r["source_ids"]),
        }
        for r in rows
    ]


def event_rows(ds: Dataset, lang: str, names: dict[str, str]) -> list[dict[str, str]]:
    """The events for the Timeline's table, for people: the day written out (a range as two),
    the title and summary in `lang`, the islands by name, the certainty in words, the sources by
    title. `day` (ISO) and `island_ids` are for the page's filter and choice, not for showing."""
    _ = gettext(lang)
    out = []
    for e in ds.records["events"].values():
        when = day_text(dt.date.fromisoformat(e["date"]), lang)
        if e["date_range_end"]:
            when += " – " + day_text(dt.date.fromisoformat(e["date_range_end"]), lang)
        out.append(
            {
                "day": e["date"],
                "island_ids": e["island_ids"],
                "date": when,
                "title": ds.text("events", e, "title", lang),
                "summary": ds.text("events", e, "summary", lang),
                "islands": _("all islands")
                if e["island_ids"] == "all"
                else join([names.get(i, i) for i in e["island_ids"].split(";")], lang),
                "certainty": _(CERTAINTY.get(e["date_certainty"], e["date_certainty"])),
                "sources": source_titles(ds.records["sources"], e["source_ids"]),
            }
        )
    return out


# The map page's Markdown.


PLACE_NOTES = {  # events.csv place_kind: what the map's mark means
    "island": N_("marked on the map at the island: the exact spot is not located here"),
    "off_map": N_("off this map"),
}


def place_line(ds: Dataset, event: Mapping[str, Any], lang: str) -> str | None:
    """`Where: Takeda Beach, Shumshu (marked on the map at the island: …)`, or None when the event did not
    happen at one place (not escaped)."""
    if not event.get("place"):
        return None
    _ = gettext(lang)
    where = _("Where: {place}").format(place=ds.translate("events", event["id"], "place", lang, event["place"]))
    note = PLACE_NOTES.get(str(event.get("place_kind")))
    return where + (f" ({_(note)})" if note else "")


def sources_line(ds: Dataset, ids: list[str], lang: str) -> str:
    return citations.citations(ds.records["sources"], ids, lang)


def event_parts(ds: Dataset, event: dict[str, Any], lang: str, names: dict[str, str]) -> dict[str, str]:
    """An event's card as plain text: title, span (its dates), certainty, summary, where (may be
    empty) and the islands it concerns. The app's card (event_card) and the static build's share it."""
    _ = gettext(lang)
    span = day_text(dt.date.fromisoformat(event["date"]), lang) + (
        f" – {day_text(dt.date.fromisoformat(event['date_range_end']), lang)}" if event["date_range_end"] else ""
    )
    affected = (
        _("all islands")
        if event["island_ids"] == "all"
        else ", ".join(names.get(i, i) for i in event["island_ids"].split(";"))
    )
    return {
        "title": ds.text("events", event, "title", lang),
        "span": span,
        "certainty": _(CERTAINTY.get(event["date_certainty"], event["date_certainty"])),
        "summary": ds.text("events", event, "summary", lang),
        "where": place_line(ds, event, lang) or "",
        "islands": _("Islands: {islands}").format(islands=affected),
    }


def event_card(ds: Dataset, day: dt.date, lang: str, names: dict[str, str]) -> str | None:
    """The latest event on or before `day`: one Markdown block (one element to send, not five)."""
    event = ds.history.latest_event(day)
    if event is None:
        return None
    _ = gettext(lang)
    parts = event_parts(ds, event, lang, names)
    return "\n\n".join(
        [
            "*" + md_escape(_("What happened · latest event on or before {day}").format(day=day_text(day, lang))) + "*",
            f"**{md_escape(parts['title'])}** ({md_escape(parts['span'])}, {md_escape(parts['certainty'])})",
            md_escape(parts["summary"]),
            *[md_escape(line) for line in [parts["where"]] if line],
            md_escape(parts["islands"]),
            md_escape(_("Sources:")) + " " + sources_line(ds, event["source_ids"].split(";"), lang),
        ]
    )


def event_labels(ds: Dataset, lang: str) -> dict[str | None, str]:
    """The jump-to-event list's labels (the page formats 84 options on every run otherwise)."""
    _ = gettext(lang)
    labels: dict[str | None, str] = {None: _("Choose an event…")}
    labels.update(
        {
            e["id"]: f"{day_text(dt.date.fromisoformat(e['date']), lang)} · {ds.text('events', e, 'title', lang)}"
            for e in ds.records["events"].values()
        }
    )
    return labels


def island_header(ds: Dataset, status: Status, day: dt.date, lang: str) -> list[str]:
    """The panel's lines above the history: other names, group and area, the status on `day`."""
    _ = gettext(lang)
    row, area = ds.records["names"][status.island_id], ds.areas[status.island_id]
    others = [
        row[f"name_{k}"] + (f" ({row['name_ja_latn']})" if k == "ja" else "") for k in ("en", "ru", "ja") if k != lang
    ]
    claimants = join([state_name(c, lang) for c in status.claimants], lang) or _("no one")
    return [
        md_escape(" · ".join(others)),
        md_escape(
            _("Group: {group} · area {area} km² (computed from the outline; not official)").format(
                group=_(GROUPS.get(row["group"], row["group"])), area=f"{area:,.2f}"
            )
        ),
        md_escape(
            _("On {day}: {status}, administered by {administrator}; claimed by {claimants}, since {since}.").format(
                day=day_text(day, lang),
                status=held_by(status.controller, lang),
                administrator=state_name(status.administrator, lang),
                claimants=claimants,
                since=day_text(status.since, lang),
            )
        ),
    ]


def position(ds: Dataset, status: Status, lang: str) -> str | None:
    """The point of view's position for the island, attributed, in `lang`."""
    pos = status.position
    if pos is None:
        return None
    return md_escape(f"{pos.attributed_to}: {ds.translate('positions', pos.id, 'statement', lang, pos.statement)}")


def history_entries(ds: Dataset, island_id: str, lang: str) -> list[tuple[str, str]]:
    """(ISO day the interval starts, Markdown) per interval of the island, oldest first."""
    _ = gettext(lang)
    out = []
    for iv in ds.history.intervals[island_id]:
        words = interval_words(ds.history, iv, lang, ds.translate)
        head = _("{since} to {until} · held by {controller}; claimed by {claimants}").format(
            since=words["since"],
            until=words["until"] or _("today"),
            controller=words["controller"],
            claimants=words["claimants"],
        )
        tail = _("{event} · certainty: {certainty}").format(event=words["event"], certainty=words["certainty"])
        out.append((iv.start.isoformat(), md_escape(head) + "  \n*" + md_escape(tail) + "*"))
    return out


def area_sentence(found: Areas, lang: str) -> str:
    """How much land each state holds, and claims without holding, on the day: one sentence (plain text)."""
    _ = gettext(lang)

    def km2(value: float) -> str:
        return format_decimal(round(value), locale=LOCALES.get(lang, "en_GB")) + " km²"

    held = join(
        [_("{state} {area}").format(state=state_name(s, lang), area=km2(a)) for s, a in found.held.items()], lang
    )
    claimed = join(
        [_("{state} {area}").format(state=state_name(s, lang), area=km2(a)) for s, a in found.claimed_not_held.items()],
        lang,
    )
    text = _("Land held: {held}.").format(held=held or _("none"))
    if claimed:
        text += " " + _("Claimed but held by another state: {claimed}.").format(claimed=claimed)
    return (
        text
        + " "
        + _(
            "(Areas computed from the islands' outlines in an equal-area projection, {total} in all; not official.)"
        ).format(total=km2(found.total))
    )
