"""Where events happened (kurils.model.places) as the map, its cards and the story use it, on the mini fixture:
`battle` on Shumshu (an island place), `landings` on Urup and Iturup, `statement` at Nemuro (a point),
`shimoda` and `declaration` off the map."""

from __future__ import annotations

import datetime as dt

from kurils.model import places
from kurils.present import handout, maptext, words
from kurils.present.textsafe import md_escape


def test_the_map_marks_points_and_islands_not_off_map_places(mini_ds):
    marked = {m.event_id: m for m in places.marked(mini_ds.records["events"].values(), mini_ds.records["names"])}
    assert list(marked) == ["battle", "landings", "landing", "statement"]  # oldest first; Shimoda, Moscow: off the map
    assert marked["battle"] == places.Marked("battle", dt.date(1945, 8, 18), "island", ((156.35, 50.75),))
    assert marked["landings"].points == ((150.0, 45.9), (147.5, 45.05))  # one dot on each island, in the row's order
    assert marked["statement"].points == ((145.5833, 43.3333),)


def test_each_language_has_every_dots_card(mini_ds):
    for lang, where in (
        ("en", "Where: Takeda Beach, Shumshu"),
        ("ja", "場所：占守島・竹田浜"),
        ("ru", "Где: берег Такэда, Шумшу"),
    ):
        marks = {m["id"]: m for m in maptext.text_files(mini_ds)[f"text_{lang}.json"]["events"]}
        battle = marks["battle"]
        assert battle["where"].startswith(where) and battle["d"] == (dt.date(1945, 8, 18) - dt.date(1855, 2, 7)).days
        assert battle["sources"] == [
            {"title": "Source B", "href": "https://example.org/b", "kind": battle["sources"][0]["kind"]}
        ]
        assert marks["statement"]["kind"] == "point" and marks["statement"]["where"].endswith(
            "Nemuro" if lang == "en" else "根室" if lang == "ja" else "Немуро"
        )


def test_the_event_card_says_where(mini_ds):
    names = {i: r["name_en"] for i, r in mini_ds.records["names"].items()}
    card = words.event_card(mini_ds, dt.date(1945, 8, 20), "en", names)
    assert (
        md_escape("Where: Takeda Beach, Shumshu (marked on the map at the island: the exact spot is not located here)")
        in card
    )
    declaration = words.event_card(mini_ds, dt.date(1960, 1, 1), "en", names)
    assert md_escape("Where: Moscow (off this map)") in declaration
    assert md_escape("Where:") not in words.event_card(
        mini_ds, dt.date(1880, 1, 1), "en", names
    )  # the 1875 treaty: no place given


def test_a_chapter_frames_its_events_places(mini_ds):
    """A chapter on Iturup alone that tells of the statement at Nemuro is framed to show Nemuro too."""
    alone = handout.chapter_bounds(mini_ds, {"island_ids": "iturup", "event_ids": ""})
    with_place = handout.chapter_bounds(mini_ds, {"island_ids": "iturup", "event_ids": "statement"})
    west, south, _, _ = with_place
    assert west < 145.5833 and south < 43.3333 and with_place != alone
