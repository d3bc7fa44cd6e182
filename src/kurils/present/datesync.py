"""The atlas's date has one owner: a DateSync per session. Every page moves the date through it,
and the browser's map reports where it is through it.

Two movers share the date. The server moves it (an event chosen from a list, a "Go to this date"
button, a story chapter opened on the map): `server_move` counts those moves, and the map's spec
carries the count (`moves`), so the browser takes the server's day exactly when the count changes
and otherwise keeps its own. The browser moves it (slider, event steps, Play) and reports
{token, seq, nonce, day, pick} some time later: `take` keeps each report once, and takes its day
only if the map had already applied the server's latest move, so a report sent before a server
move cannot undo it.

A comparison adds a second date (`compare`, None when there is none) with the same owner and the
same rules: the server starts, moves or ends it (`server_compare`), the browser reports where its
slider is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kurils.model.vocab import clamp_day
from kurils.present.mapview import Report, parse_value


@dataclass
class DateSync:
    day: dt.date
    moves: int = 0  # the server's own date moves so far
    last: Report | None = None  # the last report taken
    compare: dt.date | None = None  # the second date of a comparison

    def server_move(self, day: dt.date, today: dt.date) -> None:
        """The server moves the date (clamped to the atlas's span); the browser's map will follow."""
        self.day = clamp_day(day, today)
        self.moves += 1

    def server_compare(self, day: dt.date | None, today: dt.date) -> None:
        """The server starts or moves the comparison (None ends it); the browser's map follows."""
        self.compare = clamp_day(day, today) if day else None
        self.moves += 1

    def take(self, value: object, today: dt.date) -> str | None:
        """A report from the browser's map (anything malformed, replayed or stale changes nothing).
        Returns the island it says was clicked, if any."""
        report = parse_value(value, today)
        if report is None or not self._is_new(report):
            return None
        self.last = report
        if report.nonce == self.moves:
            self.day = report.day
            if self.compare and report.compare:
                self.compare = report.compare
        return report.pick

    def _is_new(self, report: Report) -> bool:
        """Not yet taken: from a map loaded since (its count starts again), or later in the same map."""
        last = self.last
        return last is None or report.token != last.token or report.seq > last.seq
