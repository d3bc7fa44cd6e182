"""The committed story: at least twelve chapters in time order, within the atlas's span, each sourced,
translated, and framed on its islands."""

from __future__ import annotations

import datetime as dt

from kurils.model.vocab import TIMELINE_START
from kurils.present import handout


def test_committed_at_least_twelve_chapters_in_time_order(committed_ds):
    """Twelve chapters or more, from Shimoda to 2022 or later, in the order of their map dates."""
    days = [dt.date.fromisoformat(d) for d in committed_ds.story["map_date"]]
    assert len(days) >= 12 and days == sorted(days)
    assert days[0] == TIMELINE_START and days[-1] >= dt.date(2022, 1, 1)


def test_committed_every_chapter_is_sourced_and_translated(committed_ds):
    """Every chapter cites a source, and its title and text have Japanese and Russian words of their own."""
    for chapter in committed_ds.story.to_dict("records"):
        assert chapter["source_ids"]
        for lang in ("ja", "ru"):
            for fld in ("title", "text"):
                assert committed_ds.text("story", chapter, fld, lang) != chapter[f"{fld}_en"]


def test_committed_chapter_bounds_frame_its_islands(committed_ds):
    """Each chapter's printed map contains all of the islands it names (all islands when it names none)."""
    ds = committed_ds
    for chapter in ds.story.to_dict("records"):
        west, south, east, north = handout.chapter_bounds(ds, chapter)
        ids = [i for i in chapter["island_ids"].split(";") if i] or list(ds.islands["id"])
        w, s, e, n = ds.islands[ds.islands["id"].isin(ids)].total_bounds
        assert west < w and south < s and east > e and north > n


def test_committed_chapter_one_handout_is_drawn_before_any_border(committed_ds):
    """Chapter 1's page, like its map in the app: its period and no day in the subtitle, the islands in
    one colour, no treaty line, and a legend of one line, the Ainu homelands."""
    from kurils.present import handout
    from kurils.present.palette import HOMELAND_RGB

    chapter = committed_ds.story.to_dict("records")[0]
    assert chapter["map_style"] == "before_borders"
    page = handout.chapter_figures(committed_ds, chapter, "en")[0]
    texts = [t.get_text() for t in page.findobj(lambda a: hasattr(a, "get_text"))]
    assert "Before 1855" in texts and not any("Map on" in t for t in texts)
    legend_lines = [t.get_text() for t in page.findobj(lambda a: hasattr(a, "get_gid") and a.get_gid() == "legend")]
    assert legend_lines == ["Ainu homelands (the islands on this map, before any border)"]
    (ax,) = page.axes
    colours = {tuple(round(c, 3) for c in fc[:3]) for coll in ax.collections for fc in coll.get_facecolors()}
    assert tuple(round(c / 255, 3) for c in HOMELAND_RGB) in colours
    assert not [line for line in ax.get_lines()] and all(
        coll.get_linestyle()[0][1] is None for coll in ax.collections if len(coll.get_linestyle())
    )
