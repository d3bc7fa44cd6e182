"""What the map shows, in words: the event card, the text alternative, an island's history."""

from __future__ import annotations

import datetime as dt

from .i18n import day_text, gettext, join
from .mapdata import Translate, english
from .palette import held_by, state_name
from .timeline import History

# Named together in words when they share a status: Japan's "Habomai islands" (歯舞群島).
HABOMAI = {"polonsky", "oskolki", "zeleny", "demina", "yuri", "anuchina", "tanfilyeva", "storozhevoy", "rifovy", "signalny"}

def event_dates(history: History) -> list[dt.date]:
    return sorted({dt.date.fromisoformat(e["date"]) for e in history.events.values()})


def latest_event(history: History, day: dt.date) -> dict | None:
    """The latest event on or before `day` (ties: the one that changed a status, then by id)."""
    past = [e for e in history.events.values() if dt.date.fromisoformat(e["date"]) <= day]
    if not past:
        return None
    opening = {iv.event_id for ivs in history.intervals.values() for iv in ivs}
    return max(past, key=lambda e: (e["date"], e["id"] in opening, e["id"]))


def _describe(ids: list[str], names: dict[str, str], chain: list[str], lang: str) -> str:
    """Island names in chain order; a run of four or more neighbours becomes 'the N islands from X to Y'."""
    _ = gettext(lang)
    habomai = HABOMAI <= set(ids)
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
            items.append(_("the {n} islands from {first} to {last}").format(n=len(r), first=names[r[0]], last=names[r[-1]]))
        else:
            items += [names[x] for x in r]
    if habomai:
        items.append(_("the Habomai islands"))
    return join(items, lang)


def text_alternative(history: History, day: dt.date, chain: list[str], records: list[dict] | None = None,
                     lang: str = "en", names: dict[str, str] | None = None) -> str:
    """A plain-language summary of the map: who holds which islands, and who else claims them.
    `chain` lists the island ids from north to south; `names` the island names in `lang`."""
    _ = gettext(lang)
    records = records or history.status_at(day)
    names = names or {r["island_id"]: r["name_en"] for r in records}
    groups: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for r in records:
        others = tuple(c for c in r["claimants"] if c != r["controller"]) if r["controller"] != "contested" else ()
        groups.setdefault((r["controller"], others), []).append(r["island_id"])
    parts = []
    for (controller, others), ids in sorted(groups.items(), key=lambda kv: min(chain.index(i) for i in kv[1])):
        text = _("{islands}: {status}").format(islands=_describe(ids, names, chain, lang), status=held_by(controller, lang))
        if others:
            text += _("; also claimed by {states}").format(states=join([state_name(o, lang) for o in others], lang))
        parts.append(text[:1].upper() + text[1:])
    return _("On {day}: {groups}.").format(day=day_text(day, lang), groups=_(". ").join(parts))


def island_changes(history: History, island_id: str, lang: str = "en", translate: Translate = english) -> list[dict]:
    """Each interval of one island, oldest first, with the event that opened it."""
    out = []
    for iv in history.intervals[island_id]:
        event = history.events.get(iv.event_id, {})
        out.append({
            "since": iv.start.isoformat(), "until": iv.end.isoformat() if iv.end else "",
            "controller": state_name(iv.controller, lang), "administrator": state_name(iv.administrator, lang),
            "claimants": join([state_name(c, lang) for c in iv.claimants], lang),
            "event": translate("events", iv.event_id, "title", lang, event.get("title_en", iv.event_id)),
            "certainty": iv.certainty, "sources": ", ".join(iv.source_ids), "note": iv.note,
        })
    return out
