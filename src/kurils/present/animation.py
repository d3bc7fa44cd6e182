"""Play as a video: the handout's map on a run of dates, a slide a date, as an animated GIF or an MP4.

Pure functions of a Dataset: `kurils animate` and the map page's download call the same code. A slide
is 16:9: the date and the event title large across the top, the handout's map (handout.draw_map)
under them, and beside it what the handout prints there (its legend, the event's summary, the point of
view's stated positions), laid out by the handout's flow. Every slide has the same layout, so between
two frames only the islands, the text and the legend that changed differ: a GIF stores little more.

GIF with Pillow (one palette for every frame, no dithering: the map's flat colours stay flat and
unchanged pixels stay the same index); MP4 with ffmpeg (H.264, yuv420p), fed raw frames on a pipe."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from fractions import Fraction
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from kurils.model.dataset import Dataset
from kurils.model.timeline import History
from kurils.present import handout
from kurils.present.handout import BODY_PT, GREY, LEADING, SOURCE_PT, Block, Frame, Line, Page, Para
from kurils.present.i18n import day_text, gettext
from kurils.present.palette import RGB

STEPS = ("event", "year")
FORMATS = ("gif", "mp4")
SIZE = (1280, 720)  # pixels: a slide's resolution
SLIDE_WIDTH_IN = 12.8  # laid out in inches and points like the handout, rendered at SIZE (100 dpi at 1280)
FRAME_SECONDS = {"event": 2.0, "year": 0.5}  # an event's title wants reading; a year is a tick of the clock
HOLD_LAST = 3  # the last frame stays this many frames' time: a looping GIF pauses on the outcome
COLOURS = 128  # the GIF's palette (one left free for Pillow's "unchanged" transparency)
PALETTE_SAMPLES = 5  # frames, evenly spread, whose colours make the palette (the holders change over time)
MP4_CRF = 23  # x264's quality (lower is better and bigger)

DATE_PT, HEADLINE_PT = 30.0, 20.0  # the date and the event title, large for a projector
HEADLINE_LINES = 2  # a longer title is cut with "…": the header keeps one height, the map never moves
MARGIN, GUTTER = 0.3, 0.3  # inches
MAP_SHARE = 0.62  # of the width inside the margins, at most
ELLIPSIS = "…"


class AnimationError(Exception):
    """An animation that cannot be made here (no ffmpeg for an MP4, ffmpeg failing): one line to print."""


def frame_dates(history: History, start: dt.date, end: dt.date, step: str) -> list[dt.date]:
    """The slides' dates from `start` to `end`: the start, then every event's date after it
    (step "event"), or every 1 January after it (step "year"), up to and including `end`."""
    if start > end:
        raise ValueError(f"the start {start} is after the end {end}")
    if step == "event":
        later = [d for d in history.event_dates if start < d <= end]
    elif step == "year":
        later = [dt.date(y, 1, 1) for y in range(start.year + 1, end.year + 1)]
    else:
        raise ValueError(f"unknown step {step!r}: one of {', '.join(STEPS)}")
    return [start, *later]


def durations_ms(frames: int, seconds: float) -> list[int]:
    """How long each frame shows, in milliseconds: `seconds` each, the last HOLD_LAST times that."""
    each = round(seconds * 1000)
    return [each] * (frames - 1) + [each * HOLD_LAST] if frames else []


def _clip(lines: list[Line], count: int, width_pt: float) -> list[Line]:
    """The first `count` lines, the last of them ending in "…" if text was left out."""
    if len(lines) <= count:
        return lines
    last = lines[count - 1]
    text = last.text
    while text and handout.text_width(text + ELLIPSIS, last.size, last.weight) > width_pt:
        text = text[:-1]
    return [*lines[: count - 1], dataclasses.replace(last, text=text.rstrip() + ELLIPSIS)]


def _header(ds: Dataset, day: dt.date, lang: str, width_in: float) -> list[Line]:
    """The date, the latest event's title (cut to HEADLINE_LINES) and, when that event was before
    the slide's date (a year's slide), the event's own date."""
    date = Para(day_text(day, lang), DATE_PT, "title", weight="bold").lines(width_in)[:1]
    event = ds.history.latest_event(day)
    if event is None:
        return date
    title = Para(ds.text("events", event, "title", lang), HEADLINE_PT, "heading", weight="bold")
    lines = date + _clip(title.lines(width_in), HEADLINE_LINES, width_in * 72)
    event_day = dt.date.fromisoformat(event["date"])
    if event_day != day:
        latest = gettext(lang)("Latest event: {date}").format(date=day_text(event_day, lang))
        lines += Para(latest, BODY_PT, "subtitle", colour=GREY).lines(width_in)[:1]
    return lines


def _header_height() -> float:
    """Inches: the header's room whatever the title, so the map sits at the same place on every slide."""
    return (DATE_PT + HEADLINE_PT * HEADLINE_LINES + BODY_PT) * LEADING / 72


def _map_ratio(bounds: tuple[float, float, float, float]) -> float:
    """Width over height of the handout's map of `bounds` (degrees look square at its mid latitude)."""
    west, south, east, north = bounds
    return (east - west) * math.cos(math.radians((south + north) / 2)) / (north - south)


def slide(ds: Dataset, day: dt.date, lang: str = "en", pov: str = "de_facto", size: tuple[int, int] = SIZE) -> Figure:
    """One frame: the date and the event title on top, the map, and beside it the legend, the event's
    summary and the point of view's positions (what does not fit is cut, ending in "…")."""
    width_in = SLIDE_WIDTH_IN
    height_in = width_in * size[1] / size[0]
    fig = Figure(figsize=(width_in, height_in), dpi=size[0] / width_in)
    FigureCanvasAgg(fig)
    inner = width_in - 2 * MARGIN
    top = height_in - MARGIN
    page = Page([])
    for line in _header(ds, day, lang, inner):
        page.placed.append((MARGIN, top, line))
        top -= line.height
    header_bottom = height_in - MARGIN - _header_height() - 0.1
    attribution = Para(gettext(lang)(handout.ATTRIBUTION), SOURCE_PT, "small", colour=GREY)
    ratio = _map_ratio(handout.CHAIN_BOUNDS)
    credit = attribution.lines(min((header_bottom - MARGIN) * ratio, inner * MAP_SHARE))
    map_h = min(header_bottom - MARGIN - sum(c.height for c in credit) - 0.08, inner * MAP_SHARE / ratio)
    map_w = map_h * ratio  # the map's own shape: the text column starts where the map ends
    bottom = header_bottom - map_h
    ax = fig.add_axes((MARGIN / width_in, bottom / height_in, map_w / width_in, map_h / height_in))
    ax.set_anchor("NW")
    statuses = handout.draw_map(ax, ds, day, lang)
    y = bottom - 0.08
    for line in credit:
        page.placed.append((MARGIN, y, line))
        y -= line.height
    handout.draw_lines(fig, page)

    side = Frame(MARGIN + map_w + GUTTER, header_bottom, inner - map_w - GUTTER, MARGIN)
    blocks = [handout.legend_block(statuses, lang)]
    event = ds.history.latest_event(day)
    if event:
        blocks.append(Block(handout.paras(ds.text("events", event, "summary", lang), BODY_PT, "body"), 10))
    blocks += handout.position_blocks(ds, day, pov, lang)
    pages = handout.flow(blocks, Page([side]), lambda: Page([side]))
    first = pages[0]
    if any(p.placed for p in pages[1:]) and first.placed:  # the rest is left out: say so
        x, line_top, line = first.placed[-1]
        first.placed[-1] = (x, line_top, dataclasses.replace(line, text=line.text + " " + ELLIPSIS))
    handout.draw_lines(fig, first)
    return fig


def render(fig: Figure, size: tuple[int, int]) -> Image.Image:
    """The figure's pixels, exactly `size` (every frame the same size, whatever the rounding)."""
    canvas = fig.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    canvas.draw()  # type: ignore[no-untyped-call]
    pixels = canvas.buffer_rgba()  # type: ignore[no-untyped-call]
    image = Image.frombuffer("RGBA", canvas.get_width_height(), pixels, "raw", "RGBA", 0, 1)
    image = image.convert("RGB")
    return image if image.size == size else image.resize(size, Image.Resampling.LANCZOS)


def _palette(samples: list[Image.Image]) -> Image.Image:
    """One palette for every frame, from sample frames side by side."""
    strip = Image.new("RGB", (sum(s.width for s in samples), max(s.height for s in samples)))
    x = 0
    for s in samples:
        strip.paste(s, (x, 0))
        x += s.width
    palette = strip.quantize(COLOURS - 1, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    entries = palette.getpalette() or []
    colours = [tuple(entries[i : i + 3]) for i in range(0, len(entries), 3)]
    # A box's median is near the colours in it, not on them: entries near one of _EXACT become it (all of
    # them: Pillow maps a pixel to a palette through a coarse cache, and would pick a near twin).
    for exact in _EXACT:
        for i, colour in enumerate(colours):
            if sum((a - b) ** 2 for a, b in zip(colour, exact)) <= SNAP**2:
                entries[3 * i : 3 * i + 3] = exact
    palette.putpalette(entries)
    return palette


def _hex(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


SNAP = 16  # how far a palette entry may be from one of _EXACT to become it
# The colours a slide is made of, kept exact in the GIF: white, black, the sea, the land and the holders.
_EXACT = [
    (255, 255, 255),
    (0, 0, 0),
    *(_hex(c) for c in (handout.SEA, handout.LAND, GREY)),
    *(tuple(rgb) for rgb in RGB.values()),
]


def write_gif(images: Iterable[Image.Image], samples: list[Image.Image], durations: list[int], path: Path) -> None:
    """An animated GIF that loops: each frame mapped to the samples' palette without dithering;
    Pillow stores each frame as its difference from the one before (unchanged pixels transparent)."""
    palette = _palette(samples)
    indexed = (image.quantize(palette=palette, dither=Image.Dither.NONE) for image in images)
    first = next(indexed)
    first.save(path, format="GIF", save_all=True, append_images=indexed, duration=durations, loop=0, optimize=True)


def ffmpeg() -> str:
    """The ffmpeg program, or an AnimationError saying how to get it."""
    found = shutil.which("ffmpeg")
    if not found:
        raise AnimationError(
            "an MP4 needs ffmpeg, which is not installed (Debian: apt-get install ffmpeg); a GIF does not"
        )
    return found


def write_mp4(images: Iterable[Image.Image], durations: list[int], size: tuple[int, int], path: Path) -> None:
    """An H.264 MP4 (yuv420p, for every player): raw frames piped to ffmpeg at one frame per
    durations' shortest, each frame repeated for its duration."""
    width, height = size
    if width % 2 or height % 2:
        raise AnimationError(f"an MP4 needs an even width and height, not {width}×{height}")
    base = min(durations)
    rate = Fraction(1000, base)
    command = [
        *(ffmpeg(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y"),
        *("-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}", "-framerate", str(rate), "-i", "-"),
        *("-c:v", "libx264", "-preset", "medium", "-tune", "stillimage", "-crf", str(MP4_CRF)),
        *("-pix_fmt", "yuv420p", "-movflags", "+faststart", "-f", "mp4", str(path)),
    ]
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=errors)
        assert process.stdin is not None
        try:
            for image, ms in zip(images, durations, strict=True):
                data = image.tobytes()
                for _ in range(max(1, round(ms / base))):
                    process.stdin.write(data)
            process.stdin.close()
        except BrokenPipeError:
            pass  # ffmpeg stopped: its exit code and message say why
        finally:
            code = process.wait()
        if code:
            errors.seek(0)
            said = errors.read().decode(errors="replace").strip().splitlines()
            raise AnimationError(f"ffmpeg failed (exit {code}): {said[-1] if said else 'no message'}")


def write(
    path: Path,
    ds: Dataset,
    days: list[dt.date],
    lang: str = "en",
    pov: str = "de_facto",
    seconds: float = FRAME_SECONDS["event"],
    size: tuple[int, int] = SIZE,
) -> None:
    """The slides of `days` as a GIF or an MP4 (by `path`'s suffix), written beside `path` and moved
    there when complete: a failure leaves no half file."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"an animation is a .gif or an .mp4, not {path.name}")
    if fmt == "mp4":
        ffmpeg()  # before the frames are drawn
    durations = durations_ms(len(days), seconds)
    picks = sorted({round(k * (len(days) - 1) / max(PALETTE_SAMPLES - 1, 1)) for k in range(PALETTE_SAMPLES)})
    samples = {k: render(slide(ds, days[k], lang, pov, size), size) for k in picks} if fmt == "gif" else {}
    images = (
        samples[k] if k in samples else render(slide(ds, day, lang, pov, size), size) for k, day in enumerate(days)
    )
    part = path.with_name(f".{path.name}.part")
    try:
        if fmt == "gif":
            write_gif(images, list(samples.values()), durations, part)
        else:
            write_mp4(images, durations, size, part)
        part.replace(path)
    finally:
        part.unlink(missing_ok=True)
