"""The status engine: who controlled, administered and claimed each island on a date, and what each
government's stated position says about it (the point of view changes the words, never the facts)."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from typing import Any

from kurils.model.vocab import POVS, parse_day


def split(cell: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in (cell or "").split(";") if v.strip())


def index_at(starts: list[int], day: int) -> int:
    """The interval lookup: the index of the last start on or before `day` (-1 if none). `starts`
    are ascending day numbers; the browser's map does the same (frontend/logic.js, intervalIndex)
    and tests/cases/intervals.json holds the cases both are checked against."""
    return bisect.bisect_right(starts, day) - 1


@dataclass(frozen=True)
class Interval:
    island_id: str
    start: dt.date
    end: dt.date | None  # None: still true
    controller: str
    administrator: str
    claimants: tuple[str, ...]
    event_id: str
    source_ids: tuple[str, ...]
    certainty: str
    note: str

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Position:
    id: str
    pov: str
    island_ids: tuple[str, ...]  # ("all",) for every island
    start: dt.date
    end: dt.date | None
    sovereign: str
    statement: str
    attributed_to: str
    source_ids: tuple[str, ...]

    def applies(self, island_id: str, day: dt.date) -> bool:
        in_time = self.start <= day and (self.end is None or day < self.end)
        return in_time and (self.island_ids == ("all",) or island_id in self.island_ids)


@dataclass(frozen=True)
class Status:
    """One island on one day from one point of view: the `kurils status` record, typed. Formatted
    for people in kurils.present.words, for files in kurils.present.status_export."""

    island_id: str
    name_en: str
    interval: Interval
    pov: str
    position: Position | None

    @property
    def controller(self) -> str:
        return self.interval.controller

    @property
    def administrator(self) -> str:
        return self.interval.administrator

    @property
    def claimants(self) -> tuple[str, ...]:
        return self.interval.claimants

    @property
    def since(self) -> dt.date:
        return self.interval.start

    @property
    def until(self) -> dt.date | None:
        return self.interval.end

    def record(self) -> dict[str, Any]:
        """The contract's JSON object (README, `kurils status`)."""
        iv, pos = self.interval, self.position
        return {
            "island_id": self.island_id,
            "name_en": self.name_en,
            "controller": iv.controller,
            "administrator": iv.administrator,
            "claimants": list(iv.claimants),
            "since": iv.start.isoformat(),
            "until": iv.end.isoformat() if iv.end else None,
            "event_id": iv.event_id,
            "source_ids": list(iv.source_ids),
            "certainty": iv.certainty,
            "note": iv.note,
            "pov": self.pov,
            "sovereign": pos.sovereign if pos else None,
            "position": pos.statement if pos else None,
            "position_id": pos.id if pos else None,
            "position_by": pos.attributed_to if pos else None,
            "position_source_ids": list(pos.source_ids) if pos else [],
        }


def _optional_date(cell: str) -> dt.date | None:
    return dt.date.fromisoformat(cell) if cell else None


class History:
    """Timeline, events and positions of one geodata folder, indexed for fast lookups by date.
    Built from the tables the Dataset has read (kurils.model.dataset), as lists of row dicts."""

    def __init__(
        self,
        timeline: list[dict[str, str]],
        events: list[dict[str, str]],
        positions: list[dict[str, str]],
        names: dict[str, str],
    ):
        self.names = names
        self.events = {e["id"]: e for e in events}
        by_island: dict[str, list[Interval]] = {}
        for r in timeline:
            iv = Interval(
                r["island_id"],
                dt.date.fromisoformat(r["valid_from"]),
                _optional_date(r["valid_to"]),
                r["controller"],
                r["administrator"],
                split(r["claimants"]),
                r["event_id"],
                split(r["source_ids"]),
                r["certainty"],
                r["note"],
            )
            by_island.setdefault(iv.island_id, []).append(iv)
        self.intervals = {k: sorted(v, key=lambda iv: iv.start) for k, v in sorted(by_island.items())}
        self._starts = {k: [iv.start.toordinal() for iv in v] for k, v in self.intervals.items()}
        self.positions = [
            Position(
                p["id"],
                p["pov"],
                split(p["island_ids"]),
                dt.date.fromisoformat(p["valid_from"]),
                _optional_date(p["valid_to"]),
                p["sovereign"],
                p["statement_en"],
                p["attributed_to"],
                split(p["source_ids"]),
            )
            for p in positions
        ]
        self.event_dates = sorted({dt.date.fromisoformat(e["date"]) for e in events})
        self._opening = {iv.event_id for ivs in self.intervals.values() for iv in ivs}
        # Asked on every page run (the map's spec): computed once.
        self._change_dates = sorted({iv.start for ivs in self.intervals.values() for iv in ivs})
        drawn = [p for p in self.positions if p.pov in POVS]  # third parties' positions are listed, not drawn
        bounds = {p.start for p in drawn} | {p.end for p in drawn if p.end}
        first = self._change_dates[0] if self._change_dates else dt.date.min
        self._epochs = sorted(set(self._change_dates) | {d for d in bounds if d >= first})

    def interval_at(self, island_id: str, day: dt.date) -> Interval:
        i = index_at(self._starts[island_id], day.toordinal())
        if i < 0:
            raise ValueError(f"{island_id} has no status before {self.intervals[island_id][0].start}")
        iv = self.intervals[island_id][i]
        if not iv.covers(day):
            raise ValueError(f"{island_id} has no status on {day}")
        return iv

    def position_at(self, pov: str, island_id: str, day: dt.date) -> Position | None:
        return next((p for p in self.positions if p.pov == pov and p.applies(island_id, day)), None)

    def status_at(self, day: str | dt.date, pov: str = "de_facto") -> list[Status]:
        """One Status per island, sorted by island_id (the `kurils status` contract)."""
        day = parse_day(day)
        if pov not in POVS:
            raise ValueError(f"unknown point of view {pov!r}: one of {', '.join(POVS)}")
        return [
            Status(
                island_id,
                self.names.get(island_id, island_id),
                self.interval_at(island_id, day),
                pov,
                self.position_at(pov, island_id, day) if pov != "de_facto" else None,
            )
            for island_id in self.intervals
        ]

    def change_dates(self) -> list[dt.date]:
        """Every day on which some island's status changes, in order."""
        return list(self._change_dates)

    def epochs(self) -> list[dt.date]:
        """Every day on which a status or a stated position of a point of view begins or ends: between
        two epochs, what the map's tooltip says of every island, from every point of view, stays the same."""
        return list(self._epochs)

    def latest_event(self, day: dt.date) -> dict[str, str] | None:
        """The latest event on or before `day` (ties: the one that changed a status, then by id)."""
        past = [e for e in self.events.values() if dt.date.fromisoformat(e["date"]) <= day]
        if not past:
            return None
        return max(past, key=lambda e: (e["date"], e["id"] in self._opening, e["id"]))
