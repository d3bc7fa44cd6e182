"""Printable maps (geopandas + matplotlib): the handout of one day, and the story as one PDF.

Pure functions of a Dataset: the CLI (`kurils map`, `kurils story`) and the app's download
buttons call the same code. Text in any of the three languages: Latin and Cyrillic from DejaVu
Sans, Japanese from Noto Sans CJK (matplotlib falls back per glyph; see legend.FONTS).

A page is laid out, not squeezed: the text beside the map is wrapped to its column by measuring it
in the page's fonts, and what does not fit flows on to continuation pages, so every source is
printed in full at a readable size (body 10.5 pt, sources 9 pt, never smaller than 9 pt)."""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import re
import unicodedata
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Rectangle
from matplotlib.transforms import Bbox
from PIL import Image

from kurils.model import places
from kurils.model.dataset import BEFORE_BORDERS, Dataset
from kurils.model.io import rows
from kurils.model.timeline import Status
from kurils.present import legend, sea, words
from kurils.present.deck import HABOMAI_NAME, LABEL_MIN_KM2
from kurils.present.i18n import N_, day_text, gettext
from kurils.present.palette import HOMELAND, HOMELAND_RGB, RGB, claim_outline

A4_LANDSCAPE = (11.69, 8.27)  # inches
# All text here is data or translation: parse_math=False, so a "$" is a dollar sign, never mathtext.
CHAIN_BOUNDS = (139.5, 41.2, 160.5, 51.2)  # west, south, east, north: Hokkaido to the tip of Kamchatka
ATTRIBUTION = N_(
    "Outlines: GSHHG 2.3.7 (Wessel & Smith), LGPL-3.0. History: kurils atlas, CC-BY-4.0, with the sources listed."
)
CONTINUED = N_("{title} (continued)")
LAND, SEA, EDGE = "#cec9bd", "#e4ecf3", "#3c3c3c"

# Sizes in points. Body text and the legend at least 10 pt, sources and small print 9 pt, titles bigger.
TITLE_PT, SUBTITLE_PT, HEADING_PT, BODY_PT, SOURCE_PT, LABEL_PT = 18.0, 11.0, 11.5, 10.5, 9.0, 9.0
LEADING = 1.3  # line height / font size
MARGIN = 0.45  # inches, on every side
GUTTER = 0.3  # inches between the map and the text column, and between columns
MAP_SHARE = 0.55  # of the page's width inside the margins: the map; the rest is the text column
MAP_SHARE_OVERVIEW = 0.62  # the chain is wide: its map gets more width, and text goes under it too
HABOMAI_SPLIT_DEG = 2.5  # maps wider than this (degrees of longitude) name the Habomai islets as one group
GREY = "#444444"
ORPHAN_LINES = 3  # a paragraph starts in a column only if this many of its lines fit there


def _rgb(state: str, alpha: float = 1.0) -> tuple[float, ...]:
    return (*[c / 255 for c in RGB.get(state, RGB["none"])], alpha)


def habomai_label(lang: str) -> str:
    """The Habomai islets' group name as a map label, in `lang`."""
    return gettext(lang)(HABOMAI_NAME)


def readable_url(url: str) -> str:
    """An address as a person reads it: percent-escapes decoded (Japanese and Cyrillic paths become
    words) and an internationalised host name (xn--…) in its own script. Control and format
    characters (a bidi override hidden in an escape) are dropped: printed, they would reorder the line."""
    text = "".join(c for c in urllib.parse.unquote(url) if unicodedata.category(c) not in ("Cc", "Cf"))
    try:
        parts = urllib.parse.urlsplit(text)
        host = parts.hostname or ""
        if "xn--" in host:
            text = text.replace(host, host.encode("ascii").decode("idna"), 1)
    except (UnicodeError, ValueError):
        pass  # not a well-formed address: print it as it is
    return text


@dataclass(frozen=True)
class _Label:
    text: str
    lon: float
    lat: float
    area: float


def _label_candidates(
    ds: Dataset, lang: str, bounds: tuple[float, float, float, float], label_min_km2: float
) -> list[_Label]:
    """The names to try on the map, largest island first; at overview scale the Habomai islets are one
    label (their group name) at the group's eastern edge, not ten piled on each other."""
    west, south, east, north = bounds
    group = east - west > HABOMAI_SPLIT_DEG
    names = ds.records["names"]
    out, habomai = [], []
    for island_id, area in ds.areas.items():
        row = names[island_id]
        lon, lat = float(row["label_lon"]), float(row["label_lat"])
        if not (west <= lon <= east and south <= lat <= north):
            continue
        if group and island_id in words.HABOMAI:
            habomai.append(_Label(row[f"name_{lang}"], lon, lat, area))
        elif area >= label_min_km2:
            out.append(_Label(row[f"name_{lang}"], lon, lat, area))
    total = sum(h.area for h in habomai)
    if habomai and total >= label_min_km2:
        lat = sum(h.lat * h.area for h in habomai) / total if total else habomai[0].lat
        out.append(_Label(habomai_label(lang), max(h.lon for h in habomai), lat, total))
    return sorted(out, key=lambda c: (-c.area, c.text))


# Where a label may sit beside its point, in order of preference: right, left, below, above.
_PLACES = (
    ((5, 0), "left", "center"),
    ((-5, 0), "right", "center"),
    ((0, -6), "center", "top"),
    ((0, 6), "center", "bottom"),
)


def _place_labels(ax: Axes, labels: list[_Label]) -> None:
    """Greedy: each label in the first place where its box stays inside the map and overlaps no label
    already placed; a label with no such place is left out (the larger islands keep theirs)."""
    ax.apply_aspect()
    frame = ax.get_window_extent()
    placed: list[Bbox] = []
    for c in labels:
        for offset, ha, va in _PLACES:
            text = ax.annotate(
                c.text,
                (c.lon, c.lat),
                xytext=offset,
                textcoords="offset points",
                fontsize=LABEL_PT,
                ha=ha,
                va=va,
                parse_math=False,
                bbox={"boxstyle": "round,pad=0.1", "fc": (1, 1, 1, 0.75), "ec": "none"},
                gid="label",
            )
            box = text.get_window_extent()  # touching boxes are fine: the text keeps its white pad
            inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
            if inside and not any(box.overlaps(other) for other in placed):
                placed.append(box)
                break
            text.remove()


def draw_map(
    ax: Axes,
    ds: Dataset,
    day: dt.date,
    lang: str = "en",
    bounds: tuple[float, float, float, float] = CHAIN_BOUNDS,
    label_min_km2: float = LABEL_MIN_KM2,
    before_borders: bool = False,
    with_sea: bool = False,
) -> list[Status]:
    """The islands on `day` coloured by holder, ringed by another claimant, with the treaty lines
    in force and island names in `lang` that do not overlap (`before_borders`: in one colour, no
    state's, with no line or ring, as story chapter 1 describes them; `with_sea`: the sea zones in
    force under the land, as the map's layer draws them). Returns the day's statuses."""
    records = {s.island_id: s for s in ds.history.status_at(day)}
    west, south, east, north = bounds
    ax.set_facecolor(SEA)
    if with_sea and not before_borders:
        _draw_sea(ax, ds, day)
    ds.land.plot(ax=ax, color=LAND, linewidth=0)
    islands = ds.islands.assign(controller=[records[i].controller for i in ds.islands["id"]])
    rings = [claim_outline(records[i].controller, list(records[i].claimants)) for i in islands["id"]]
    ringed = [k for k, ring in enumerate(rings) if ring[3] and not before_borders]
    if ringed:
        islands.iloc[ringed].boundary.plot(
            ax=ax, color=[tuple(c / 255 for c in rings[k][:3]) for k in ringed], linewidth=1.8
        )
    fills = [tuple(c / 255 for c in HOMELAND_RGB) if before_borders else _rgb(c) for c in islands["controller"]]
    islands.plot(ax=ax, color=fills, edgecolor=EDGE, linewidth=0.4)
    boundary = ds.claims[
        (ds.claims["kind"] == "boundary")
        & (ds.claims["valid_from"] <= day.isoformat())
        & ((ds.claims["valid_to"] == "") | (ds.claims["valid_to"] > day.isoformat()))
    ]
    if len(boundary) and not before_borders:
        boundary.plot(ax=ax, color="#1e1e1e", linewidth=1.4, linestyle=(0, (5, 3)))
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1 / math.cos(math.radians((south + north) / 2)))  # degrees look square at this latitude
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    figure = ax.get_figure(root=True)
    if figure is not None and not isinstance(figure.canvas, FigureCanvasAgg):
        FigureCanvasAgg(figure)  # measuring labels needs a renderer (see _new_figure)
    _place_labels(ax, _label_candidates(ds, lang, bounds, label_min_km2))
    return list(records.values())


def _draw_sea(ax: Axes, ds: Dataset, day: dt.date) -> None:
    """The zones in force, wide ones first (sea.DRAW_ORDER), each in its state's colour and alpha."""
    zones = ds.maritime.set_index("id")
    rows = sorted(sea.in_force(ds.maritime, day), key=lambda r: sea.DRAW_ORDER.index(r["kind"]))
    for r in rows:
        colour = tuple(c / 255 for c in sea.fill(r))
        zones.loc[[r["id"]]].plot(ax=ax, color=[colour], linewidth=0)


# Text that flows: measured in the page's fonts, wrapped to a column, continued on the next page.

_CJK = "\u2e80-\u2fff\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_NO_LINE_START = "、。，．・：；？！）」』］｝〕〉》】ー々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ,.;:!?)]}%"
_NO_LINE_END = "「『（［｛〔〈《【([{"
_TOKEN = re.compile(rf"[{_CJK}]|[^\s{_CJK}]+\s*|\s+")
_URL_BREAK_AFTER = "/?&=-_.#,"


def text_width(text: str, size: float, weight: str = "normal") -> float:
    """The width of one line of text in points, in the page's fonts (with their fallback): the sum of
    its characters' advances. Kerning only ever narrows a line, so the sum errs on the safe side."""
    return sum(_advance(ch, weight) for ch in text) * size / _MEASURE_PT


_MEASURE_PT = 100.0  # measured large, so the widths are the fonts' own, not a small size's hinted ones


@functools.cache
def _advance(ch: str, weight: str) -> float:
    """One character's width at _MEASURE_PT, measured once (a layout call costs about a millisecond)."""
    width, _height, _descent = _renderer().get_text_width_height_descent(  # type: ignore[no-untyped-call]
        ch, FontProperties(family=legend.FONTS, size=_MEASURE_PT, weight=weight), ismath=False
    )
    return float(width)


@functools.cache
def _renderer() -> RendererAgg:
    return RendererAgg(8, 8, 72)  # type: ignore[no-untyped-call]  # 72 dpi: a pixel is a point


def _tokens(text: str) -> list[str]:
    """Break opportunities: a word with its spaces, or one CJK character; punctuation that may not start
    a line sticks to the token before it, an opening bracket to the token after it."""
    out: list[str] = []
    for tok in _TOKEN.findall(text):
        if out and (tok[0] in _NO_LINE_START or out[-1].rstrip()[-1:] in _NO_LINE_END) and not out[-1].isspace():
            out[-1] += tok
        else:
            out.append(tok)
    return out


def _split_long(token: str, width: float, size: float, weight: str) -> list[str]:
    """A token wider than the line (a long URL): cut by characters, after a slash or the like where
    one falls in the line's second half. Linear in the token's length (a hostile 'word' may be long)."""
    pieces, current, used = [], "", 0.0
    for ch in token:
        advance = text_width(ch, size, weight)
        if current and used + advance > width:
            cut = max(current.rfind(b) for b in _URL_BREAK_AFTER) + 1
            if cut <= len(current) // 2:
                cut = len(current)
            pieces.append(current[:cut])
            current = current[cut:]
            used = text_width(current, size, weight)
        current += ch
        used += advance
    return [*pieces, current]


def wrap_spans(text: str, width: float, size: float, weight: str = "normal") -> list[tuple[int, int]]:
    """Lines of one paragraph no wider than `width` points, as (start, end) in `text`: a line is
    text[start:end] without its trailing spaces, and what follows a line starts at its end."""
    spans: list[tuple[int, int]] = []
    start = end = 0
    for tok in _tokens(text):
        tok_start, tok_end = end, end + len(tok)
        if text_width(text[start:tok_end].rstrip(), size, weight) <= width:
            end = tok_end
            continue
        if text[start:end].strip():
            spans.append((start, end))
        start, end = (tok_end if tok.isspace() else tok_start), tok_end
        if text_width(text[start:end].rstrip(), size, weight) > width:
            *full, _last = _split_long(text[start:end], width, size, weight)
            for piece in full:
                spans.append((start, start + len(piece)))
                start += len(piece)
    if text[start:end].strip() or not spans:
        spans.append((start, end))
    return spans


def wrap_lines(text: str, width: float, size: float, weight: str = "normal") -> list[str]:
    """`text` as lines no wider than `width` points; paragraphs (newlines) kept."""
    return [p[a:b].rstrip() for p in text.split("\n") for a, b in wrap_spans(p, width, size, weight)]


@dataclass(frozen=True)
class Line:
    """One printed line. `role` is the Text artist's gid: title, subtitle, heading, body, legend, source, small."""

    text: str
    size: float
    role: str
    weight: str = "normal"
    colour: str = "#000000"
    indent: float = 0.0  # points
    swatch: legend.Entry | None = None

    @property
    def height(self) -> float:  # inches
        return self.size * LEADING / 72


@dataclass(frozen=True)
class Para:
    """A paragraph in one style, wrapped when it is known which column it goes in. With `first_indent`,
    the first line starts there and the rest hang at `indent` (points); a swatch goes before the first line."""

    text: str
    size: float
    role: str
    weight: str = "normal"
    colour: str = "#000000"
    indent: float = 0.0
    first_indent: float | None = None
    swatch: legend.Entry | None = None

    def lines(self, width_in: float, first: bool = True) -> list[Line]:
        """The lines in a column `width_in` inches wide; `first`: the paragraph's start is among them."""
        start = self.indent if self.first_indent is None or not first else self.first_indent
        width = (width_in * 72 - max(start, self.indent) - 0.5) * 0.97  # slack for hinting in raster output
        out = []
        for k, (a, b) in enumerate(wrap_spans(self.text, width, self.size, self.weight)):
            lead = k == 0 and first
            out.append(
                Line(
                    self.text[a:b].rstrip(),
                    self.size,
                    self.role,
                    self.weight,
                    self.colour,
                    start if lead else self.indent,
                    self.swatch if lead else None,
                )
            )
        return out

    def rest(self, width_in: float, placed: int, first: bool = True) -> str:
        """The text after the first `placed` lines at this width (to wrap again in another column)."""
        start = self.indent if self.first_indent is None or not first else self.first_indent
        width = (width_in * 72 - max(start, self.indent) - 0.5) * 0.97
        spans = wrap_spans(self.text, width, self.size, self.weight)
        return self.text[spans[placed][0] :] if placed < len(spans) else ""


def paras(text: str, size: float, role: str, **style: Any) -> list[Para]:
    """A text in one style, a Para per line of the source text (its paragraphs)."""
    return [Para(p, size, role, **style) for p in text.split("\n") if p.strip()]


@dataclass
class Block:
    """Paragraphs that belong together; a `keep` block moves whole to the next column rather than split."""

    paras: list[Para]
    space_before: float = 0.0  # points
    keep: bool = False

    def height(self, width_in: float) -> float:
        return sum(line.height for p in self.paras for line in p.lines(width_in))


@dataclass(frozen=True)
class Frame:
    """A column on a page: left and top edge, width and bottom, in inches from the page's bottom left."""

    left: float
    top: float
    width: float
    bottom: float


@dataclass
class Page:
    frames: list[Frame]
    placed: list[tuple[float, float, Line]] = field(default_factory=list)  # x, top of line (inches), line


def flow(blocks: Iterable[Block], first: Page, more: Callable[[], Page]) -> list[Page]:
    """Lay the blocks out in the first page's columns, then on as many more pages as they need; a
    paragraph split between columns of different widths is wrapped again for the next one."""
    pages = [first]

    def frames() -> Iterator[tuple[Page, Frame]]:
        page = first
        while True:
            for f in page.frames:
                yield page, f
            page = more()
            pages.append(page)

    columns = frames()
    page, frame = next(columns)
    y = frame.top
    for block in blocks:
        height = block.height(frame.width)
        gap = block.space_before / 72 if y < frame.top else 0.0
        if block.keep and y - gap - height < frame.bottom and y < frame.top and height <= frame.top - frame.bottom:
            page, frame = next(columns)
            y, gap = frame.top, 0.0
        y -= gap
        for para in block.paras:
            current, is_start = para, True
            while True:
                lines = current.lines(frame.width, is_start)
                room = int((y - frame.bottom) / lines[0].height + 1e-9) if lines else 0
                if y < frame.top and room < min(ORPHAN_LINES, len(lines)):  # no lone first lines at a column's foot
                    page, frame = next(columns)
                    y = frame.top
                    continue
                fitted = 0
                for line in lines:
                    if y - line.height < frame.bottom and y < frame.top:
                        break
                    page.placed.append((frame.left + line.indent / 72, y, line))
                    y -= line.height
                    fitted += 1
                if fitted == len(lines):
                    break
                rest = current.rest(frame.width, fitted, is_start)
                current, is_start = _with_text(para, rest), False
                page, frame = next(columns)
                y = frame.top
    return pages


def _with_text(para: Para, text: str) -> Para:
    return Para(text, para.size, para.role, para.weight, para.colour, para.indent, para.first_indent, para.swatch)


def draw_lines(fig: Figure, page: Page) -> None:
    """A laid-out page's lines (and legend swatches) on `fig`, placed in inches from its bottom left."""
    width, height = fig.get_size_inches()
    for x, top, line in page.placed:
        baseline = top - line.size * 1.02 / 72
        if line.swatch:
            edge = line.swatch.edge
            fig.add_artist(
                Rectangle(
                    ((x * 72 - line.size * 2.1) / 72 / width, (baseline - line.size * 0.12 / 72) / height),
                    line.size * 1.6 / 72 / width,
                    line.size * 1.0 / 72 / height,
                    transform=fig.transFigure,
                    facecolor=line.swatch.face,
                    edgecolor=edge if edge else "none",
                    linewidth=2.6 if edge else 0.0,
                    gid="swatch",
                )
            )
        fig.text(
            x / width,
            baseline / height,
            line.text,
            fontsize=line.size,
            fontweight=line.weight,
            color=line.colour,
            va="baseline",
            ha="left",
            parse_math=False,
            gid=line.role,
        )


def _new_figure() -> Figure:
    """A page without pyplot: no global state, so download buttons on other threads cannot mix pages.
    Its canvas draws nothing until draw_map gives it one that does: geopandas asks for a redraw after
    each layer, three whole-page draws per map for nothing."""
    return Figure(figsize=A4_LANDSCAPE)


INNER = A4_LANDSCAPE[0] - 2 * MARGIN  # the page's width inside the margins


def _header(title: str, subtitle: str) -> list[Line]:
    lines = Para(title, TITLE_PT, "title", weight="bold").lines(INNER)
    return lines + (Para(subtitle, SUBTITLE_PT, "subtitle", colour=GREY).lines(INNER) if subtitle else [])


def _header_page(header: list[Line], frames: Callable[[float], list[Frame]]) -> Page:
    """A page with its heading lines at the top and columns below them."""
    top = A4_LANDSCAPE[1] - MARGIN
    placed = []
    for line in header:
        placed.append((MARGIN, top, line))
        top -= line.height
    return Page(frames(top - 0.15), placed)


def _columns(top: float) -> list[Frame]:
    """A continuation page: two columns under the heading."""
    width = (INNER - GUTTER) / 2
    return [Frame(MARGIN + k * (width + GUTTER), top, width, MARGIN) for k in (0, 1)]


def legend_block(statuses: list[Status], lang: str, before_borders: bool = False) -> Block:
    """The legend of what the map of these statuses shows, a swatch before each line."""
    indent = BODY_PT * 2.4
    shown = legend.entries(lang, statuses)
    if before_borders:
        r, g, b = (c / 255 for c in HOMELAND_RGB)
        shown = [legend.Entry(gettext(lang)(HOMELAND), (r, g, b))]
    return Block([Para(e.label, BODY_PT, "legend", indent=indent, swatch=e) for e in shown])


def source_blocks(ds: Dataset, ids: list[str], lang: str) -> list[Block]:
    """'Sources:' and every source in full: number, title, publisher, and the address decoded
    (so a Japanese or Russian URL reads as words), each source kept together in one column."""
    _ = gettext(lang)
    hang = text_width("00.\u2002", SOURCE_PT)  # hanging indent: as wide as "17. "
    out = []
    for k, i in enumerate(ids, start=1):
        s = ds.records["sources"].get(i)
        text = f"{s['title']} ({s['publisher']})" if s else i
        items = [Para(f"{k}.\u2002{text}", SOURCE_PT, "source", indent=hang, first_indent=0.0)]
        if s and s["url"]:
            items.append(Para(readable_url(s["url"]), SOURCE_PT, "source", colour=GREY, indent=hang))
        out.append(Block(items, space_before=2.5, keep=True))
    if not out:
        return []
    heading = Para(_("Sources:"), SOURCE_PT + 1, "heading", weight="bold")
    out[0] = Block([heading, *out[0].paras], space_before=8, keep=True)  # the heading never ends a column
    return out


def _layout(
    ds: Dataset,
    day: dt.date,
    lang: str,
    title: str,
    subtitle: str,
    view: tuple[tuple[float, float, float, float], float, float],
    blocks: Callable[[list[Status]], list[Block]],
    before_borders: bool = False,
    with_sea: bool = False,
) -> list[Figure]:
    """The first page: heading, the map (`view`: bounds, smallest area named, share of the width)
    with the attribution under it, and text columns under the map (where the map leaves room) and
    beside it, starting with the legend; then continuation pages of two columns."""
    bounds, label_min_km2, share = view
    page_w, page_h = A4_LANDSCAPE
    map_w = (INNER - GUTTER) * share
    attribution = Para(gettext(lang)(ATTRIBUTION), SOURCE_PT, "small", colour=GREY).lines(map_w)
    beside = Frame(MARGIN + map_w + GUTTER, 0.0, INNER - map_w - GUTTER, MARGIN)
    first = _header_page(_header(title, subtitle), lambda top: [Frame(beside.left, top, beside.width, MARGIN)])
    top = first.frames[0].top
    bottom = MARGIN + sum(line.height for line in attribution) + 0.1
    fig = _new_figure()
    ax = fig.add_axes((MARGIN / page_w, bottom / page_h, map_w / page_w, (top - bottom) / page_h))
    ax.set_anchor("NW")
    statuses = draw_map(
        ax, ds, day, lang, bounds=bounds, label_min_km2=label_min_km2, before_borders=before_borders, with_sea=with_sea
    )
    y = ax.get_position().y0 * page_h - 0.08
    for line in attribution:
        first.placed.append((MARGIN, y, line))
        y -= line.height
    if y - 0.2 - MARGIN > 4 * BODY_PT * LEADING / 72:  # room under the map: the left column goes on there
        first.frames.insert(0, Frame(MARGIN, y - 0.2, map_w, MARGIN))
    continued = gettext(lang)(CONTINUED).format(title=title)
    pages = flow(
        [legend_block(statuses, lang, before_borders), *blocks(statuses)],
        first,
        lambda: _header_page(_header(continued, ""), _columns),
    )
    figures = [fig] + [_new_figure() for _ in pages[1:]]
    for f, page in zip(figures, pages, strict=True):
        draw_lines(f, page)
    return figures


def position_blocks(ds: Dataset, day: dt.date, pov: str, lang: str) -> list[Block]:
    """The stated positions of `pov` (japan, russia) in force on `day`, each once with who stated it;
    none for the de-facto view."""
    if pov not in ("japan", "russia"):
        return []
    pos_ids = {s.position.id for s in ds.history.status_at(day, pov) if s.position}
    shown, out = set(), []
    for p in rows(ds.positions[ds.positions["id"].isin(sorted(pos_ids))]):
        statement = ds.text("positions", p, "statement", lang)
        if statement not in shown:  # the same words for several islands: once
            shown.add(statement)
            who = paras(f"{p['attributed_to']}:", BODY_PT, "body", weight="bold")
            out.append(Block(who + paras(statement, BODY_PT, "body"), 8))
    return out


def map_figures(
    ds: Dataset, day: dt.date, lang: str = "en", pov: str = "de_facto", with_sea: bool = False
) -> list[Figure]:
    """An A4 landscape page (and more if the sources need them): title, map, legend of what the map
    shows, what happened last, the point of view's position where it has one, the map in words
    (with the sea zones in force when `with_sea`), attribution and every source of the latest event."""
    _ = gettext(lang)
    event = ds.history.latest_event(day)

    def text(statuses: list[Status]) -> list[Block]:
        out = []
        if event:
            latest_on = day_text(dt.date.fromisoformat(event["date"]), lang)
            out += [
                Block(paras(_("Latest event: {date}").format(date=latest_on), BODY_PT, "body", colour=GREY), 10),
                Block(paras(ds.text("events", event, "title", lang), HEADING_PT, "heading", weight="bold"), 2, True),
                Block(paras(ds.text("events", event, "summary", lang), BODY_PT, "body"), 3),
            ]
        out += position_blocks(ds, day, pov, lang)
        names = ds.island_names(lang)
        alternative = words.text_alternative(statuses, day, ds.chain, lang, names)
        out.append(Block(paras(alternative, BODY_PT, "body"), 8))
        at_sea = sea.sentence(ds.maritime, day, lang) if with_sea else None
        if at_sea:
            out.append(Block(paras(at_sea, BODY_PT, "body"), 4))
        return out + source_blocks(ds, event["source_ids"].split(";") if event else [], lang)

    title = _("Kuril Islands on {day}").format(day=day_text(day, lang))
    return _layout(ds, day, lang, title, "", (CHAIN_BOUNDS, LABEL_MIN_KM2, MAP_SHARE_OVERVIEW), text, with_sea=with_sea)


def chapter_figures(
    ds: Dataset, chapter: dict[str, Any], lang: str = "en", number: int | None = None, total: int | None = None
) -> list[Figure]:
    """One story chapter on an A4 landscape page, and more if its text and sources need them: the map
    framed on its islands, the legend, the text and every source."""
    _ = gettext(lang)
    day = dt.date.fromisoformat(chapter["map_date"])
    heading = ds.text("story", chapter, "title", lang)
    if number is not None:
        heading = f"{number}/{total} · {heading}"
    before_borders = chapter.get("map_style") == BEFORE_BORDERS  # no day's status: the period only
    map_on = _("Map on {day}").format(day=day_text(day, lang))
    period = ds.text("story", chapter, "period", lang)
    subtitle = period if before_borders else f"{period} · {map_on}"
    bounds = chapter_bounds(ds, chapter)
    close_up = bounds[2] - bounds[0] < 6  # degrees of longitude: name every islet when zoomed in

    def text(statuses: list[Status]) -> list[Block]:
        body = Block(paras(ds.text("story", chapter, "text", lang), BODY_PT, "body"), space_before=10)
        return [body, *source_blocks(ds, [i for i in chapter["source_ids"].split(";") if i], lang)]

    view = (bounds, 0 if close_up else LABEL_MIN_KM2, MAP_SHARE)
    return _layout(ds, day, lang, heading, subtitle, view, text, before_borders)


def chapter_bounds(ds: Dataset, chapter: dict[str, Any], margin: float = 0.35) -> tuple[float, float, float, float]:
    """The chapter's islands with a margin, widened to the page's shape."""
    ids = [i for i in chapter["island_ids"].split(";") if i]
    shapes = ds.islands[ds.islands["id"].isin(ids)] if ids else ds.islands
    west, south, east, north = shapes.total_bounds
    # The places of the chapter's events are in the frame too (a landing beach, a town on Hokkaido).
    events = [
        ds.records["events"][e] for e in str(chapter.get("event_ids") or "").split(";") if e in ds.records["events"]
    ]
    for lon, lat in (p for e in events for p in places.points_of(e, ds.records["names"])):
        west, south, east, north = min(west, lon), min(south, lat), max(east, lon), max(north, lat)
    pad = margin + 0.08 * max(east - west, north - south)
    west, south, east, north = west - pad, south - pad, east + pad, north + pad
    ratio = 1.1 / math.cos(math.radians((south + north) / 2))  # width / height of the map box, in degrees
    if (east - west) < (north - south) * ratio:
        extra = ((north - south) * ratio - (east - west)) / 2
        west, east = west - extra, east + extra
    else:
        extra = ((east - west) / ratio - (north - south)) / 2
        south, north = south - extra, north + extra
    return float(west), float(south), float(east), float(north)


def to_bytes(figs: Figure | list[Figure], fmt: str) -> bytes:
    """A PDF of the pages; a PNG of one page, or of several one under the other (nothing is left out)."""
    pages = [figs] if isinstance(figs, Figure) else figs
    if fmt == "pdf":
        out = io.BytesIO()
        with PdfPages(out, metadata=_metadata("pdf")) as pdf:
            for fig in pages:
                pdf.savefig(fig)
        return out.getvalue()
    pngs = []
    for fig in pages:
        one = io.BytesIO()
        fig.savefig(one, format=fmt, dpi=200, metadata=_metadata(fmt))
        pngs.append(one.getvalue())
    if len(pngs) == 1:
        return pngs[0]
    images = [Image.open(io.BytesIO(png)) for png in pngs]
    sheet = Image.new("RGBA", (max(i.width for i in images), sum(i.height for i in images)), "white")
    y = 0
    for image in images:
        sheet.paste(image, (0, y))
        y += image.height
    out = io.BytesIO()
    sheet.save(out, format="png")
    return out.getvalue()


def _metadata(fmt: str) -> dict[str, Any]:
    # Fixed metadata: the same input gives the same PDF (no creation date), which tests and caches rely on.
    return {"Creator": "kurils", "CreationDate": None} if fmt == "pdf" else {"Software": "kurils"}


def map_handout(
    ds: Dataset, day: dt.date, lang: str = "en", pov: str = "de_facto", fmt: str = "pdf", with_sea: bool = False
) -> bytes:
    return to_bytes(map_figures(ds, day, lang, pov, with_sea), fmt)


def chapter_pdf(ds: Dataset, chapter_id: str, lang: str = "en") -> bytes:
    chapters = rows(ds.story)
    k = next(i for i, c in enumerate(chapters) if c["id"] == chapter_id)
    return to_bytes(chapter_figures(ds, chapters[k], lang, k + 1, len(chapters)), "pdf")


def story_figures(ds: Dataset, lang: str = "en") -> Iterator[list[Figure]]:
    """Each chapter's pages, chapter by chapter (one chapter in memory at a time)."""
    chapters = rows(ds.story)
    for k, chapter in enumerate(chapters):
        yield chapter_figures(ds, chapter, lang, k + 1, len(chapters))


def story_pdf(ds: Dataset, lang: str = "en") -> bytes:
    """Every chapter, a page each (more where its sources need them), in one PDF."""
    out = io.BytesIO()
    with PdfPages(out, metadata=_metadata("pdf")) as pdf:
        for figures in story_figures(ds, lang):
            for fig in figures:
                pdf.savefig(fig)
    return out.getvalue()
