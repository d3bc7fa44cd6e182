"""`kurils map` and `kurils story` on the mini fixture: printable maps in three languages, with real
fonts (every committed name and text drawn: tests/data/test_committed_handout.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import urllib.parse
import warnings

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image

from kurils.cli import main
from kurils.model import dataset
from kurils.present import handout, legend
from kurils.present.i18n import gettext
from kurils.present.palette import RGB, state_name


def _share_of(png: bytes, state: str, tolerance: int = 12) -> float:
    """The share of the page's pixels in a state's colour."""
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    return float((np.abs(pixels - np.array(RGB[state])).max(axis=2) <= tolerance).mean())


@pytest.fixture
def geodata(monkeypatch, mini):
    """The commands read the mini fixture."""
    monkeypatch.setenv("KURILS_GEODATA", str(mini))
    return mini


@pytest.mark.parametrize("lang", ["en", "ja", "ru"])
def test_handout_has_every_glyph(mini_ds, lang):
    """No 'Glyph missing from font' warning: Japanese and Cyrillic come out as letters, not boxes."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = handout.map_handout(mini_ds, dt.date(1956, 10, 19), lang, "japan", "png")
    assert png.startswith(b"\x89PNG")


def test_handout_colours_follow_the_day(mini_ds):
    """1860: Iturup and the south in Japan's colour, the north in the Russian Empire's; no Soviet colour
    anywhere (the legend lists only the day's holders). 1950: the Soviet colour and no Russian Empire."""
    early = handout.map_handout(mini_ds, dt.date(1860, 1, 1), "en", "de_facto", "png")
    late = handout.map_handout(mini_ds, dt.date(1950, 1, 1), "en", "de_facto", "png")
    assert _share_of(early, "japan") > 0.0003 and _share_of(early, "russian_empire") > 0.0003
    assert _share_of(early, "ussr") < 0.00003
    assert _share_of(late, "ussr") > 0.0003
    assert _share_of(late, "russian_empire") < 0.00003


def test_map_command_writes_pdf_with_embedded_cjk_font(geodata, tmp_path, capsys):
    """A Japanese PDF embeds Noto Sans CJK and DejaVu Sans, and the command says where it wrote it."""
    out = tmp_path / "handout.pdf"
    assert main(["map", "--at", "1945-09-03", "--lang", "ja", "--out", str(out)]) == 0
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF") and b"NotoSansCJK" in pdf and b"DejaVuSans" in pdf
    assert capsys.readouterr().out == f"wrote {out}\n"


def test_map_command_png_in_russian(geodata, tmp_path):
    """A PNG of A4 landscape at 200 dpi."""
    out = tmp_path / "handout.png"
    assert main(["map", "--at", "2022-03-21", "--lang", "ru", "--pov", "russia", "--out", str(out)]) == 0
    assert Image.open(out).size == (2338, 1654)  # A4 at 200 dpi


@pytest.mark.parametrize(
    "args, message",
    [
        (["--at", "1945-09-03", "--out", "x.txt"], "kurils map: --out must end in .png or .pdf (x.txt)\n"),
        (["--at", "1800-01-01", "--out", "x.pdf"], "kurils map: --at must be from 1855-02-07 to today (1800-01-01)\n"),
        (["--at", "3 Sept", "--out", "x.pdf"], "kurils map: --at must be a date YYYY-MM-DD (3 Sept)\n"),
    ],
)
def test_map_command_refuses_bad_arguments(geodata, tmp_path, monkeypatch, capsys, args, message):
    """A wrong suffix or date: exit 2, one line saying what is wrong, no file."""
    monkeypatch.chdir(tmp_path)
    assert main(["map", *args]) == 2
    assert capsys.readouterr().err == message
    assert list(tmp_path.iterdir()) == []


def test_story_pdf_has_one_page_per_chapter(mini_ds):
    """The mini fixture's three chapters: three pages."""
    pdf = handout.story_pdf(mini_ds, "en")
    assert (pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages"), pdf.count(b"/Type /Pages")) == (3, 1)


def test_story_command_writes_the_pdf(geodata, tmp_path, capsys):
    """`kurils story` writes the same pages as story_pdf, in the language asked for."""
    out = tmp_path / "story.pdf"
    assert main(["story", "--lang", "ru", "--out", str(out)]) == 0
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 3
    assert capsys.readouterr().out == f"wrote {out}\n"


def test_chapter_bounds_whole(mini_ds):
    """Each chapter's islands with a margin, widened to the page's shape (west, south, east, north)."""
    bounds = [handout.chapter_bounds(mini_ds, c) for c in mini_ds.story.to_dict("records")]
    assert bounds == [
        pytest.approx((145.53048, 43.1108, 146.90952, 44.0192), abs=1e-5),
        pytest.approx((145.76039, 43.2668, 146.87961, 44.0032), abs=1e-5),
        pytest.approx((144.97532, 43.69, 158.52468, 51.96), abs=1e-5),
    ]


def test_chapter_bounds_frame_its_islands(mini_ds):
    """Each chapter's map contains all of the islands it names."""
    for chapter in mini_ds.story.to_dict("records"):
        west, south, east, north = handout.chapter_bounds(mini_ds, chapter)
        ids = chapter["island_ids"].split(";")
        w, s, e, n = mini_ds.islands[mini_ds.islands["id"].isin(ids)].total_bounds
        assert west < w and south < s and east > e and north > n


# Issue 13: every source on the page at a readable size, a legend of what the map shows, labels that
# do not pile up. The figures are what the PDF prints (story_pdf saves the same figures).

MANY = 30  # sources of one chapter and one event: more than one page holds


def _long_sources() -> list[dict[str, str]]:
    """Long titles in three scripts, and percent-encoded addresses as the sources table has them."""
    out = []
    for k in range(MANY):
        script = k % 3
        title = [
            f"Source {k} with a long English title about the Kuril Islands and the Treaty of Shimoda, volume {k}",
            f"北方領土問題の歴史と日露関係の資料 第{k}号（歯舞群島・色丹島・国後島・択捉島）",
            f"Источник {k}: история Курильских островов и советско-японские отношения, том {k}",
        ][script]
        path = ["treaty_of_shimoda_and_the_kurils", "北方領土問題_歯舞群島", "Курильские_острова_история"][script]
        out.append(
            {
                "id": f"long_{k}",
                "title": title,
                "publisher": f"Publisher {k}",
                "url": f"https://example.org/wiki/{urllib.parse.quote(path)}_{k}?page={k}&q=" + "x" * (k % 7) * 9,
                "accessed": "2026-11-26",
            }
        )
    return out


def _rewrite(path, change) -> None:
    with path.open(newline="", encoding="utf-8") as f:
        table = list(csv.DictReader(f))
    fields = list(table[0])
    table = change(table)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)


@pytest.fixture(scope="module")
def crowded(mini, tmp_path_factory):
    """The mini fixture with 30 long sources cited by the first chapter and by the last event."""
    folder = tmp_path_factory.mktemp("crowded") / "geodata"
    shutil.copytree(mini, folder)
    sources = _long_sources()
    ids = ";".join(s["id"] for s in sources)
    _rewrite(folder / "sources.csv", lambda table: table + sources)
    _rewrite(
        folder / "story.csv", lambda table: [{**r, "source_ids": ids} if r["id"] == "before" else r for r in table]
    )
    _rewrite(
        folder / "events.csv",
        lambda table: [{**r, "source_ids": ids} if r["id"] == "dissolution" else r for r in table],
    )
    return dataset.load(folder)


@pytest.fixture(scope="module")
def crowded_chapter(crowded):
    chapter = next(c for c in crowded.story.to_dict("records") if c["id"] == "before")
    return handout.chapter_figures(crowded, chapter, "en", 1, 3)


@pytest.fixture(scope="module")
def crowded_map(crowded):
    return handout.map_figures(crowded, dt.date(2025, 1, 1), "ru", "japan")


def _texts(fig: Figure) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text()]


def _printed(figs: list[Figure]) -> str:
    """Everything printed on the pages, without the spaces where lines were wrapped."""
    return "".join(t.get_text() for fig in figs for t in _texts(fig)).replace(" ", "")


def _find(printed: str, text: str) -> bool:
    return text.replace(" ", "") in printed


@pytest.mark.parametrize("figures", ["crowded_chapter", "crowded_map"])
def test_every_source_is_printed_in_full_with_a_readable_address(request, crowded, figures):
    """30 sources do not fit beside the map: they go on to a continuation page, every title,
    publisher and address printed in full, the addresses decoded (Japanese and Cyrillic, not %E5…)."""
    figs = request.getfixturevalue(figures)
    assert len(figs) >= 2
    printed = _printed(figs)
    for source in _long_sources():
        assert _find(printed, f"{source['title']} ({source['publisher']})"), source["title"]
        assert _find(printed, urllib.parse.unquote(source["url"])), source["url"]
    assert "%E5" not in printed and "%D0" not in printed
    assert "北方領土問題_歯舞群島" in printed and "Курильские_острова_история" in printed


def test_every_chapter_source_is_in_the_story(crowded, crowded_chapter):
    """The story's pages: each chapter's sources, by title; a chapter's PDF has as many pages as its figures."""
    pages = list(handout.story_figures(crowded, "en"))
    assert [len(figs) for figs in pages] == [len(crowded_chapter), 1, 1]
    for chapter, figs in zip(crowded.story.to_dict("records"), pages, strict=True):
        printed = _printed(figs)
        for i in chapter["source_ids"].split(";"):
            assert _find(printed, crowded.records["sources"][i]["title"])
    pdf = handout.chapter_pdf(crowded, "before", "en")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == len(crowded_chapter)


@pytest.mark.parametrize("figures", ["crowded_chapter", "crowded_map"])
def test_text_is_readable_and_on_the_page(request, figures):
    """Body and legend at least 10 pt, sources and small print at least 9 pt, the title bigger; every
    text's box inside the page, the text column clear of the map, and no two lines on each other."""
    for fig in request.getfixturevalue(figures):
        renderer = (
            fig.canvas.get_renderer()
            if isinstance(fig.canvas, FigureCanvasAgg)
            else FigureCanvasAgg(fig).get_renderer()
        )
        page = fig.bbox
        texts = _texts(fig)
        sizes = {t.get_gid(): t.get_fontsize() for t in texts}
        assert min(t.get_fontsize() for t in texts) >= 9
        assert all(t.get_fontsize() >= 10 for t in texts if t.get_gid() in ("body", "legend", "heading", "title"))
        assert sizes["title"] > 1.5 * handout.BODY_PT
        boxes = [t.get_window_extent(renderer) for t in texts]
        for t, box in zip(texts, boxes, strict=True):
            assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1, t.get_text()
        lines = [(t, box) for t, box in zip(texts, boxes, strict=True) if t.get_gid() != "label"]
        for ax in fig.axes:
            frame = ax.get_window_extent(renderer)
            assert not [t.get_text() for t, box in lines if box.overlaps(frame)]
        for k, (t, box) in enumerate(lines):
            assert not [u.get_text() for u, other in lines[k + 1 :] if box.overlaps(other)], t.get_text()


def test_legend_lists_what_the_day_shows(mini_ds):
    """1860: Japan and the Russian Empire as fills, no ring; 2025: Russia's fill and Japan's ring."""
    early = legend.present(mini_ds.history.status_at(dt.date(1860, 1, 1)))
    late = legend.present(mini_ds.history.status_at(dt.date(2025, 1, 1)))
    assert early == legend.Present(holders=("japan", "russian_empire"), rings=())
    assert late == legend.Present(holders=("russia",), rings=("japan",))
    assert [e.label for e in legend.entries("en", mini_ds.history.status_at(dt.date(2025, 1, 1)))] == [
        "held by Russia",
        "ring: also claimed by Japan",
    ]
    assert [e.label for e in legend.entries("ja", mini_ds.history.status_at(dt.date(1860, 1, 1)))] == [
        gettext("ja")("held by Japan"),
        gettext("ja")("held by the Russian Empire"),
    ]


@pytest.mark.parametrize(
    "day, lang, expected",
    [
        (dt.date(1860, 1, 1), "en", ["held by Japan", "held by the Russian Empire"]),
        (
            dt.date(2025, 1, 1),
            "ru",
            [gettext("ru")("held by Russia"), gettext("ru")(legend.RING_BY).format(state=state_name("japan", "ru"))],
        ),
    ],
)
def test_handout_legend_is_the_days(mini_ds, day, lang, expected):
    """The map handout's legend lines: the day's holders and rings, in the handout's language."""
    fig = handout.map_figures(mini_ds, day, lang)[0]
    lines = [t.get_text() for t in _texts(fig) if t.get_gid() == "legend"]
    assert lines == expected


@pytest.mark.parametrize("lang, group", [("en", "Habomai islands"), ("ja", "歯舞群島"), ("ru", "острова Хабомаи")])
def test_habomai_islets_are_one_label_at_overview(mini_ds, lang, group):
    """The chain's overview names the Habomai group once and none of its islets; a close-up of the
    islets names each; labels never overlap."""
    names = mini_ds.records["names"]
    islets = {names[i][f"name_{lang}"] for i in ("polonsky", "zeleny")}
    fig = plt_figure()
    ax = fig.add_axes((0, 0, 1, 1))
    handout.draw_map(ax, mini_ds, dt.date(2025, 1, 1), lang)
    labels = [t for t in ax.texts if t.get_visible()]
    assert [t.get_text() for t in labels].count(group) == 1
    assert not islets & {t.get_text() for t in labels}
    close = plt_figure()
    ax = close.add_axes((0, 0, 1, 1))
    handout.draw_map(ax, mini_ds, dt.date(2025, 1, 1), lang, bounds=(145.9, 43.3, 146.6, 43.7), label_min_km2=0)
    assert {t.get_text() for t in ax.texts} == islets
    boxes = [t.get_window_extent() for t in ax.texts]
    assert not any(a.overlaps(b) for k, a in enumerate(boxes) for b in boxes[k + 1 :])


def plt_figure() -> Figure:
    return Figure(figsize=handout.A4_LANDSCAPE)


def test_overlapping_labels_keep_the_larger_island(mini_ds):
    """Two names that would overlap: the larger island's is kept (greedy, largest first)."""
    fig = plt_figure()
    ax = fig.add_axes((0, 0, 0.2, 0.2))  # a tiny map: the chain's names cannot all fit
    handout.draw_map(ax, mini_ds, dt.date(2025, 1, 1), "en")
    shown = [t.get_text() for t in ax.texts]
    assert shown and shown[0] == "Iturup"
    boxes = [t.get_window_extent() for t in ax.texts]
    assert not any(a.overlaps(b) for k, a in enumerate(boxes) for b in boxes[k + 1 :])


@pytest.mark.parametrize(
    "url, readable",
    [
        (
            "https://ja.wikipedia.org/wiki/%E6%AD%AF%E8%88%9E%E7%BE%A4%E5%B3%B6",
            "https://ja.wikipedia.org/wiki/歯舞群島",
        ),
        (
            "https://ru.wikipedia.org/wiki/%D0%A8%D0%B8%D0%BA%D0%BE%D1%82%D0%B0%D0%BD",
            "https://ru.wikipedia.org/wiki/Шикотан",
        ),
        ("http://xn--glrs3qn5a.com/detail/", "http://占守島.com/detail/"),
        ("not a url %ZZ", "not a url %ZZ"),
    ],
)
def test_addresses_are_printed_readable(url, readable):
    assert handout.readable_url(url) == readable


def test_wrapping_keeps_every_character():
    """Lines fit their width; nothing is lost; Japanese lines never start with 、 or 。; a long URL is cut
    after a slash where it can be."""
    ja = "北方領土問題の歴史、日露関係の資料。歯舞群島・色丹島・国後島・択捉島の返還を求める運動が続いた。" * 3
    lines = handout.wrap_lines(ja, 120, 10.5)
    assert "".join(lines) == ja and len(lines) > 3
    assert all(handout.text_width(line, 10.5) <= 120 for line in lines)
    assert not [line for line in lines if line[0] in "、。・"]
    url = "https://hoppou.blog/category/hoppou-heritage/page/43/" + "a" * 40
    lines = handout.wrap_lines(url, 150, 9)
    assert "".join(lines) == url and lines[0].endswith("/")
    text = "An English sentence that needs wrapping across several short lines of text."
    assert " ".join(handout.wrap_lines(text, 100, 10.5)) == text
