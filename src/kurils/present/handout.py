"""Printable maps (geopandas + matplotlib): the handout of one day, and the story as one PDF.

Pure functions of a Dataset: the CLI (`kurils map`, `kurils story`) and the app's download
buttons call the same code. Text in any of the three languages: Latin and Cyrillic from DejaVu
Sans, Japanese from Noto Sans CJK (matplotlib falls back per glyph; see legend.FONTS)."""

from __future__ import annotations

import datetime as dt
import io
import math
import textwrap
from typing import Any

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from kurils.model.dataset import Dataset
from kurils.model.io import rows
from kurils.model.timeline import Status
from kurils.present import legend, words
from kurils.present.deck import LABEL_MIN_KM2
from kurils.present.i18n import N_, day_text, gettext
from kurils.present.palette import RGB, claim_outline

A4_LANDSCAPE = (11.69, 8.27)  # inches
# All text here is data or translation: parse_math=False, so a "$" is a dollar sign, never mathtext.
CHAIN_BOUNDS = (139.5, 41.2, 160.5, 51.2)  # west, south, east, north: Hokkaido to the tip of Kamchatka
ATTRIBUTION = N_(
    "Outlines: GSHHG 2.3.7 (Wessel & Smith), LGPL-3.0. History: kurils atlas, CC-BY-4.0, with the sources listed."
)
LAND, SEA, EDGE = "#cec9bd", "#e4ecf3", "#3c3c3c"


def _rgb(state: str, alpha: float = 1.0) -> tuple[float, ...]:
    return (*[c / 255 for c in RGB.get(state, RGB["none"])], alpha)


def draw_map(
    ax: Axes,
    ds: Dataset,
    day: dt.date,
    lang: str = "en",
    bounds: tuple[float, float, float, float] = CHAIN_BOUNDS,
    label_min_km2: float = LABEL_MIN_KM2,
) -> list[Status]:
    """The islands on `day` coloured by holder, ringed by another claimant, with the treaty lines
    in force and island names in `lang`. Returns the day's statuses."""
    records = {s.island_id: s for s in ds.history.status_at(day)}
    west, south, east, north = bounds
    ax.set_facecolor(SEA)
    ds.land.plot(ax=ax, color=LAND, linewidth=0)
    islands = ds.islands.assign(controller=[records[i].controller for i in ds.islands["id"]])
    rings = [claim_outline(records[i].controller, list(records[i].claimants)) for i in islands["id"]]
    ringed = [k for k, ring in enumerate(rings) if ring[3]]
    if ringed:
        islands.iloc[ringed].boundary.plot(
            ax=ax, color=[tuple(c / 255 for c in rings[k][:3]) for k in ringed], linewidth=1.8
        )
    islands.plot(ax=ax, color=[_rgb(c) for c in islands["controller"]], edgecolor=EDGE, linewidth=0.4)
    boundary = ds.claims[
        (ds.claims["kind"] == "boundary")
        & (ds.claims["valid_from"] <= day.isoformat())
        & ((ds.claims["valid_to"] == "") | (ds.claims["valid_to"] > day.isoformat()))
    ]
    if len(boundary):
        boundary.plot(ax=ax, color="#1e1e1e", linewidth=1.4, linestyle=(0, (5, 3)))
    names = ds.records["names"]
    for island_id, area in ds.areas.items():
        row = names[island_id]
        lon, lat = float(row["label_lon"]), float(row["label_lat"])
        if area >= label_min_km2 and west <= lon <= east and south <= lat <= north:
            ax.annotate(
                row[f"name_{lang}"],
                (lon, lat),
                xytext=(5, 0),
                textcoords="offset points",
                fontsize=7.5,
                va="center",
                parse_math=False,
                bbox={"boxstyle": "round,pad=0.1", "fc": (1, 1, 1, 0.7), "ec": "none"},
            )
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1 / math.cos(math.radians((south + north) / 2)))  # degrees look square at this latitude
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    return list(records.values())


def wrap(text: str, lang: str, width: int) -> str:
    """Lines of about `width` Latin characters; Japanese has no spaces, so it is cut by characters
    (a CJK character is about twice as wide)."""
    if lang == "ja":
        step = max(10, width // 2)
        return "\n".join(text[i : i + step] for i in range(0, len(text), step))
    return textwrap.fill(text, width)


def _sources(ds: Dataset, ids: list[str]) -> str:
    out = []
    for i in ids:
        s = ds.records["sources"].get(i)
        out.append(f"{s['title']} ({s['publisher']}) {s['url']}" if s else i)
    return "\n".join(out)


def _footer(ds: Dataset, source_ids: list[str], lang: str) -> str:
    _ = gettext(lang)
    return _(ATTRIBUTION) + "\n" + _("Sources:") + "\n" + _sources(ds, source_ids)


def map_figure(ds: Dataset, day: dt.date, lang: str = "en", pov: str = "de_facto") -> Figure:
    """One A4 landscape page: title, date, map, legend, what happened last, the point of view's
    position where it has one, attribution and sources."""
    _ = gettext(lang)
    fig = plt.figure(figsize=A4_LANDSCAPE)
    fig.suptitle(
        _("Kuril Islands on {day}").format(day=day_text(day, lang)),
        fontsize=17,
        x=0.04,
        ha="left",
        y=0.965,
        parse_math=False,
    )
    ax = fig.add_axes((0.03, 0.2, 0.62, 0.7))
    records = draw_map(ax, ds, day, lang)
    fig.legend(handles=legend.handles(lang), loc="upper left", bbox_to_anchor=(0.67, 0.9), frameon=False, fontsize=9)
    event = ds.history.latest_event(day)
    side = []
    if event:
        side += [
            _("Latest event: {date}").format(date=event["date"]),
            wrap(ds.text("events", event, "title", lang), lang, 48),
            "",
            wrap(ds.text("events", event, "summary", lang), lang, 52),
        ]
    if pov in ("japan", "russia"):
        pos_ids = {s.position.id for s in ds.history.status_at(day, pov) if s.position}
        shown = set()
        for p in rows(ds.positions[ds.positions["id"].isin(sorted(pos_ids))]):
            statement = ds.text("positions", p, "statement", lang)
            if statement not in shown:  # the same words for several islands: once
                shown.add(statement)
                side += ["", f"{p['attributed_to']}:", wrap(statement, lang, 60)]
    fig.text(0.67, 0.66, "\n".join(side), fontsize=7.5, va="top", parse_math=False)
    names = {r["id"]: r[f"name_{lang}"] for r in ds.records["names"].values()}
    text = words.text_alternative(records, day, ds.chain, lang, names)
    fig.text(0.04, 0.16, wrap(text, lang, 150), fontsize=7.5, va="top", parse_math=False)
    source_ids = event["source_ids"].split(";") if event else []
    fig.text(0.04, 0.085, _footer(ds, source_ids[:3], lang), fontsize=6, va="top", parse_math=False)
    return fig


def chapter_figure(
    ds: Dataset, chapter: dict[str, Any], lang: str = "en", number: int | None = None, total: int | None = None
) -> Figure:
    """One story chapter on an A4 landscape page: the map framed on its islands, the text, sources."""
    _ = gettext(lang)
    day = dt.date.fromisoformat(chapter["map_date"])
    fig = plt.figure(figsize=A4_LANDSCAPE)
    heading = ds.text("story", chapter, "title", lang)
    if number is not None:
        heading = f"{number}/{total} · {heading}"
    fig.suptitle(heading, fontsize=17, x=0.04, ha="left", y=0.965, parse_math=False)
    map_on = _("Map on {day}").format(day=day_text(day, lang))
    fig.text(
        0.04,
        0.905,
        f"{ds.text('story', chapter, 'period', lang)} · {map_on}",
        fontsize=10,
        color="#444",
        parse_math=False,
    )
    ax = fig.add_axes((0.03, 0.1, 0.55, 0.76))
    bounds = chapter_bounds(ds, chapter)
    close_up = bounds[2] - bounds[0] < 6  # degrees of longitude: name every islet when zoomed in
    draw_map(ax, ds, day, lang, bounds=bounds, label_min_km2=0 if close_up else LABEL_MIN_KM2)
    fig.legend(handles=legend.handles(lang), loc="upper left", bbox_to_anchor=(0.6, 0.88), frameon=False, fontsize=8)
    fig.text(0.6, 0.62, wrap(ds.text("story", chapter, "text", lang), lang, 62), fontsize=9, va="top", parse_math=False)
    fig.text(0.04, 0.075, _footer(ds, chapter["source_ids"].split(";"), lang), fontsize=5.5, va="top", parse_math=False)
    return fig


def chapter_bounds(ds: Dataset, chapter: dict[str, Any], margin: float = 0.35) -> tuple[float, float, float, float]:
    """The chapter's islands with a margin, widened to the page's shape."""
    ids = [i for i in chapter["island_ids"].split(";") if i]
    shapes = ds.islands[ds.islands["id"].isin(ids)] if ids else ds.islands
    west, south, east, north = shapes.total_bounds
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


def to_bytes(fig: Figure, fmt: str) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format=fmt, dpi=200 if fmt == "png" else None, metadata=_metadata(fmt))
    plt.close(fig)
    return out.getvalue()


def _metadata(fmt: str) -> dict[str, Any]:
    # Fixed metadata: the same input gives the same PDF (no creation date), which tests and caches rely on.
    return {"Creator": "kurils", "CreationDate": None} if fmt == "pdf" else {"Software": "kurils"}


def map_handout(ds: Dataset, day: dt.date, lang: str = "en", pov: str = "de_facto", fmt: str = "pdf") -> bytes:
    return to_bytes(map_figure(ds, day, lang, pov), fmt)


def chapter_pdf(ds: Dataset, chapter_id: str, lang: str = "en") -> bytes:
    chapters = rows(ds.story)
    k = next(i for i, c in enumerate(chapters) if c["id"] == chapter_id)
    return to_bytes(chapter_figure(ds, chapters[k], lang, k + 1, len(chapters)), "pdf")


def story_pdf(ds: Dataset, lang: str = "en") -> bytes:
    """Every chapter, one page each, in one PDF."""
    out = io.BytesIO()
    chapters = rows(ds.story)
    with PdfPages(out, metadata=_metadata("pdf")) as pdf:
        for k, chapter in enumerate(chapters):
            fig = chapter_figure(ds, chapter, lang, k + 1, len(chapters))
            pdf.savefig(fig)
            plt.close(fig)
    return out.getvalue()
