"""The sourcing policy (kurils.model.validate.sourcing_rules): weak-sourcing, untranslated-quote, no-address."""

from __future__ import annotations

import pytest
from fixture_edits import add_sources, edit_text

from kurils.model.validate import validate

WEAK = "needs a primary, official or scholarly source, or press sources from 2 different publishers; cited: "


def lines(folder, code):
    return [p.line() for p in validate(folder) if p.code == code]


def cite_in_shimoda(folder, ids):
    """Make the fixture's first event (row 2, `shimoda`) cite only `ids`."""
    edit_text("events.csv", "all,src_a,", f"all,{';'.join(ids)},")(folder)


def add_source_rows(folder, *rows):
    """Rows of (kind, publisher, author) as src_c, src_d, …; their ids."""
    path = folder / "sources.csv"
    ids = [f"src_{chr(ord('c') + i)}" for i in range(len(rows))]
    text = "".join(
        f"{i},Source,{publisher},https://example.org/{i},,{kind},en,{author},,,,\n"
        for i, (kind, publisher, author) in zip(ids, rows)
    )
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return ids


def test_the_fixture_is_well_sourced(tiny):
    assert validate(tiny) == []


@pytest.mark.parametrize(
    ("rows", "cited"),
    [
        ([("secondary", "A blog", "")], "secondary 1"),
        ([("reference", "Wikipedia", ""), ("secondary", "A blog", "")], "reference 1, secondary 1"),
        ([("press", "Kyodo News", "")], "press 1"),
        ([("press", "Kyodo News", ""), ("press", "kyodo  news", "")], "press 2"),  # one publisher
        # one wire story printed by two papers is one source
        ([("press", "The Japan Times", "Kyodo News"), ("press", "Mainichi", "Kyodo News")], "press 2"),
    ],
)
def test_an_event_without_a_strong_source_is_weak(tiny, rows, cited):
    cite_in_shimoda(tiny, add_source_rows(tiny, *rows))
    found = lines(tiny, "weak-sourcing")
    ids = ";".join(f"src_{chr(ord('c') + i)}" for i in range(len(rows)))
    assert found == [f"events.csv:row 2: source_ids: weak-sourcing: {WEAK}{cited} ({ids})"]


@pytest.mark.parametrize(
    "rows",
    [
        [("primary", "UN Treaty Series", "")],
        [("official", "MOFA", ""), ("secondary", "A blog", "")],
        [("scholarship", "A journal", "")],
        [("press", "Kyodo News", ""), ("press", "TASS", "")],  # two independent wires
        [("press", "The Japan Times", "Kyodo News"), ("press", "Mainichi", "Jiji Press")],
    ],
)
def test_a_strong_source_or_two_independent_press_sources_suffice(tiny, rows):
    cite_in_shimoda(tiny, add_source_rows(tiny, *rows))
    assert lines(tiny, "weak-sourcing") == []


def test_a_timeline_interval_is_checked_too(tiny):
    (blog,) = add_source_rows(tiny, ("secondary", "A blog", ""))
    edit_text("timeline.csv", "japan,japan,japan,shimoda,src_a,", f"japan,japan,japan,shimoda,{blog},")(tiny)
    assert lines(tiny, "weak-sourcing") == [
        f"timeline.csv:row 2: source_ids: weak-sourcing: {WEAK}secondary 1 ({blog})"
    ]


def test_a_quote_not_in_english_needs_its_translation(tiny):
    edit_text("sources.csv", "The border lies between Etorofu and Urup.", "")(tiny)
    assert lines(tiny, "untranslated-quote") == [
        "sources.csv:row 3: quote_en: untranslated-quote: a quote in ja needs its English translation in quote_en "
        "(国境は択捉島と得撫島との間にある。)"
    ]


def test_a_copy_may_stand_for_an_original_without_an_address(tiny):
    """A printed book read in a copy: no url, the copy in via."""
    edit_text(
        "sources.csv",
        "https://example.org/a,2026-11-26,primary,en,,1855-02-07,,",
        ",2026-11-26,primary,en,,1855-02-07,https://copy.example/a,",
    )(tiny)
    assert validate(tiny) == []


def test_a_source_needs_an_address(tiny):
    add_sources(tiny, "")
    assert lines(tiny, "no-address") == [
        "sources.csv:row 4: url: no-address: give the original's address (url) or where it was read (via) (src_c)"
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (",primary,en,", ",rumour,en,", "sources.csv:row 2: kind: constraint-error: must be one of"),
        (",primary,en,", ",primary,,", "sources.csv:row 2: language: constraint-error: a value is required"),
        ("1855-02-07", "7 Feb 1855", "sources.csv:row 2: published: constraint-error: must match"),
    ],
)
def test_the_source_model_is_checked_by_the_schema(tiny, old, new, expected):
    edit_text("sources.csv", old, new)(tiny)
    assert any(line.startswith(expected) for line in (p.line() for p in validate(tiny))), expected
