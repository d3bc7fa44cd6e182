"""The status engine: who controlled, administered and claimed each island on a date, and what each
government's stated position says about it (the point of view changes the words, never the facts)."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .io import read_table
from .vocab import POVS, TIMELINE_START


def split(cell: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in (cell or "").split(";") if v.strip())


def parse_date(value: str | dt.date) -> dt.date:
    """An ISO date; a clear ValueError for anything else, or for a day before the atlas starts."""
    if isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValueError(f"not a date YYYY-MM-DD: {value!r}") from None
    if day < TIMELINE_START:
        raise ValueError(f"the atlas starts on {TIMELINE_START} (Treaty of Shimoda): {day}")
    return day


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


def _optional_date(cell: str) -> dt.date | None:
    return dt.date.fromisoformat(cell) if cell else None


class History:
    """Timeline, events and positions of one geodata folder, indexed for fast lookups by date."""

    def __init__(self, timeline: list[dict], events: list[dict], positions: list[dict], names: dict[str, str]):
        self.names = names
        self.events = {e["id"]: e for e in events}
        by_island: dict[str, list[Interval]] = {}
        for r in timeline:
            iv = Interval(
                r["island_id"], dt.date.fromisoformat(r["valid_from"]), _optional_date(r["valid_to"]), r["controller"],
                r["administrator"], split(r["claimants"]), r["event_id"], split(r["source_ids"]), r["certainty"], r["note"],
            )
            by_island.setdefault(iv.island_id, []).append(iv)
        self.intervals = {k: sorted(v, key=lambda iv: iv.start) for k, v in sorted(by_island.items())}
        self._starts = {k: [iv.start.toordinal() for iv in v] for k, v in self.intervals.items()}
        self.positions = [
            Position(p["id"], p["pov"], split(p["island_ids"]), dt.date.fromisoformat(p["valid_from"]), _optional_date(p["valid_to"]),
                     p["sovereign"], p["statement_en"], p["attributed_to"], split(p["source_ids"]))
            for p in positions
        ]

    @classmethod
    def load(cls, folder: Path) -> History:
        import csv

        with (folder / "island_names.csv").open(encoding="utf-8", newline="") as f:
            names = {r["id"]: r["name_en"] for r in csv.DictReader(f)}
        tables = [read_table(folder, n).to_dict("records") for n in ("timeline", "events", "positions")]
        return cls(*tables, names=names)

    def interval_at(self, island_id: str, day: dt.date) -> Interval:
        i = bisect.bisect_right(self._starts[island_id], day.toordinal()) - 1
        if i < 0:
            raise ValueError(f"{island_id} has no status before {self.intervals[island_id][0].start}")
        iv = self.intervals[island_id][i]
        if not iv.covers(day):
            raise ValueError(f"{island_id} has no status on {day}")
        return iv

    def position_at(self, pov: str, island_id: str, day: dt.date) -> Position | None:
        return next((p for p in self.positions if p.pov == pov and p.applies(island_id, day)), None)

    def status_at(self, day: str | dt.date, pov: str = "de_facto") -> list[dict]:
        """One record per island, sorted by island_id (the `kurils status` contract)."""
        day = parse_date(day)
        if pov not in POVS:
            raise ValueError(f"unknown point of view {pov!r}: one of {', '.join(POVS)}")
        out = []
        for island_id in self.intervals:
            iv = self.interval_at(island_id, day)
            pos = self.position_at(pov, island_id, day) if pov != "de_facto" else None
            out.append({
                "island_id": island_id,
                "name_en": self.names.get(island_id, island_id),
                "controller": iv.controller,
                "administrator": iv.administrator,
                "claimants": list(iv.claimants),
                "since": iv.start.isoformat(),
                "until": iv.end.isoformat() if iv.end else None,
                "event_id": iv.event_id,
                "source_ids": list(iv.source_ids),
                "certainty": iv.certainty,
                "note": iv.note,
                "pov": pov,
                "sovereign": pos.sovereign if pos else None,
                "position": pos.statement if pos else None,
                "position_id": pos.id if pos else None,
                "position_by": pos.attributed_to if pos else None,
                "position_source_ids": list(pos.source_ids) if pos else [],
            })
        return out

    def change_dates(self) -> list[dt.date]:
        """Every day on which some island's status changes, in order."""
        return sorted({iv.start for ivs in self.intervals.values() for iv in ivs})
