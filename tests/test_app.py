"""Every page as Streamlit runs it (AppTest), on several dates and from the URL."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from kurils.model.timeline import index_at
from kurils.paths import REPO_ROOT
from kurils.present.mapdata import day_number
from kurils.present.palette import rgba
from view.mapcomponent import IFRAME_TITLE

APP = str(REPO_ROOT / "app.py")


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
    file) and carries no geometry; it is small."""
    spec = map_spec(run({"date": "1945-09-02"}))
    assert spec["tiles"] is None and spec["day"] == "1945-09-02" and spec["base"].startswith("app/static/layers/")
    for name in (
        "land.json",
        "islands.json",
        "claims_claim.json",
        "claims_boundary.json",
        *(f"halo_{w}_{z:g}.json" for w in ("wide", "narrow") for z in spec["halo_zooms"]),
        *(f"pick_en_{e}.json" for e in spec["epochs"]),
    ):
        assert static_file(spec, name)["type"] == "FeatureCollection", name
    text = json.dumps(spec)
    assert "coordinates" not in text and len(text) < 8000


def report(token: str, seq: int, day: str, nonce: int = 0, pick: str | None = None) -> dict:
    return {"token": token, "seq": seq, "nonce": nonce, "day": day, "pick": pick}


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
    """Under the map: the latest event and the map in words."""
    at = run({"date": "1945-09-02"})
    text = " ".join(m.value for m in at.markdown).replace("\\", "")  # Markdown escapes gone
    assert "Japan signs the Instrument of Surrender" in text
    assert "The map in words" in text and "The Habomai islands: held by Japan" in text


def test_island_in_url_opens_its_panel():
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
    at.selectbox(key="jump").set_value("soviet_japanese_joint_declaration_signed").run()
    spec = map_spec(at)
    assert spec["day"] == "1956-10-19" and spec["nonce"] == old + 1 and at.query_params["date"] == "1956-10-19"


@pytest.mark.parametrize(
    "params,notice",
    [
        ({"date": "1945-02-30"}, "`date` value `1945-02-30` is not valid"),
        ({"date": "1700-01-01"}, "`date` value `1700-01-01` is not valid"),
        ({"pov": "<script>alert(1)</script>"}, "`pov` value `<script>alert(1)</script>` is not valid"),
        ({"island": "../../etc/passwd"}, "`island` value `../../etc/passwd` is not valid"),
        ({"layers": "claim,bogus"}, "`layers` value `bogus` is not valid"),
        ({"lang": "xx"}, "`lang` value `xx` is not valid"),
    ],
)
def test_bad_url_parameter_falls_back_with_notice(params, notice):
    """An invalid parameter shows a notice and the default; never an exception."""
    at = run(params)
    assert any(notice in w.value for w in at.warning), [w.value for w in at.warning]


def test_url_round_trips():
    """Every parameter comes back in the URL as given."""
    params = {"date": "1956-12-12", "pov": "russia", "island": "shikotan", "layers": "admin,offer"}
    at = run(params)
    assert {k: at.query_params[k] for k in params} == params


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
def test_other_pages_render(page, expect):
    """Each page renders without an exception and shows its main section."""
    at = run({"date": "1960-01-01", "island": "iturup"}, page=page)
    headings = [h.value for h in (*at.header, *at.subheader, *at.title)]
    assert expect in headings, headings


def test_timeline_event_moves_the_app():
    """Filtering the event table to one event and choosing it moves the shared date."""
    at = run({"date": "2000-01-01"}, page="timeline")
    at.text_input(key="event_filter").input("Irkutsk").run()
    assert "Irkutsk" in at.dataframe[0].value["title"].iloc[0]


def test_islands_page_profile():
    """The profile shows computed and published areas, population and administrative units."""
    at = run({"date": "2000-01-01", "island": "iturup"}, page="islands")
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "3,224.27 km²" in text and "3,166.6 km²" in text
    assert "Kurilsky district" in text and "Etorofu" in text
    assert 6916 in list(at.dataframe[0].value["population"])


def test_sources_page_downloads_and_validation():
    """Downloads of every file and of the day's snapshot; the validator's verdict."""
    at = run({"date": "1945-09-02"}, page="sources")
    labels = [b.label for b in at.get("download_button")]
    assert (
        "Status on 1945-09-02 (de_facto) as GeoJSON" in labels
        and "timeline.csv" in labels
        and "islands.geojson" in labels
    )
    assert any("finds no problem" in s.value for s in at.success)


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
    "lang, title, habomai, iturup",
    [("ja", "千島列島", "歯舞群島", "択捉島"), ("ru", "Курильские острова", "Хабомаи", "Итуруп")],
)
def test_map_page_in_each_language(lang, title, habomai, iturup):
    """Headings, the map in words, the island labels and the tooltip's data follow ?lang=."""
    at = run({"date": "1945-09-02", "lang": lang})
    text = _texts(at)
    assert title in text and habomai in text and "held by" not in text
    spec = map_spec(at)
    assert iturup in [label["text"] for label in spec["labels"]] and spec["lang"] == lang
    epoch = max(e for e in spec["epochs"] if e <= "1945-09-02")
    feature = next(
        f for f in static_file(spec, f"pick_{lang}_{epoch}.json")["features"] if f["properties"]["id"] == "iturup"
    )
    assert feature["properties"]["controller"] == ("ソ連" if lang == "ja" else "Советский Союз")
    assert spec["tooltip"].startswith(f"{{name_{lang}}}") and "Held by" not in spec["tooltip"]
    assert spec["text"]["play"] != "Play" and spec["text"]["date"] != "Date"


def test_every_page_in_japanese_has_no_english_headings():
    for page in ("timeline", "islands", "positions", "sources", "story"):
        at = run({"date": "1960-01-01", "lang": "ja", "island": "iturup"}, page=page)
        headings = [h.value for h in (*at.header, *at.subheader, *at.title)]
        assert headings and not any(h.isascii() for h in headings), (page, headings)


def test_story_chapter_from_the_url_and_next():
    """?chapter=3 opens chapter 3 in the chosen language; Next goes to 4 and the URL follows."""
    at = run({"lang": "ru"})
    at.query_params["chapter"] = "3"
    at.switch_page("view/pages/story.py").run()
    from kurils.model import dataset
    from kurils.paths import DEFAULT_GEODATA

    ds = dataset.load(DEFAULT_GEODATA)
    chapters = ds.story.to_dict("records")
    assert at.header[0].value.replace("\\", "") == ds.text("story", chapters[2], "title", "ru")
    nxt = next(b for b in at.button if b.proto.shortcut.lower() == "right")
    nxt.click().run()
    assert at.header[0].value.replace("\\", "") == ds.text("story", chapters[3], "title", "ru")
    assert at.query_params["chapter"] in ("4", ["4"])
    assert [b.proto.shortcut.lower() for b in at.button if b.proto.shortcut] == ["left", "right"]


def test_story_bad_chapter_notice():
    at = run()
    at.query_params["chapter"] = "<img src=x onerror=alert(1)>"
    at.switch_page("view/pages/story.py").run()
    assert any("`chapter` value" in w.value for w in at.warning)
    assert at.header[0].value == "Ainu homelands, explorers and early maps"


def test_projector_mode_hides_the_sidebar_and_offers_a_way_out():
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
