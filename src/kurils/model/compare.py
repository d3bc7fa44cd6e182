"""What changed between two days: every island whose holder, administrator or claimants differ, and
the events in between (the `kurils diff` contract; the app's comparison uses the same records)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from kurils.model.timeline import History, Interval, Position

FIELDS = ("controller", "administrator", "claimants")


@dataclass(frozen=True)
class Change:
    island_id: str
    name_en: str
    before: Interval
    after: Interval
    position_before: Position | None
    position_after: Position | None

    @property
    def fields(self) -> tuple[str, ...]:
        """Which of controller, administrator, claimants differ."""
        return tuple(f for f in FIELDS if getattr(self.before, f) != getattr(self.after, f))

    def record(self) -> dict[str, Any]:
        b, a = self.before, self.after
        return {
            "island_id": self.island_id,
            "name_en": self.name_en,
            "changed": list(self.fields),
            **{f"{f}_before": list(getattr(b, f)) if f == "claimants" else getattr(b, f) for f in FIELDS},
            **{f"{f}_after": list(getattr(a, f)) if f == "claimants" else getattr(a, f) for f in FIELDS},
            "position_before": self.position_before.statement if self.position_before else None,
            "position_after": self.position_after.statement if self.position_after else None,
        }


@dataclass(frozen=True)
class Diff:
    start: dt.date
    end: dt.date
    pov: str
    changes: list[Change]
    events: list[dict[str, str]]  # start < date <= end, oldest first

    def record(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "pov": self.pov,
            "changes": [c.record() for c in self.changes],
            "events": [{k: e[k] for k in ("id", "date", "title_en", "source_ids")} for e in self.events],
        }


def diff(history: History, start: dt.date, end: dt.date, pov: str = "de_facto") -> Diff:
    """The islands whose status differs between `start` and `end` (in the chain's order of island ids,
    as `status_at`), with that point of view's positions on both days, and the events after `start` up
    to and including `end`. `start` may be after `end`: the changes then read backwards in time."""
    before = {s.island_id: s for s in history.status_at(start, pov)}
    after = {s.island_id: s for s in history.status_at(end, pov)}
    changes = [
        Change(i, b.name_en, b.interval, after[i].interval, b.position, after[i].position)
        for i, b in before.items()
        if any(getattr(b.interval, f) != getattr(after[i].interval, f) for f in FIELDS)
    ]
    low, high = min(start, end), max(start, end)
    events = sorted(
        (e for e in history.events.values() if low < dt.date.fromisoformat(e["date"]) <= high),
        key=lambda e: (e["date"], e["id"]),
    )
    return Diff(start, end, pov, changes, events)


def previous_event_day(history: History, day: dt.date) -> dt.date | None:
    """The latest day before `day` on which an event happened: what a comparison starts from by default."""
    earlier = [d for d in history.event_dates if d < day]
    return earlier[-1] if earlier else None
