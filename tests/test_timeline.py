"""The status engine on the mini fixture: whole answers on given days, and properties over all dates
(the same properties guard the committed history in tests/data/test_committed_timeline.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kurils.model.timeline import History
from kurils.model.vocab import POVS, TIMELINE_START

FACTS = ("controller", "administrator", "claimants", "since", "until", "event_id", "source_ids")
days = st.dates(min_value=TIMELINE_START, max_value=dt.date(2040, 12, 31))


def at(history: History, day: str | dt.date, pov: str = "de_facto") -> dict[str, dict]:
    return {s.island_id: s.record() for s in history.status_at(day, pov)}


# The properties, as functions of a History and a day: tests/data/test_committed_timeline.py runs them too.


def assert_exactly_one_status_per_island(history: History, day: dt.date) -> None:
    records = [s.record() for s in history.status_at(day)]
    assert [r["island_id"] for r in records] == sorted(history.intervals)
    for r in records:
        assert dt.date.fromisoformat(r["since"]) <= day
        assert r["until"] is None or day < dt.date.fromisoformat(r["until"])


def assert_changes_only_at_interval_bounds(history: History, day: dt.date) -> None:
    before, today = at(history, day - dt.timedelta(days=1)), at(history, day)
    changed = [i for i in history.intervals if before[i]["since"] != today[i]["since"]]
    if changed:
        assert day in history.change_dates()
        assert all(today[i]["since"] == day.isoformat() for i in changed)


def assert_point_of_view_keeps_the_facts(history: History, day: dt.date, pov: str) -> None:
    facts = {i: {k: r[k] for k in FACTS} for i, r in at(history, day).items()}
    assert {i: {k: r[k] for k in FACTS} for i, r in at(history, day, pov).items()} == facts


def assert_nothing_changes_between_epochs(history: History, day: dt.date, pov: str) -> None:
    epoch = max(e for e in history.epochs() if e <= day)
    assert [s.record() for s in history.status_at(day, pov)] == [s.record() for s in history.status_at(epoch, pov)]


def assert_every_event_opens_an_interval_or_changes_nothing(history: History) -> None:
    opened = {(iv.event_id, iv.start) for ivs in history.intervals.values() for iv in ivs}
    cited = {e for e, _ in opened}
    for event in history.events.values():
        first = dt.date.fromisoformat(event["date"])
        last = dt.date.fromisoformat(event["date_range_end"]) if event["date_range_end"] else first
        if event["id"] in cited:
            assert all(first <= start <= last for e, start in opened if e == event["id"]), event["id"]
        elif first > TIMELINE_START:
            islands = list(history.intervals) if event["island_ids"] == "all" else event["island_ids"].split(";")
            before, on = at(history, first - dt.timedelta(days=1)), at(history, first)
            assert all(before[i]["since"] == on[i]["since"] for i in islands), event["id"]


@settings(max_examples=300, deadline=None)
@given(days)
def test_exactly_one_status_per_island_on_any_day(mini_ds, day):
    """Every island has exactly one status on every day from 1855-02-07 on, and it covers the day."""
    assert_exactly_one_status_per_island(mini_ds.history, day)


@settings(max_examples=300, deadline=None)
@given(days.filter(lambda d: d > TIMELINE_START))
def test_status_changes_only_at_interval_bounds(mini_ds, day):
    """If any island's status differs from the day before, the day is an interval start."""
    assert_changes_only_at_interval_bounds(mini_ds.history, day)


@settings(max_examples=200, deadline=None)
@given(days, st.sampled_from(POVS))
def test_point_of_view_never_changes_the_facts(mini_ds, day, pov):
    """Japan's and Russia's positions change the words, not who held, governed or claimed."""
    assert_point_of_view_keeps_the_facts(mini_ds.history, day, pov)


@settings(max_examples=200, deadline=None)
@given(days, st.sampled_from(POVS))
def test_nothing_changes_between_epochs(mini_ds, day, pov):
    """From every point of view, a day says what the last epoch on or before it says (the map's pick files)."""
    assert_nothing_changes_between_epochs(mini_ds.history, day, pov)


def test_every_event_opens_an_interval_or_changes_nothing(mini_ds):
    """An event cited by an interval is dated on (or in the range up to) its first day; any other
    event (the fixture's `statement` and `declaration`) leaves the islands it names as they were."""
    assert_every_event_opens_an_interval_or_changes_nothing(mini_ds.history)


def test_status_at_whole_records_during_the_battle(mini_ds):
    """18 August 1945 from Japan's point of view: Shumshu contested, the rest Japanese, no position yet."""
    common = {"certainty": "exact", "note": "", "pov": "japan", "sovereign": None, "position": None}
    common |= {"position_id": None, "position_by": None, "position_source_ids": []}
    japanese = {"controller": "japan", "administrator": "japan", "claimants": ["japan"]}
    assert [s.record() for s in mini_ds.history.status_at("1945-08-18", "japan")] == [
        {
            "island_id": "iturup",
            "name_en": "Iturup",
            **japanese,
            "since": "1855-02-07",
            "until": "1945-08-28",
            "event_id": "shimoda",
            "source_ids": ["src_a"],
            **common,
        },
        {
            "island_id": "polonsky",
            "name_en": "Polonsky",
            **japanese,
            "since": "1855-02-07",
            "until": "1945-09-03",
            "event_id": "shimoda",
            "source_ids": ["src_a"],
            **common,
        },
        {
            "island_id": "shumshu",
            "name_en": "Shumshu",
            "controller": "contested",
            "administrator": "japan",
            "claimants": ["japan"],
            "since": "1945-08-18",
            "until": "1945-08-23",
            "event_id": "battle",
            "source_ids": ["src_b"],
            **common,
        },
        {
            "island_id": "urup",
            "name_en": "Urup",
            **japanese,
            "since": "1875-08-22",
            "until": "1945-08-28",
            "event_id": "exchange",
            "source_ids": ["src_a"],
            **common,
        },
        {
            "island_id": "zeleny",
            "name_en": "Zeleny",
            **japanese,
            "since": "1855-02-07",
            "until": "1945-09-03",
            "event_id": "shimoda",
            "source_ids": ["src_a"],
            **common,
        },
    ]


def test_status_at_typed_records(mini_ds):
    """The typed Status: dates are dates, claimants a tuple, the position a Position or None."""
    polonsky = next(s for s in mini_ds.history.status_at(dt.date(1945, 9, 3), "japan") if s.island_id == "polonsky")
    assert (polonsky.controller, polonsky.claimants, polonsky.since, polonsky.until) == (
        "ussr",
        ("japan", "ussr"),
        dt.date(1945, 9, 3),
        dt.date(1991, 12, 26),
    )
    assert (polonsky.position.id, polonsky.position.sovereign) == ("japan_claim", "japan")
    assert polonsky.interval.note == "range: 1945-09-03/1945-09-04"


def test_positions_in_their_own_terms(mini_ds):
    """In 2000 Japan's view: Iturup and the islets Japanese, the north undetermined; Russia's: all Russian."""
    japan, russia = at(mini_ds.history, "2000-01-01", "japan"), at(mini_ds.history, "2000-01-01", "russia")
    assert {i: (r["sovereign"], r["position_id"]) for i, r in japan.items()} == {
        "iturup": ("japan", "japan_iturup"),
        "polonsky": ("japan", "japan_claim"),
        "shumshu": ("undetermined", "japan_north"),
        "urup": ("undetermined", "japan_north"),
        "zeleny": ("japan", "japan_claim"),
    }
    assert {
        (r["sovereign"], r["position"], r["position_by"], tuple(r["position_source_ids"])) for r in russia.values()
    } == {("russia", "Russia's position: Russian territory.", "Government of Russia", ("src_b",))}
    assert {i: r["sovereign"] for i, r in at(mini_ds.history, "1950-01-01", "russia").items()} == dict.fromkeys(
        ["iturup", "polonsky", "shumshu", "urup", "zeleny"], "ussr"
    )
    assert {i: r["sovereign"] for i, r in at(mini_ds.history, "1950-01-01", "japan").items()} == {
        "iturup": "japan",
        "polonsky": "japan",
        "shumshu": None,  # no position on the north before San Francisco
        "urup": None,
        "zeleny": "japan",
    }


def test_change_event_and_epoch_dates(mini_ds):
    """Change dates are the interval starts; event dates also hold the 1956 declaration, which changed
    nothing; epochs also hold 1946-02-02, when Russia's first position begins inside the intervals."""
    starts = ["1855-02-07", "1875-08-22", "1945-08-18", "1945-08-23", "1945-08-28", "1945-09-03", "1952-04-28"]
    assert [d.isoformat() for d in mini_ds.history.change_dates()] == [*starts, "1991-12-26"]
    assert [d.isoformat() for d in mini_ds.history.event_dates] == [*starts, "1956-10-19", "1991-12-26"]
    assert [d.isoformat() for d in mini_ds.history.epochs()] == [*starts[:6], "1946-02-02", starts[6], "1991-12-26"]


def test_latest_event_prefers_the_one_that_changed_a_status(mini_ds):
    """On 28 April 1952 `sf_treaty` opened intervals and `statement` did not: the card shows the treaty."""
    assert mini_ds.history.latest_event(dt.date(1952, 4, 28))["id"] == "sf_treaty"
    assert mini_ds.history.latest_event(dt.date(1960, 1, 1))["id"] == "declaration"
    assert mini_ds.history.latest_event(dt.date(1800, 1, 1)) is None


def test_before_the_atlas_is_a_clear_error(mini_ds):
    """A day before Shimoda is refused with the reason."""
    with pytest.raises(ValueError, match="the atlas starts on 1855-02-07"):
        mini_ds.history.status_at("1855-02-06")


def test_unknown_point_of_view_is_a_clear_error(mini_ds):
    """A point of view outside the vocabulary is refused, naming the ones there are."""
    with pytest.raises(ValueError, match=r"^unknown point of view 'china': one of de_facto, japan, russia$"):
        mini_ds.history.status_at("1950-01-01", "china")
