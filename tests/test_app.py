"""Every page as Streamlit runs it (AppTest), on several dates and from the URL, on the mini fixture
(tests/fixtures/mini: Shumshu, Urup, Iturup, Polonsky, Zeleny); the pages on the committed geodata
are in tests/data/test_committed_app.py."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kurils.model.timeline import index_at
from kurils.paths import REPO_ROOT
from kurils.present.i18n import day_text
from kurils.present.mapdata import day_number
from kurils.present.palette import rgba
from view.mapcomponent import IFRAME_TITLE

APP = str(REPO_ROOT / "atlas.py")


@pytest.fixture(autouse=True)
def on_mini(monkeypatch: pytest.MonkeyPatch, mini: Path) -> None:
    """Every app in this module reads the mini fixture (AppTest runs in this process)."""
    monkeypatch.setenv("KURILS_GEODATA", str(mini))


def run(params: dict[str, str] | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(f"view/pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def map_spec(at: AppTest) -> dict:
    """The one argument the map component (kurils.present.mapview) gets."""
    (element,) = [e for e in at.get("component_instance") if e.proto.component_name == IFRAME_TITLE]
    return json.loads(element.proto.json_args)["spec"]


def static_file(spec: dict, name: str) -> dict:
    """A layer file the browser will load, as the app wrote it."""
    return json.loads(
        (REPO_ROOT / "static" / (spec["base"] + name).removeprefix("app/static/")).read_text(encoding="utf-8")
    )


def assert_layer_files_written(spec: dict) -> None:
    """Every layer file the spec names exists as the browser will load it: land, islands, claims,
    every halo zoom and every epoch's pick file."""
    for name in (
        "land.json",
        "islands.json",
        "claims_claim.json",
        "claims_boundary.json",
        *(f"halo_{w}_{z:g}.json" for w in ("wide", "narrow") for z in spec["halo_zooms"]),
        *(f"pick_en_{e}.json" for e in spec["epochs"]),
    ):
        assert static_file(spec, name)["type"] == "FeatureCollection", name


def colour_at(properties: dict, prefix: str, day: int):
    """The colour the browser draws (logic.js, colourAt): interval 0 starts at day 0, interval k+1 where
    interval k ends (its end day e<k>); the interval at `day` is the one lookup, index_at."""
    starts = [0]
    while f"e{len(starts) - 1}" in properties:
        starts.append(properties[f"e{len(starts) - 1}"])
    return properties.get(f"{prefix}{index_at(starts, day)}")


def fill_on_map(at: AppTest, island_id: str) -> list[int]:
    """The fill colour the browser will draw for an island on the spec's day, from the static file."""
    spec = map_spec(at)
    (feature,) = [f for f in static_file(spec, "islands.json")["features"] if f["properties"]["id"] == island_id]
    return colour_at(feature["properties"], "f", day_number(dt.date.fromisoformat(spec["day"])))


def unescaped(elements) -> list[str]:
    """The values of Markdown-like elements with Markdown's escapes removed."""
    return [e.value.replace("\\", "") for e in elements]


# The mini fixture's event dates and status epochs (tests/fixtures/mini/events.csv, timeline.csv, positions.csv).
MINI_EVENTS = [
    "1855-02-07",
    "1875-08-22",
    "1945-08-18",
    "1945-08-23",
    "1945-08-28",
    "1945-09-03",
    "1952-04-28",
    "1956-10-19",
    "1991-12-26",
]
MINI_EPOCHS = [*MINI_EVENTS[:6], "1946-02-02", "1952-04-28", "1991-12-26"]


@pytest.mark.parametrize(
    "date,colour", [("1880-06-01", "japan"), ("1950-06-01", "ussr"), ("1855-03-01", "japan"), ("2020-01-01", "russia")]
)
def test_map_colours_iturup_by_its_holder(date, colour):
    """Iturup is drawn in Japan's colour in 1880 and the USSR's in 1950 (and so on)."""
    at = run({"date": date})
    assert fill_on_map(at, "iturup") == rgba(colour, 235)


def test_map_colours_urup_russian_in_1860():
    """Urup is Russian before 1875."""
    assert fill_on_map(run({"date": "1860-01-01"}), "urup") == rgba("russian_empire", 235)


def test_map_is_offline_and_sends_no_geometry():
    """No tiles; the spec names the layer files (written, every halo zoom and every epoch's pick
    file) and carries no geometry; it is small; its events and epochs are the fixture's."""
    spec = map_spec(run({"date": "1945-09-02"}))
    assert spec["tiles"] is None and spec["day"] == "1945-09-02" and spec["base"].startswith("app/static/layers/")
    assert spec["events"] == MINI_EVENTS and spec["epochs"] == MINI_EPOCHS and spec["start"] == "1855-02-07"
    assert_layer_files_written(spec)
    assert sorted(f["properties"]["id"] for f in static_file(spec, "islands.json")["features"]) == [
        "iturup",
        "polonsky",
        "shumshu",
        "urup",
        "zeleny",
    ]
    text = json.dumps(spec)
    assert "coordinates" not in text and len(text) < 8000


def report(token: str, seq: int, day: str, nonce: int = 0, pick: str | None = None, compare: str | None = None) -> dict:
    return {"token": token, "seq": seq, "nonce": nonce, "day": day, "pick": pick, "compare": compare}


def test_the_maps_reports_move_the_day_and_bad_ones_change_nothing():
    """The map's value (its date, a clicked island) moves the app once per report; a malformed or
    replayed one changes nothing and raises nothing; a map loaded again starts its count again."""
    at = run({"date": "1945-08-27"})
    at.session_state["map"] = report("a", 1, "1945-08-28")
    at.run()
    assert at.session_state["date"].day == dt.date(1945, 8, 28) and at.query_params["date"] == "1945-08-28"
    nonce = map_spec(at)["nonce"]
    for bad in (
        report("a", 1, "1950-01-01"),
        {"seq": 2, "nonce": 0, "day": "1950-01-01"},
        report("a" * 65, 2, "1950-01-01"),
        {**report("a", 2, "1950-01-01"), "seq": "2"},
        {**report("a", 2, "1950-01-01"), "nonce": None},
        report("a", 3, "<script>alert(1)</script>"),
        report("a", 4, "1700-01-01"),
        report("a", 5, "2999-01-01"),
        {**report("a", 2, "1950-01-01"), "seq": True},
        ["1950-01-01"],
        report("a", 6, "1945-08-28", pick="../../etc/passwd"),
        {**report("a", 7, "1945-08-28"), "pick": {"id": "iturup"}},
    ):
        at.session_state["map"] = bad
        at.run()
        assert (
            not at.exception and at.session_state["date"].day == dt.date(1945, 8, 28) and not at.session_state["island"]
        ), bad
    assert map_spec(at)["nonce"] == nonce  # the browser's own moves never send it back a date
    at.session_state["map"] = report("a", 8, "1945-08-28", pick="iturup")
    at.run()
    assert at.session_state["island"] == "iturup" and [h.value for h in at.subheader][:1] == ["Iturup"]
    at.session_state["map"] = report("b", 1, "1950-01-01")  # the page came back: a new map, counting from 1
    at.run()
    assert at.session_state["date"].day == dt.date(1950, 1, 1)


def test_a_report_sent_before_a_server_move_does_not_undo_it():
    """'Go to this date' moves the server and tells the map (a new nonce); a report the map sent
    before it learnt of that move arrives late and loses to it (its click still counts)."""
    at = run({"date": "2000-01-01", "island": "shumshu"})
    old = map_spec(at)["nonce"]
    at.button(key="goto-shumshu-2").click().run()
    assert at.session_state["date"].day == dt.date(1945, 8, 18) and map_spec(at)["nonce"] == old + 1
    at.session_state["map"] = report("a", 1, "2001-05-05", nonce=old, pick="iturup")
    at.run()
    assert at.session_state["date"].day == dt.date(1945, 8, 18) and at.session_state["island"] == "iturup"
    at.session_state["map"] = report("a", 2, "1945-08-19", nonce=old + 1)
    at.run()
    assert at.session_state["date"].day == dt.date(1945, 8, 19)


def test_map_page_text_alternative_and_event_card():
    """Under the map: the latest event (the landings of 28 August) and the map in words, whole."""
    at = run({"date": "1945-09-02"})
    texts = unescaped(at.markdown)
    assert (
        "*What happened · latest event on or before 2 September 1945*\n\n"
        "**Landings** (28 August 1945, exact)\n\n"
        "Soviet landings on Urup and Iturup.\n\n"
        "Where: Urup and Iturup (marked on the map at the island: the exact spot is not located here)\n\n"
        "Islands: Urup, Iturup\n\n"
        "Sources: [Source B](https://example.org/b) (official statement)"
    ) in texts
    assert (
        "[Source B](https://example.org/b) (official statement)\n\n"
        "“国境は択捉島と得撫島との間にある。”  \n*In English: The border lies between Etorofu and Urup.*"
    ) in texts, "the quotes of the event's sources"
    land = (
        "Land held: Japan 32 km² and Soviet Union 7,608 km². Claimed but held by another state: Japan 7,608 km². "
        "(Areas computed from the islands' outlines in an equal-area projection, 7,641 km² in all; not official.)"
    )
    assert (
        "**The map in words.** On 2 September 1945: Shumshu, Urup and Iturup: held by the Soviet Union; "
        "also claimed by Japan. Polonsky and Zeleny: held by Japan. " + land
    ) in texts
    assert land in unescaped(at.caption), "the land held, beside the map too"


def test_island_in_url_opens_its_panel():
    """?island=iturup shows Iturup's panel with its history, a go-to-date button per interval, and
    the position Russia stated in that period (the USSR's in 1950; Russia's own today)."""
    at = run({"date": "1950-01-01", "island": "iturup", "pov": "russia"})
    assert [h.value for h in at.subheader][:1] == ["Iturup"]
    assert unescaped(at.info) == [
        "Government of Russia: Russia's position: Soviet territory by the post-war agreements."
    ]
    texts = unescaped(at.markdown)
    assert (
        "Итуруп · 択捉島 (Etorofu-tō)\n\n"
        "Group: Iturup and Kunashir (in Russia's usage the southern Kurils; in Japan's, Northern Territories) · "
        "area 4,377.28 km² (computed from the outline; not official)\n\n"
        "On 1 January 1950: held by the Soviet Union, administered by Soviet Union; "
        "claimed by Japan and Soviet Union, since 28 August 1945."
    ) in texts
    history = texts[texts.index("**History**") + 1 :][:3]
    assert history == [
        "7 February 1855 to 28 August 1945 · held by Japan; claimed by Japan  \n*Treaty of Shimoda · certainty: exact*",
        "28 August 1945 to 26 December 1991 · held by Soviet Union; claimed by Japan and Soviet Union  \n"
        "*Landings · certainty: exact*",
        "26 December 1991 to today · held by Russia; claimed by Japan and Russia  \n"
        "*USSR dissolved · certainty: exact*",
    ]
    history_buttons = [(b.label, b.key) for b in at.button if b.key and b.key.startswith("goto-")]
    assert history_buttons == [("Go to this date", f"goto-iturup-{i}") for i in range(3)]
    at = run({"date": "2025-01-01", "island": "iturup", "pov": "russia"})
    assert unescaped(at.info) == ["Government of Russia: Russia's position: Russian territory."]


def test_go_to_this_date_moves_the_app():
    """Pressing 'Go to this date' in the panel moves the slider and the URL."""
    at = run({"date": "2000-01-01", "island": "shumshu"})
    nonce = map_spec(at)["nonce"]
    at.button(key="goto-shumshu-2").click().run()
    assert at.session_state["date"].day == dt.date(1945, 8, 18) and at.query_params["date"] == "1945-08-18"
    spec = map_spec(at)
    assert spec["day"] == "1945-08-18" and spec["nonce"] != nonce  # the browser's map must follow


def test_jump_to_an_event_moves_the_map():
    """Choosing an event in the sidebar list moves the server's date and tells the map."""
    at = run({"date": "1900-01-01"})
    old = map_spec(at)["nonce"]
    at.selectbox(key="jump").set_value("declaration").run()
    spec = map_spec(at)
    assert spec["day"] == "1956-10-19" and spec["nonce"] == old + 1 and at.query_params["date"] == "1956-10-19"


TODAY_TEXT = day_text(dt.date.today(), "en")


@pytest.mark.parametrize(
    "params,notice",
    [
        ({"date": "1945-02-30"}, f"The link's date `1945-02-30` is not a date; showing today, {TODAY_TEXT}."),
        (
            {"date": "1700-01-01"},
            "The link's date `1700-01-01` is before the atlas begins; showing its first day, 7 February 1855.",
        ),
        (
            {"pov": "<script>alert(1)</script>"},
            "The link's point of view `<script>alert(1)</script>` is unknown; showing who holds what.",
        ),
        (
            {"island": "../../etc/passwd"},
            "The link's island `../../etc/passwd` is not in the atlas; no island is selected.",
        ),
        ({"layers": "claim,bogus"}, "The link's map layers `bogus` are unknown and were left out."),
        ({"layers": "foo"}, "The link's map layers `foo` are unknown; showing the usual layers."),
        ({"lang": "xx"}, "The link's language `xx` is not available; showing English."),
    ],
)
def test_bad_url_parameter_falls_back_with_notice(params, notice):
    """An invalid parameter shows one short sentence (no internal codes) and a sensible value; never an exception."""
    at = run(params)
    assert [w.value for w in at.warning] == [notice]


def test_url_round_trips():
    """Every parameter comes back in the URL as given."""
    params = {"date": "1956-12-12", "pov": "russia", "island": "zeleny", "layers": "admin,offer"}
    at = run(params)
    assert {k: at.query_params[k] for k in params} == params


@pytest.mark.parametrize(
    "page,headings",
    [
        ("timeline", ["Land held by each state", "Events", "What changed between two dates", "Timeline"]),
        ("islands", ["Iturup", "Population", "History", "Islands"]),
        (
            "positions",
            [
                "Japan's position",
                "Russia's position (until 26 December 1991, the Soviet Union's)",
                "The United States' position",
                "Positions",
            ],
        ),
        (
            "sources",
            [
                "How this atlas is made",
                "Bibliography",
                "Downloads",
                "Provenance and licences",
                "Validation",
                "Try a change",
                "Sources & data",
            ],
        ),
        ("story", ["Two islets"]),
    ],
)
def test_other_pages_render(page, headings):
    """Each page renders without an exception and shows its sections (the story: chapter 1's title)."""
    at = run({"date": "1960-01-01", "island": "iturup"}, page=page)
    assert [h.value for h in (*at.header, *at.subheader, *at.title)] == headings


def test_timeline_event_moves_the_app():
    """Filtering the event table to one event and choosing it moves the shared date."""
    at = run({"date": "2000-01-01"}, page="timeline")
    at.text_input(key="event_filter").input("Joint").run()
    (table,) = at.dataframe
    assert table.value.to_dict("records") == [
        {
            "day": "1956-10-19",
            "island_ids": "polonsky;zeleny",
            "date": "19 October 1956",
            "title": "Joint Declaration",
            "summary": "Two islets promised with a peace treaty.",
            "islands": "Polonsky and Zeleny",
            "certainty": "exact",
            "sources": "Source A",
        }
    ]
    assert list(table.proto.column_order) == ["date", "title", "summary", "islands", "certainty", "sources"]
    at.session_state["events_table"] = {"selection": {"rows": [0], "columns": []}}  # what a click on the row sends
    at.run()
    assert at.session_state["date"].day == dt.date(1956, 10, 19) and at.query_params["date"] == "1956-10-19"
    assert [s.value for s in at.success] == ["The atlas is now at 19 October 1956. Open the Map page to see it."]


def test_islands_page_profile():
    """The profile shows computed and published areas, the names, the administrative units (none in the
    fixture), the history, and population where a figure is published."""
    at = run({"date": "2000-01-01", "island": "iturup"}, page="islands")
    assert unescaped(at.markdown) == [
        "English: Iturup · Russian: Итуруп · Japanese: 択捉島 (Etorofu-tō)",
        "Group: Iturup and Kunashir (in Russia's usage the southern Kurils; in Japan's, Northern Territories)",
        "Area: 4,377.28 km² computed from the GSHHG outline (with its islets; not official); "
        "published figure 3,200 km² (source: Source A)",
        "Administrative units on 1 January 2000: none recorded",
    ]
    assert [c.value for c in at.caption] == ["No published figure found for this island."]
    (history,) = [d.value for d in at.dataframe]
    assert [(r["since"], r["until"], r["controller"], r["event"]) for r in history.to_dict("records")] == [
        ("7 February 1855", "28 August 1945", "Japan", "Treaty of Shimoda"),
        ("28 August 1945", "26 December 1991", "Soviet Union", "Landings"),
        ("26 December 1991", "today", "Russia", "USSR dissolved"),
    ]
    assert "note" not in history.columns and history.to_dict("records")[0]["sources"] == "Source A"
    at.selectbox(key="_w_island").set_value("zeleny").run()
    assert unescaped(at.markdown) == [
        "English: Zeleny · Russian: Зелёный · Japanese: 志発島 (Shibotsu-tō)",
        "Group: Shikotan and the Habomai islands (in Russia's usage the Lesser Kuril Chain; in Japan's, "
        "Northern Territories)",
        "Area: 21.57 km² computed from the GSHHG outline (with its islets; not official)",
        "Administrative units on 1 January 2000: none recorded",
    ]
    assert [c.value for c in at.caption] == []  # a published figure: no "no figure" note
    population = at.dataframe[0].value.to_dict("records")
    assert population == [{"year": 1945, "population": 2249, "who": "Japanese residents", "sources": "Source A"}]


def test_sources_page_downloads_and_validation():
    """Downloads of every file and of the day's snapshot; the validator's verdict."""
    at = run({"date": "1945-09-02"}, page="sources")
    labels = [b.label for b in at.get("download_button")]
    assert labels[:2] == [
        "Status on 2 September 1945 as GeoJSON · De facto (who holds what)",
        "Status on 2 September 1945 as CSV · De facto (who holds what)",
    ]
    assert sorted(labels[2:]) == [
        "claims.geojson",
        "datapackage.json",
        "events.csv",
        "island_names.csv",
        "islands.geojson",
        "land.geojson",
        "maritime.geojson",
        "population.csv",
        "positions.csv",
        "sources.csv",
        "story.csv",
        "timeline.csv",
        "translations.csv",
        "unreliable_domains.csv",
    ]
    assert [s.value for s in at.success] == ["`kurils validate` finds no problem in geodata/ (14 files)."]


def test_broken_geodata_shows_the_validator_report(monkeypatch, tiny):
    """On broken data never loaded before, the app shows the validator's lines, not a traceback."""
    (tiny / "sources.csv").write_bytes(b"id,title\n")
    monkeypatch.setenv("KURILS_GEODATA", str(tiny))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "does not pass `kurils validate`" in at.error[0].value
    assert "sources.csv:row 1: publisher: missing-label" in at.code[0].value


def _texts(at: AppTest) -> str:
    return " ".join(
        e.value for e in (*at.markdown, *at.caption, *at.header, *at.subheader, *at.title) if isinstance(e.value, str)
    )


@pytest.mark.parametrize(
    "lang, title, words, names, iturup",
    [
        (
            "ja",
            "千島列島",
            "**地図の内容を文章で。** 1945年9月2日時点では、占守島、得撫島、択捉島：ソ連が保持（日本も領有を主張）。"
            "多楽島、志発島：日本が保持。",
            ["択捉島", "占守島", "得撫島", "志発島"],
            "ソ連",
        ),
        (
            "ru",
            "Курильские острова",
            "**Описание карты.** 2 сентября 1945 г.: Шумшу, Уруп и Итуруп: под контролем Советского Союза; "
            "также претендует: Япония. Полонского и Зелёный: под контролем Японии.",
            ["Итуруп", "Шумшу", "Уруп", "Зелёный"],
            "Советский Союз",
        ),
    ],
)
def test_map_page_in_each_language(lang, title, words, names, iturup):
    """Headings, the map in words, the island labels and the tooltip's data follow ?lang=."""
    at = run({"date": "1945-09-02", "lang": lang})
    text = _texts(at)
    assert title in text and "held by" not in text
    assert any(m.startswith(words) for m in unescaped(at.markdown))
    spec = map_spec(at)
    labels = [label["text"] for label in static_file(spec, f"text_{lang}.json")["labels"]]
    assert set(names) <= set(labels) and spec["lang"] == lang
    epoch = max(e for e in spec["epochs"] if e <= "1945-09-02")
    feature = next(
        f for f in static_file(spec, f"pick_{lang}_{epoch}.json")["features"] if f["properties"]["id"] == "iturup"
    )
    assert feature["properties"]["controller"] == iturup
    assert spec["tooltip"].startswith(f"{{name_{lang}}}") and "Held by" not in spec["tooltip"]
    assert spec["text"]["play"] != "Play" and spec["text"]["date"] != "Date"


JA_HEADINGS = {
    "timeline": ["各国が保持していた土地", "出来事", "二つの日付の間に変わったこと", "年表"],
    "islands": ["択捉島", "人口", "経緯", "島々"],
    "positions": ["日本の立場", "ロシアの立場（1991年12月26日まではソ連の立場）", "米国の立場", "各国の立場"],
    "sources": [
        "このアトラスの作り方",
        "参考文献",
        "ダウンロード",
        "データの出所とライセンス",
        "検証",
        "変更を試す",
        "出典とデータ",
    ],
    "story": ["二つの小島"],
}


def test_every_page_in_japanese_has_no_english_headings():
    """Every page's headings in Japanese, none left in English."""
    for page, expect in JA_HEADINGS.items():
        at = run({"date": "1960-01-01", "lang": "ja", "island": "iturup"}, page=page)
        headings = [h.value for h in (*at.header, *at.subheader, *at.title)]
        assert headings == expect and not any(h.isascii() for h in headings), (page, headings)


def test_story_chapter_from_the_url_and_next():
    """?chapter=2 opens chapter 2 in the chosen language; Next goes to 3 (the last: Next disabled) and
    the URL follows."""
    at = run({"lang": "ru"})
    at.query_params["chapter"] = "2"
    at.switch_page("view/pages/story.py").run()
    assert at.header[0].value == "Высадка" and [c.value for c in at.caption][:2] == [
        "Карта на 3 сентября 1945 г\\.",
        "Сентябрь 1945",
    ]
    nxt = next(b for b in at.button if b.proto.shortcut.lower() == "right")
    assert not nxt.disabled
    nxt.click().run()
    assert at.header[0].value == "Гряда сегодня"
    assert at.query_params["chapter"] in ("3", ["3"])
    assert [b.proto.shortcut.lower() for b in at.button if b.proto.shortcut] == ["left", "right"]
    assert [b.disabled for b in at.button if b.proto.shortcut] == [False, True]


def test_story_bad_chapter_notice():
    """A bad ?chapter= shows a notice (its value inert) and chapter 1."""
    at = run()
    at.query_params["chapter"] = "<img src=x onerror=alert(1)>"
    at.switch_page("view/pages/story.py").run()
    assert [w.value for w in at.warning] == [
        "The link's chapter `<img src=x onerror=alert(1)>` does not exist; showing chapter 1."
    ]
    assert at.header[0].value == "Two islets"


def test_projector_mode_hides_the_sidebar_and_offers_a_way_out():
    """?present=1 hides the sidebar and enlarges the type; its exit button leaves it and the URL follows."""
    at = run({"present": "1", "lang": "ja"})
    styles = " ".join(h.proto.body for h in at.get("html"))
    assert "stSidebar" in styles and "display: none" in styles and "font-size: 22px" in styles
    exit_button = next(b for b in at.button if "close_fullscreen" in b.proto.icon)
    exit_button.click().run()
    assert "present" not in at.query_params


NASTY = [
    "",
    " ",
    "null",
    "-1",
    "0",
    "99999999999",
    "1945-13-45",
    "0000-00-00",
    "2999-01-01",
    "１９４５-０９-０２",
    "x" * 5000,
    "<script>alert(1)</script>",
    "../../../../etc/passwd",
    "%00",
    "\u202e",
    "`rm -rf`",
    "[a](javascript:x)",
    "1945-09-02T00:00",
    "de_facto,japan",
    "en,ja",
]


@pytest.mark.parametrize("name", ["date", "pov", "island", "layers", "lang", "present", "chapter", "unknown"])
def test_fuzzed_parameter_never_raises(name):
    """Garbage, out-of-range and impossible values, very long strings, markup and traversal in
    every parameter, on the map and the story page: no exception, and notices keep values inert."""
    for value in NASTY:
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params[name] = value
        at.run()
        assert not at.exception, (name, value, [e.value for e in at.exception])
        for w in at.warning:  # a value is quoted only inside a code span, where Markdown shows it as text
            assert "<" not in re.sub(r"`[^`]*`", "", w.value) and len(w.value) < 600, w.value
        if name == "chapter":
            at.switch_page("view/pages/story.py").run()
            assert not at.exception, (value, [e.value for e in at.exception])


# --- Issue 13: text that reads like a database, and fallbacks that make sense (story, timeline,
# islands, sources, positions pages and the URL's notices). Other blocks may follow this one.


def test_unknown_layers_keep_the_default_layers():
    """?layers=foo ignores the unknown layer and keeps the usual ones (not every layer off); only
    ?layers=none means none."""
    at = run({"layers": "foo"})
    assert sorted(at.session_state["layers"]) == ["boundary", "claim", "events", "forces", "labels"]
    assert "layers" not in at.query_params  # the default, left out of the link
    assert sorted(map_spec(at)["shown"]) == ["boundary", "claim", "events", "forces", "labels"]
    assert run({"layers": "none"}).session_state["layers"] == []


def test_a_date_before_the_atlas_shows_its_first_day():
    """?date=1700-01-01 opens the atlas on its first day, 7 February 1855 (not today); a day after
    today opens today."""
    at = run({"date": "1700-01-01"})
    assert at.session_state["date"].day == dt.date(1855, 2, 7) and at.query_params["date"] == "1855-02-07"
    assert map_spec(at)["day"] == "1855-02-07"
    at = run({"date": "2999-01-01"})
    assert at.session_state["date"].day == dt.date.today()
    assert [w.value for w in at.warning] == [
        f"The link's date `2999-01-01` is in the future; showing today, {TODAY_TEXT}."
    ]


def test_story_navigation_has_one_arrow_each():
    """Previous and Next: no icon (the shortcut's key hint is the one arrow), their whole words."""
    at = run({"lang": "ru"})
    at.switch_page("view/pages/story.py").run()
    nav = [b for b in at.button if b.proto.shortcut]
    assert [(b.label, b.proto.icon, b.proto.shortcut.lower()) for b in nav] == [
        ("Назад", "", "left"),
        ("Далее", "", "right"),
    ]


def test_timeline_charts_fit_their_column():
    """The Gantt and the land-held chart are layered charts as wide as their container (not a fixed
    980 px vconcat); the land chart steps, stacked, one colour per state, with the selected day's rule."""
    at = run({"date": "1950-01-01"}, page="timeline")
    gantt, land = (json.loads(c.proto.spec) for c in at.get("vega_lite_chart"))
    for spec in (gantt, land):
        assert spec["width"] == "container" and "vconcat" not in spec and "layer" in spec
    area, rule = land["layer"]
    assert area["mark"]["interpolate"] == "step-after" and area["encoding"]["y"]["stack"] == "zero"
    assert rule["mark"]["type"] == "rule"


CODES = re.compile(r"\b(de_facto|src_[ab]|valid_from|source_ids|island_ids|date_certainty|russian_empire|ussr)\b")


@pytest.mark.parametrize("page", ["story", "timeline", "islands", "positions", "sources"])
def test_pages_show_no_internal_codes(page):
    """No source ids, point-of-view codes or column names in what a reader sees (texts, buttons,
    tables' shown columns); no ISO days outside the downloads' file names."""
    at = run({"date": "1960-01-01", "island": "iturup", "pov": "japan"}, page=page)
    shown = [_texts(at), *(b.label for b in at.button), *(b.label for b in at.get("download_button"))]
    for frame in at.dataframe:
        order = list(frame.proto.column_order) or list(frame.value.columns)
        shown += [str(c) for c in order] + [str(v) for v in frame.value[order].to_numpy().ravel()]
    text = " ".join(shown)
    assert not CODES.search(text), CODES.search(text)
    assert not re.search(r"\b1[89]\d\d-\d\d-\d\d\b", text), re.search(r"\b1[89]\d\d-\d\d-\d\d\b", text)


@pytest.mark.parametrize(
    ("date", "russia_now", "russia_other"),
    [
        ("1950-01-01", "Soviet territory by the post-war agreements", "Russia's position: Russian territory."),
        ("2025-01-01", "Russia's position: Russian territory.", "Soviet territory by the post-war agreements"),
    ],
)
def test_positions_page_follows_the_date(date, russia_now, russia_other):
    """Each party's position in force on the day is shown first, its other periods folded under it; a
    third party's (the United States') from its first statement on; the page's date moves the app's."""
    at = run({"date": date}, page="positions")
    texts = unescaped(at.markdown)
    folded = [t for e in at.expander if e.label.startswith("Its other periods") for t in unescaped(e.markdown)]
    assert any(russia_other in t for t in folded), "the other period is folded"
    first_russian = next(t for t in texts if "Russia's position:" in t or "post-war" in t)
    assert russia_now in first_russian
    us = "The United States' position: these islands have always been part of Japan."
    assert (us in texts and us not in folded) if date >= "1956-09-07" else (us in folded)
    at.date_input[0].set_value(dt.date(1930, 1, 1)).run()
    assert at.session_state["date"].day == dt.date(1930, 1, 1)
    assert "No stated position of this party is recorded for this day." in unescaped(at.markdown)


def test_timeline_compares_two_dates():
    """What changed between the previous event and the atlas's date (by default), in words, with the
    three downloads; another start day lists more."""
    at = run({"date": "1945-09-03"}, page="timeline")
    text = "\n".join(unescaped(at.markdown))
    assert (
        "**What changed from 28 August 1945 to 3 September 1945**\n\nIslands whose status changed (2):\n\n"
        "- **Polonsky, Zeleny**: held by Japan → held by the Soviet Union; administered by Japan → Soviet Union; "
        "claimed by Japan → Japan and Soviet Union\n"
    ) in text  # islands with the same change on one line
    assert "  Sources: [Source A](https://example.org/a) (primary document)" in text  # each event's sources
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["What changed (Markdown)", "What changed (CSV)", "What changed (JSON)"]
    at.date_input(key="diff_from_1945-09-03").set_value(dt.date(1945, 8, 1)).run()
    assert "Islands whose status changed (5):" in "\n".join(unescaped(at.markdown))


def test_compare_with_the_previous_event_and_leave():
    """ "Compare with…" is one click from the map: the map gets the previous event's day as its second date
    (a server move it follows), the URL and the panel beside it say what changed; the browser's reports move
    the compared date; "Leave the comparison" ends it in one click."""
    at = run({"date": "1945-09-03"})
    nonce = map_spec(at)["nonce"]
    next(b for b in at.button if b.label == "Compare with…").click().run()
    spec = map_spec(at)
    assert (spec["compare"], spec["layout"], spec["nonce"]) == ("1945-08-28", "side", nonce + 1)
    assert at.query_params["compare"] == "1945-08-28" and at.query_params["date"] == "1945-09-03"
    text = "\n".join(unescaped(at.markdown))
    assert "**What changed from 28 August 1945 to 3 September 1945**" in text
    assert "- **Polonsky, Zeleny**: held by Japan → held by the Soviet Union" in text
    assert "  Sources: [Publisher A](https://example.org/a); [Publisher B](https://example.org/b)" in text  # short
    assert not any(t.startswith("*What happened") for t in unescaped(at.markdown))  # the panel lists the events
    at.session_state["map"] = report("a", 1, "1945-09-03", nonce=nonce + 1, compare="1945-09-02")
    at.run()
    assert at.session_state["date"].compare == dt.date(1945, 9, 2) and at.query_params["compare"] == "1945-09-02"
    at.segmented_control(key="_w_compare_view").set_value("swipe").run()
    assert map_spec(at)["layout"] == "swipe" and at.query_params["compare_view"] == "swipe"
    next(b for b in at.button if b.label == "Leave the comparison").click().run()
    assert map_spec(at)["compare"] is None and "compare" not in at.query_params


def test_a_comparison_from_the_url():
    """A link with `compare` opens the comparison; a bad one shows one date and says why."""
    at = run({"date": "1945-09-03", "compare": "1945-08-01", "compare_view": "swipe"})
    spec = map_spec(at)
    assert (spec["day"], spec["compare"], spec["layout"]) == ("1945-09-03", "1945-08-01", "swipe")
    bad = run({"date": "1945-09-03", "compare": "yesterday"})
    assert map_spec(bad)["compare"] is None
    assert "The link's comparison date `yesterday` is not a date; showing one date." in bad.warning[0].value
