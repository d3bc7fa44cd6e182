"""The committed history: the status engine's properties over all dates (as in tests/test_timeline.py),
and worked examples checked by hand against the sources (the note of each says which)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_timeline import (
    assert_changes_only_at_interval_bounds,
    assert_every_event_opens_an_interval_or_changes_nothing,
    assert_exactly_one_status_per_island,
    assert_nothing_changes_between_epochs,
    assert_point_of_view_keeps_the_facts,
    at,
    days,
)

from kurils.model.dataset import load_history
from kurils.model.vocab import POVS, TIMELINE_START
from kurils.paths import DEFAULT_GEODATA

HISTORY = load_history(DEFAULT_GEODATA)


@settings(max_examples=300, deadline=None)
@given(days)
def test_committed_exactly_one_status_per_island_on_any_day(day):
    """Every committed island has exactly one status on every day from 1855-02-07 on, and it covers the day."""
    assert_exactly_one_status_per_island(HISTORY, day)


@settings(max_examples=300, deadline=None)
@given(days.filter(lambda d: d > TIMELINE_START))
def test_committed_status_changes_only_at_interval_bounds(day):
    """If any committed island's status differs from the day before, the day is an interval start."""
    assert_changes_only_at_interval_bounds(HISTORY, day)


@settings(max_examples=200, deadline=None)
@given(days, st.sampled_from(POVS))
def test_committed_point_of_view_never_changes_the_facts(day, pov):
    """The committed positions change the words, not who held, governed or claimed."""
    assert_point_of_view_keeps_the_facts(HISTORY, day, pov)


@settings(max_examples=200, deadline=None)
@given(days, st.sampled_from(POVS))
def test_committed_nothing_changes_between_epochs(day, pov):
    """From every point of view, a day of the committed history says what the last epoch before it says."""
    assert_nothing_changes_between_epochs(HISTORY, day, pov)


def test_committed_every_event_opens_an_interval_or_changes_nothing():
    """A committed event cited by an interval is dated on (or in the range up to) its first day; any other
    event leaves the islands it names exactly as they were the day before."""
    assert_every_event_opens_an_interval_or_changes_nothing(HISTORY)


# (date, island, controller, claimants, why): each checked against the sources in the events it names.
WORKED = [
    ("1855-02-07", "iturup", "japan", ["japan"], "Shimoda Art. 2: all of Etorofu belongs to Japan"),
    (
        "1855-02-07",
        "urup",
        "russian_empire",
        ["russian_empire"],
        "Shimoda Art. 2: Urup and the Kurils north of it to Russia",
    ),
    (
        "1875-08-21",
        "shumshu",
        "russian_empire",
        ["russian_empire"],
        "the day before the Saint Petersburg ratifications",
    ),
    ("1875-08-22", "shumshu", "japan", ["japan"], "ratifications exchanged in Tokyo"),
    ("1880-06-01", "iturup", "japan", ["japan"], "Japanese since 1855"),
    ("1905-09-05", "paramushir", "japan", ["japan"], "Portsmouth concerns Sakhalin, not the Kurils"),
    ("1945-08-17", "shumshu", "japan", ["japan"], "the day before the Soviet landing"),
    ("1945-08-18", "shumshu", "contested", ["japan"], "battle of Shumshu, 18-23 August"),
    ("1945-08-23", "shumshu", "ussr", ["japan"], "disarmament complete"),
    ("1945-08-23", "paramushir", "japan", ["japan"], "Paramushir occupied on 24 August"),
    ("1945-08-28", "iturup", "ussr", ["japan"], "landing at Rubetsu, 28 August"),
    ("1945-08-28", "kunashir", "japan", ["japan"], "Kunashir occupied on 1 September"),
    ("1945-09-02", "shikotan", "ussr", ["japan"], "landing on 1 September, before the surrender was signed"),
    ("1945-09-02", "zeleny", "japan", ["japan"], "Habomai occupied 3-5 September, after the surrender"),
    ("1945-09-03", "zeleny", "ussr", ["japan"], "first Habomai landing, 3 September (Nemuro record)"),
    ("1946-02-02", "kunashir", "ussr", ["japan", "ussr"], "Soviet annexation decree"),
    ("1952-04-28", "urup", "ussr", ["ussr"], "San Francisco treaty in force: Japan renounces the Kurils"),
    ("1952-04-28", "iturup", "ussr", ["japan", "ussr"], "Japan holds the four islands were not renounced"),
    ("1991-12-26", "shikotan", "russia", ["japan", "russia"], "USSR dissolved; Russia continues it"),
    ("2025-04-08", "polonsky", "russia", ["japan", "russia"], "today's situation"),
]


@pytest.mark.parametrize("day,island,controller,claimants,why", WORKED, ids=[f"{d}-{i}" for d, i, *_ in WORKED])
def test_committed_worked_examples(day, island, controller, claimants, why):
    """Known dates in each era give the status the sources describe."""
    record = at(HISTORY, day)[island]
    assert (record["controller"], record["claimants"]) == (controller, claimants), why


def test_committed_positions_in_their_own_terms():
    """Japan's view: the four islands Japanese, the north undetermined; Russia's: all Russian."""
    japan, russia = at(HISTORY, "2025-04-08", "japan"), at(HISTORY, "2025-04-08", "russia")
    assert japan["iturup"]["sovereign"] == "japan" and "illegal occupation" in japan["iturup"]["position"]
    assert japan["urup"]["sovereign"] == "undetermined"
    assert {r["sovereign"] for r in russia.values()} == {"russia"}
    assert all(r["position_by"] == "Government of Russia (Ministry of Foreign Affairs)" for r in russia.values())
    assert at(HISTORY, "1900-01-01", "japan")["iturup"]["position"] is None  # no separate position before the dispute
