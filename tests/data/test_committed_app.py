"""The app (AppTest) on the committed geodata: every page renders it, the spec stays small with the
whole history, and the pages show historical facts checked by hand (the code's behaviours are tested
on the mini fixture in tests/test_app.py)."""

from __future__ import annotations

import json

import pytest
from test_app import assert_layer_files_written, map_spec, run, static_file

from kurils.model import dataset
from kurils.paths import DEFAULT_GEODATA
from kurils.present.citations import KIND_LABELS
from kurils.present.textsafe import md_escape

DS = dataset.load(DEFAULT_GEODATA)
KINDS = list(KIND_LABELS.items())


@pytest.fixture(autouse=True)
def on_committed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every app in this module reads the committed geodata/ (whatever the environment says)."""
    monkeypatch.delenv("KURILS_GEODATA", raising=False)


def test_committed_map_is_offline_and_sends_no_geometry():
    """With the whole committed history: no tiles; the spec names the layer files (written, every
    halo zoom and every epoch's pick file) and carries no geometry; it is small."""
    spec = map_spec(run({"date": "1945-09-02"}))
    assert spec["tiles"] is None and spec["day"] == "1945-09-02" and spec["base"].startswith("app/static/layers/")
    assert_layer_files_written(spec)
    text = json.dumps(spec)
    assert "coordinates" not in text and len(text) < 8000


def test_committed_map_page_on_the_day_of_the_surrender():
    """Under the map on 2 September 1945: the Instrument of Surrender, and the Habomai islands still Japan's."""
    at = run({"date": "1945-09-02"})
    text = " ".join(m.value for m in at.markdown).replace("\\", "")  # Markdown escapes gone
    assert "Japan signs the Instrument of Surrender" in text
    assert "The map in words" in text and "The Habomai islands: held by Japan" in text


def test_committed_island_panel_quotes_the_position_of_the_period():
    """?island=kunashir shows Kunashir's panel with its history, go-to-date buttons, and the
    position Japan stated in that period (Yoshida in 1951; "illegal occupation" today)."""
    at = run({"date": "1950-01-01", "island": "kunashir", "pov": "japan"})
    assert [h.value for h in at.subheader][:1] == ["Kunashir"]
    assert [i.value for i in at.info if "Yoshida" in i.value] and not [
        i for i in at.info if "illegal occupation" in i.value
    ]
    labels = [b.label for b in at.button]
    assert labels.count("Go to this date") == 4
    at = run({"date": "2025-01-01", "island": "kunashir", "pov": "japan"})
    assert any("illegal occupation" in i.value for i in at.info)


@pytest.mark.parametrize(
    "page,expect",
    [
        ("timeline", "Events"),
        ("islands", "History"),
        ("positions", "Japan's position"),
        ("sources", "Bibliography"),
        ("story", "Ainu homelands, explorers and early maps"),
    ],
)
def test_committed_pages_render(page, expect):
    """Each page renders the committed data without an exception and shows its main section."""
    at = run({"date": "1960-01-01", "island": "iturup"}, page=page)
    headings = [h.value for h in (*at.header, *at.subheader, *at.title)]
    assert expect in headings, headings


def test_committed_islands_page_profile():
    """Iturup's profile: computed and published areas, population and administrative units."""
    at = run({"date": "2000-01-01", "island": "iturup"}, page="islands")
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "3,224.27 km²" in text and "3,166.6 km²" in text
    assert "Kurilsky district" in text and "Etorofu" in text
    assert 6916 in list(at.dataframe[0].value["population"])


def test_committed_islands_page_shows_no_research_notes_or_ids():
    """Iturup's profile names its area's source by title, and shows none of the research notes
    (island_names.csv, timeline.csv, population.csv `note`) nor source ids."""
    at = run({"date": "2000-01-01", "island": "iturup"}, page="islands")
    text = " ".join(e.value for e in (*at.markdown, *at.caption)).replace("\\", "")
    assert "hoppou_islands1" not in text and "GSI 2021" not in text and "en-wiki" not in text
    history, population = at.dataframe[1].value, at.dataframe[0].value
    assert "note" not in history.columns and "note" not in population.columns
    assert not any("_" in s for s in (*history["sources"], *population["sources"]))


def test_committed_sources_page_finds_no_problem():
    """The Sources page's validator verdict on the committed data."""
    at = run({"date": "1945-09-02"}, page="sources")
    assert any("finds no problem" in s.value for s in at.success)


@pytest.mark.parametrize(
    "lang, title, habomai, iturup",
    [("ja", "千島列島", "歯舞群島", "択捉島"), ("ru", "Курильские острова", "Хабомаи", "Итуруп")],
)
def test_committed_map_page_in_each_language(lang, title, habomai, iturup):
    """The committed map page in Japanese and Russian: the Habomai islands named as a group, Iturup's
    label, and its holder in the tooltip's data."""
    at = run({"date": "1945-09-02", "lang": lang})
    text = " ".join(
        e.value for e in (*at.markdown, *at.caption, *at.header, *at.subheader, *at.title) if isinstance(e.value, str)
    )
    assert title in text and habomai in text and "held by" not in text
    spec = map_spec(at)
    labels = static_file(spec, f"text_{lang}.json")["labels"]
    assert iturup in [label["text"] for label in labels] and spec["lang"] == lang
    epoch = max(e for e in spec["epochs"] if e <= "1945-09-02")
    feature = next(
        f for f in static_file(spec, f"pick_{lang}_{epoch}.json")["features"] if f["properties"]["id"] == "iturup"
    )
    assert feature["properties"]["controller"] == ("ソ連" if lang == "ja" else "Советский Союз")


def test_committed_story_draws_chapter_one_before_any_border():
    """Chapter 1 ("Before 1855") is drawn before any border, stamped with its period and no day; the
    next chapter is the status map on its day."""
    at = run({"chapter": "1"})
    at.switch_page("view/pages/story.py").run()
    spec = map_spec(at)
    assert (spec["mode"], spec["stamp"]) == ("before_borders", "Before 1855")
    assert not any("The map on" in c.value for c in at.caption)
    next(b for b in at.button if b.proto.shortcut.lower() == "right").click().run()
    spec = map_spec(at)
    assert (spec["mode"], spec["stamp"]) == ("status", None)
    assert any("The map on" in c.value for c in at.caption)


THIRD_PARTIES = [p for p in DS.history.positions if p.pov not in ("japan", "russia")]


@pytest.mark.parametrize("position", THIRD_PARTIES, ids=lambda p: p.id)
def test_committed_positions_page_shows_each_third_party_period_on_its_days(position):
    """The Positions page on the first day of each of the United States' and the Ainu organisations'
    dated positions shows that position in force (not folded with the other periods), attributed."""
    at = run({"date": position.start.isoformat()}, page="positions")
    folded = [m.value for e in at.expander if e.label.startswith("Its other periods") for m in e.markdown]
    shown = [m.value for m in at.markdown if m.value not in folded]
    assert md_escape(position.statement) in shown
    assert any(md_escape(position.attributed_to) in c.value for c in at.caption)


def test_committed_sources_page_filters_by_kind_and_counts():
    """The bibliography's kind filter lists each kind with its count; choosing one shows only its rows."""
    at = run({}, page="sources")
    (pills,) = [w for w in at.get("button_group") if w.proto.label == "Kind"]
    counts = DS.sources["kind"].value_counts()
    options = [o.content for o in pills.proto.options]
    assert options == [f"{label} ({counts[kind]})" for kind, label in KINDS if kind in counts]
    at.session_state["source_kinds"] = ["primary"]
    at.run()
    shown = at.dataframe[0].value
    assert len(shown) == counts["primary"] and set(shown["kind"]) == {"primary document"}
