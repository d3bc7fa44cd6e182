"""The story: chapters in order, within the atlas's span, sourced; `?chapter=` parsing."""

from __future__ import annotations

import datetime as dt

import pytest

from kurils.model import dataset
from kurils.model.vocab import TIMELINE_START
from kurils.paths import DEFAULT_GEODATA
from kurils.present.story import parse_chapter

DS = dataset.load(DEFAULT_GEODATA)
IDS = list(DS.story["id"])


def test_at_least_twelve_chapters_in_time_order():
    days = [dt.date.fromisoformat(d) for d in DS.story["map_date"]]
    assert len(days) >= 12 and days == sorted(days)
    assert days[0] == TIMELINE_START and days[-1] >= dt.date(2022, 1, 1)


def test_every_chapter_is_sourced_and_translated():
    for chapter in DS.story.to_dict("records"):
        assert chapter["source_ids"]
        for lang in ("ja", "ru"):
            for fld in ("title", "text"):
                assert DS.text("story", chapter, fld, lang) != chapter[f"{fld}_en"]


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, (0, None)),
        ("", (0, None)),
        ("1", (0, None)),
        ("3", (2, None)),
        (" 3 ", (2, None)),
    ],
)
def test_chapter_by_number(value, expected):
    assert parse_chapter(value, IDS) == expected


def test_chapter_by_id():
    assert parse_chapter(IDS[4], IDS) == (4, None)


@pytest.mark.parametrize("value", ["0", "-1", str(len(IDS) + 1), "٣", "1e3", "<script>", "x" * 500, "../../etc"])
def test_bad_chapter_falls_back_to_the_first(value):
    index, bad = parse_chapter(value, IDS)
    assert index == 0 and bad is not None and "`" not in bad and len(bad) <= 40
