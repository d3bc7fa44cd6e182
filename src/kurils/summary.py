"""What the map shows, in words: the event card, the text alternative, an island's history."""

from __future__ import annotations

import bisect
import datetime as dt

from .palette import LABEL_EN
from .timeline import History
from .vocab import TIMELINE_START

# Named together in words when they share a status: Japan's "Habomai islands" (歯舞群島).
HABOMAI = {"polonsky", "oskolki", "zeleny", "demina", "yuri", "anuchina", "tanfilyeva", "storozhevoy", "rifovy", "signalny"}

def event_dates(history: History) -> list[dt.date]:
    return sorted({dt.date.fromisoformat(e["date"]) for e in history.events.values()})


def previous_event_date(history: History, day: dt.date) -> dt.date | None:
    dates = event_dates(history)
    i = bisect.bisect_left(dates, day)
    return dates[i - 1] if i > 0 else None


def next_event_date(history: History, day: dt.date) -> dt.date | None:
    dates = event_dates(history)
    i = bisect.bisect_right(dates, day)
    return dates[i] if i < len(dates) else None


def play_step(history: History, day: dt.date, speed: str, today: dt.date) -> dt.date:
    """The next day Play shows: a year or the next event later, back to the start after today."""
    if speed == "year":
        nxt = day.replace(year=day.year + 1) if not (day.month == 2 and day.day == 29) else day + dt.timedelta(days=365)
    else:
        nxt = next_event_date(history, day)
    return nxt if nxt is not None and nxt <= today else TIMELINE_START


def latest_event(history: History, day: dt.date) -> dict | None:
    """The latest event on or before `day` (ties: the one that changed a status, then by id)."""
    past = [e for e in history.events.values() if dt.date.fromisoformat(e["date"]) <= day]
    if not past:
        return None
    opening = {iv.event_id for ivs in history.intervals.values() for iv in ivs}
    return max(past, key=lambda e: (e["date"], e["id"] in opening, e["id"]))


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _describe(ids: list[str], names: dict[str, str], chain: list[str]) -> tuple[str, bool]:
    """Island names in chain order; a run of four or more neighbours becomes 'the N islands from X to Y'.
    Returns the phrase and whether it is plural."""
    plural = len(ids) > 1
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
        items += [f"the {len(r)} islands from {names[r[0]]} to {names[r[-1]]}"] if len(r) >= 4 else [names[x] for x in r]
    if habomai:
        items.append("the Habomai islands")
    return _join(items), plural


def _state(code: str) -> str:
    return "the " + LABEL_EN[code] if code in ("ussr", "russian_empire") else LABEL_EN[code]


def text_alternative(history: History, day: dt.date, chain: list[str], records: list[dict] | None = None) -> str:
    """A plain-language summary of the map: who holds which islands, and who else claims them.
    `chain` lists the island ids from north to south."""
    records = records or history.status_at(day)
    names = {r["island_id"]: r["name_en"] for r in records}
    groups: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for r in records:
        others = tuple(c for c in r["claimants"] if c != r["controller"]) if r["controller"] != "contested" else ()
        groups.setdefault((r["controller"], others), []).append(r["island_id"])
    parts = []
    for (controller, others), ids in sorted(groups.items(), key=lambda kv: min(chain.index(i) for i in kv[1])):
        phrase, plural = _describe(ids, names, chain)
        verb = "are" if plural else "is"
        text = f"{phrase} {verb} contested (fighting)" if controller == "contested" else f"{phrase} {verb} held by {_state(controller)}"
        if others:
            text += f", claimed also by {_join([_state(o) for o in others])}"
        parts.append(text)
    sentence = "; ".join(parts)
    return f"On {day.day} {day:%B %Y}: {sentence[0].upper()}{sentence[1:]}."


def island_changes(history: History, island_id: str) -> list[dict]:
    """Each interval of one island, oldest first, with the event that opened it."""
    out = []
    for iv in history.intervals[island_id]:
        event = history.events.get(iv.event_id, {})
        out.append({
            "since": iv.start.isoformat(), "until": iv.end.isoformat() if iv.end else "",
            "controller": LABEL_EN[iv.controller], "administrator": LABEL_EN[iv.administrator],
            "claimants": ", ".join(LABEL_EN[c] for c in iv.claimants), "event": event.get("title_en", iv.event_id),
            "certainty": iv.certainty, "sources": ", ".join(iv.source_ids), "note": iv.note,
        })
    return out
