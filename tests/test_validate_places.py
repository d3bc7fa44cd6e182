"""Where each event happened (kurils.model.validate.place_rules): a place needs its kind and a kind its place;
a point has coordinates inside the map's region and a source; an island place names known islands."""

from __future__ import annotations

import pytest
from fixture_edits import edit_text

from kurils.model.validate import validate

TINY_LANDING = "polonsky;zeleny,src_a;src_b,,"  # the tiny fixture's event `landing` (row 3), up to its theme


def place(tiny, cells: str, translated: bool = True) -> list[str]:
    """Give `landing` these place cells (place,place_kind,place_islands,lat,lon,place_source_ids), and the place its
    translations; the problems."""
    edit_text("events.csv", TINY_LANDING + ",,,,,,", TINY_LANDING + "," + cells)(tiny)
    if translated and cells.split(",")[0]:
        path = tiny / "translations.csv"
        rows = "".join(f"events,landing,place,{lang},{lang} place,translated,\n" for lang in ("ja", "ru"))
        path.write_text(path.read_text(encoding="utf-8") + rows, encoding="utf-8")
    return [p.line() for p in validate(tiny)]


def test_the_fixture_has_no_place_problem(tiny):
    assert validate(tiny) == []


@pytest.mark.parametrize(
    "cells",
    [
        "Nemuro,point,,43.3333,145.5833,src_a",
        "Polonsky and Zeleny,island,polonsky;zeleny,,,",
        "Moscow,off_map,,,,",
        ",,,,,",
    ],
)
def test_good_places(tiny, cells):
    assert place(tiny, cells) == []


@pytest.mark.parametrize(
    ("cells", "problem"),
    [
        ("Nemuro,,,,,", "place_kind: place-incomplete: a place needs its kind: point, island or off_map (Nemuro)"),
        (",off_map,,,,", "place: place-incomplete: a place of kind off_map needs its name ()"),
        ("Nemuro,point,,43.3,,src_a", "lat: place-incomplete: a point needs both lat and lon (43.3,)"),
        (
            "Nemuro,point,,43.3,145.5,",
            "place_source_ids: place-incomplete: a point needs a source that gives its coordinates ()",
        ),
        (
            "Moscow,point,,55.75,37.62,src_a",
            "lat: place-outside-region: outside the map's region (139-162 E, 41-52 N); a place there is off_map (55.75,37.62)",
        ),
        (
            "Moscow,off_map,,55.75,37.62,",
            "lat: place-incomplete: only a point has coordinates (an island's point is its own) (55.75,37.62)",
        ),
        ("Polonsky,island,,,,", "place_islands: place-incomplete: an island place needs its island ids ()"),
        (
            "Nemuro,point,polonsky,43.3,145.5,src_a",
            "place_islands: place-incomplete: only an island place lists islands (polonsky)",
        ),
        ("Atlantis,island,atlantis,,,", "place_islands: unknown-island: no islands row has this id (atlantis)"),
        ("Nemuro,point,,43.3,145.5,src_x", "place_source_ids: unknown-source: no sources row has this id (src_x)"),
        ("Nemuro,harbour,,,,", "place_kind: constraint-error"),
        ("Nemuro,point,,north,145.5,src_a", "lat: type-error"),
    ],
)
def test_bad_places_are_named(tiny, cells, problem):
    found = place(tiny, cells)
    assert any(problem in line for line in found), found


def test_a_place_needs_its_translations(tiny):
    """The map's card and the event card show the place in Japanese and Russian too."""
    found = place(tiny, "Moscow,off_map,,,,", translated=False)
    assert [line for line in found if "place" in line] == [
        "translations.csv:events/landing: place: missing-translation: no ja text (ja)",
        "translations.csv:events/landing: place: missing-translation: no ru text (ru)",
    ]
