"""The story's code: chapters in their `order` on the mini fixture, and `?chapter=` parsing (the
committed chapters: tests/data/test_committed_story.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kurils.present.story import parse_chapter

IDS = ["shimoda", "exchange", "battle", "landings", "surrender", "sf_treaty", "declaration", "today"]


def test_chapters_follow_their_order_number(mini_ds):
    """The chapter numbered 10 comes after the one numbered 2, though it is listed first and sorts first as text."""
    assert [(c["id"], c["order"]) for c in mini_ds.story.to_dict("records")] == [
        ("before", "1"),
        ("landing", "2"),
        ("today", "10"),
    ]


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, (0, None)),
        ("", (0, None)),
        ("1", (0, None)),
        ("3", (2, None)),
        (" 3 ", (2, None)),
        ("8", (7, None)),
    ],
)
def test_chapter_by_number(value, expected):
    """A chapter number from 1, spaces around it allowed; nothing asked: the first chapter."""
    assert parse_chapter(value, IDS) == expected


def test_chapter_by_id():
    """A chapter's id names it."""
    assert parse_chapter("surrender", IDS) == (4, None)
    assert parse_chapter(" today ", IDS) == (7, None)


@pytest.mark.parametrize(
    "value, shown",
    [
        ("0", "0"),
        ("-1", "-1"),
        ("9", "9"),
        ("٣", "٣"),
        ("1e3", "1e3"),
        ("<script>", "<script>"),
        ("x" * 500, "x" * 39 + "…"),
        ("../../etc", "../../etc"),
        ("a`b\n", "a?b?"),
    ],
)
def test_bad_chapter_falls_back_to_the_first(value, shown):
    """Anything else: the first chapter, and the value made inert (printable, no backticks, at most 40 characters)."""
    assert parse_chapter(value, IDS) == (0, shown)


@given(st.text(max_size=300))
def test_any_value_gives_a_chapter(value):
    """Whatever the link says: an index of a chapter, and a bad value only when the index is the first."""
    index, bad = parse_chapter(value, IDS)
    assert 0 <= index < len(IDS)
    assert bad is None or (index == 0 and "`" not in bad and len(bad) <= 40)
