"""The date's one owner: server moves, browser reports, and which of them wins."""

from __future__ import annotations

import datetime as dt

from kurils.model.vocab import TIMELINE_START
from kurils.present.datesync import DateSync

TODAY = dt.date(2026, 11, 26)


def report(token: str, seq: int, day: str, nonce: int = 0, pick: str | None = None, compare: str | None = None) -> dict:
    return {"token": token, "seq": seq, "nonce": nonce, "day": day, "pick": pick, "compare": compare}


def test_reports_are_taken_once_per_map_load():
    """Each report counts once; an older one is ignored; a map loaded again starts its count again."""
    sync = DateSync(dt.date(1945, 8, 28))
    assert sync.take(report("a", 2, "1950-01-01", pick="iturup"), TODAY) == "iturup" and sync.day == dt.date(1950, 1, 1)
    assert sync.take(report("a", 2, "1950-01-01", pick="iturup"), TODAY) is None  # replayed
    assert sync.take(report("a", 1, "1960-01-01"), TODAY) is None and sync.day == dt.date(1950, 1, 1)  # older
    assert sync.take(report("a", 3, "1960-01-01"), TODAY) is None and sync.day == dt.date(1960, 1, 1)
    assert sync.take(report("b", 1, "1970-01-01"), TODAY) is None and sync.day == dt.date(
        1970, 1, 1
    )  # the page was loaded again
    assert (sync.moves, sync.last) == (0, sync.last._replace(token="b", seq=1, day=dt.date(1970, 1, 1)))


def test_a_report_sent_before_a_server_move_cannot_undo_it():
    """The server moved the date; a report the map sent before applying that move keeps its click
    but not its day; the next report, sent after, moves the date again."""
    sync = DateSync(dt.date(1945, 8, 28))
    sync.server_move(dt.date(1945, 8, 18), TODAY)
    assert (sync.day, sync.moves) == (dt.date(1945, 8, 18), 1)
    assert sync.take(report("a", 1, "2001-05-05", nonce=0, pick="iturup"), TODAY) == "iturup"
    assert sync.day == dt.date(1945, 8, 18)
    sync.take(report("a", 2, "1945-08-19", nonce=1), TODAY)
    assert sync.day == dt.date(1945, 8, 19)


def test_server_moves_stay_within_the_atlas():
    """A move before 1855-02-07 or after today lands on the nearest day the atlas covers."""
    sync = DateSync(dt.date(1945, 8, 28))
    sync.server_move(dt.date(1700, 1, 1), TODAY)
    assert sync.day == TIMELINE_START
    sync.server_move(dt.date(2100, 1, 1), TODAY)
    assert (sync.day, sync.moves) == (TODAY, 2)


def test_malformed_reports_change_nothing():
    """A forged or broken report (wrong types, a day outside the atlas) leaves the state as it was."""
    sync = DateSync(dt.date(1945, 8, 28))
    for bad in (
        None,
        "x",
        report("a", 1, "1700-01-01"),
        report("a", 1, "2027-01-01"),
        {**report("a", 1, "1950-01-01"), "seq": "1"},
    ):
        assert sync.take(bad, TODAY) is None
    assert sync == DateSync(dt.date(1945, 8, 28))


def test_the_compared_date_has_the_same_owner_and_rules():
    """The server starts a comparison (a move the browser follows); the browser's reports move both dates;
    one sent before the server ended the comparison cannot start it again; ending it is a move too."""
    sync = DateSync(dt.date(1945, 9, 6))
    assert sync.take(report("a", 1, "1945-09-06", compare="1945-08-01"), TODAY) is None
    assert sync.compare is None  # not comparing: a report's compared day is not taken
    sync.server_compare(dt.date(1700, 1, 1), TODAY)
    assert (sync.compare, sync.moves) == (TIMELINE_START, 1)
    sync.take(report("a", 2, "1945-09-07", nonce=1, compare="1945-08-02"), TODAY)
    assert (sync.day, sync.compare) == (dt.date(1945, 9, 7), dt.date(1945, 8, 2))
    sync.server_compare(None, TODAY)
    sync.take(report("a", 3, "1945-09-08", nonce=1, compare="1945-08-03"), TODAY)  # sent before the end
    assert (sync.day, sync.compare, sync.moves) == (dt.date(1945, 9, 7), None, 2)
