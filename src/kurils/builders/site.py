"""`kurils export-site OUT`: the atlas as a folder that needs no server and no network, for a USB
stick in a classroom or any static host or CDN (which serves any number of readers).

The folder holds one page per language (index.html is English, ja.html, ru.html), the map component
itself (map/: map.js with its deck.gl, fonts and styles, and static.js, the host that stands in for
Streamlit) and the data (data/: every layer file as a script that registers its JSON, since a page
opened from file:// cannot fetch). Every path is relative. The story chapters and their sources are
written into the page as escaped HTML; the event of the day and the map in words follow the map's
date by script, set as text. What the static map does not need is left out: the halo and hatch files
of half zoom steps (the map takes the nearest band), and the pick shapes repeated in each epoch's file."""

from __future__ import annotations

import datetime as dt
import gzip
import html
import importlib
import importlib.util
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from kurils.builders import vendor
from kurils.model.dataset import BEFORE_BORDERS, Dataset
from kurils.model.measure import areas
from kurils.present import citations, mapdata, maptext, mapview, words
from kurils.present.i18n import LANG_NAMES, LANGS, LOCALES, N_, day_text, gettext
from kurils.present.mapview import FRONTEND

PAGES = {"en": "index.html", "ja": "ja.html", "ru": "ru.html"}
# The map component's files the static page loads (map/), besides its fonts and deck.gl (vendor/).
ASSETS = ("map.css", "site.css", "static.js", "logic.js", "labels.js", "map.js")
BUNDLES = (*(vendor.target(p).name for p in vendor.PACKAGES), vendor.LICENCE)
STATIC_ZOOMS = tuple(float(z) for z in range(3, 13))  # whole zoom steps: halos and stripes at most 1.4x off
SHOWN = {"boundary", "claim", "labels", "events", "forces"}  # the map's layers (the app's story shows these)
MARKER = ".kurils-site"  # marks a folder this command wrote, so a second export may replace it
BUDGET_BYTES = 2_500_000  # the whole folder, gzip -9 (README, Static build)
TITLE = N_("Kuril Islands: who held, governed and claimed each island, 1855 to today")
MADE = N_("An offline copy of the atlas, made on {day}: it needs no server and no network.")


class SiteError(Exception):
    """OUT cannot be written: not a folder, or a folder with other files in it."""


@dataclass(frozen=True)
class Size:
    files: int
    raw: int
    gzip: int  # each file gzip -9, summed
    brotli: int | None  # each file brotli at quality 11, summed (None without the brotli module)


def measure(folder: Path, with_brotli: bool = True) -> Size:
    """The folder's files: how many, and their bytes raw, gzip -9 and brotli (what a server or CDN sends;
    brotli at its best takes seconds: `with_brotli` False leaves it out)."""
    brotli = None
    if with_brotli and importlib.util.find_spec("brotli"):  # a development dependency: else no such figure
        brotli = importlib.import_module("brotli")
    raw = gz = br = n = 0
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            n += 1
            raw += len(data)
            gz += len(gzip.compress(data, 9, mtime=0))
            br += len(brotli.compress(data, quality=11)) if brotli else 0
    return Size(n, raw, gz, br if brotli else None)


def _prepare(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise SiteError(f"{out}: not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise SiteError(f"{out}: a folder with other files in it (give an empty or new folder)")
    for old in ("map", "data"):
        shutil.rmtree(out / old, ignore_errors=True)
    (out / "map" / "fonts").mkdir(parents=True)
    (out / "map" / "vendor").mkdir()
    (out / "data").mkdir()
    (out / MARKER).write_text("written by kurils export-site\n", encoding="utf-8")


def _copy_component(out: Path) -> None:
    for name in ASSETS:
        shutil.copyfile(FRONTEND / name, out / "map" / name)
    for font in (FRONTEND / "fonts").iterdir():
        shutil.copyfile(font, out / "map" / "fonts" / font.name)
    for name in BUNDLES:
        shutil.copyfile(FRONTEND / "vendor" / name, out / "map" / "vendor" / name)


def _write_data(out: Path, name: str, data: Any) -> None:
    """data/<name>.js: the file's JSON, registered by static.js's kurilsFile (JSON is valid JavaScript)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    (out / "data" / f"{name}.js").write_text(f"kurilsFile({json.dumps(name)},{text});\n", encoding="utf-8")


def _zoom_of(name: str) -> float | None:
    m = re.fullmatch(r"(?:halo_\w+|hatch)_([\d.]+)\.json", name)
    return float(m.group(1)) if m else None


def layer_files(ds: Dataset) -> dict[str, Any]:
    """The map's layer files for the static build (name without .json -> JSON): those of the app
    (kurils.present.mapdata, maptext) at whole zoom steps only, the pick files as one shapes file and
    one file of properties per language (static.js puts a pick file together)."""
    layers = {
        **mapdata.static_layers(ds.history, ds.islands, ds.land, ds.claims, ds.maritime, ds.translate),
        **maptext.text_files(ds),
    }
    files: dict[str, Any] = {"pick_shapes": mapdata.pick_shapes(ds.islands)}
    picks: dict[str, dict[str, Any]] = {lang: {} for lang in LANGS}
    for name, data in layers.items():
        zoom = _zoom_of(name)
        if m := re.fullmatch(r"pick_(\w+)_(\d{4}-\d\d-\d\d)\.json", name):
            picks[m.group(1)][m.group(2)] = [f["properties"] for f in data["features"]]
        elif zoom is None or zoom in STATIC_ZOOMS:
            files[name.removesuffix(".json")] = data
    files.update({f"pick_{lang}": epochs for lang, epochs in picks.items()})
    return files


def _sources(ds: Dataset, ids: list[str], lang: str) -> list[dict[str, str]]:
    """Cited sources as title, address (the original, else the copy read) and note (kind, copy)."""
    found = [ds.records["sources"][i] for i in ids if i in ds.records["sources"]]
    return [
        {
            "id": str(s["id"]),
            "title": str(s["title"]),
            "href": citations.address(s),
            "note": citations.note(s, lang),
            "quote": str(s.get("quote") or ""),
            "quote_en": str(s.get("quote_en") or ""),
        }
        for s in found
    ]


def event_cards(ds: Dataset, lang: str) -> list[dict[str, Any]]:
    """On each event date, the latest event (words.event_card's parts, as plain text)."""
    names, cards = ds.island_names(lang), []
    for day in ds.history.event_dates:
        event = ds.history.latest_event(day)
        if event is None:
            continue
        parts = words.event_parts(ds, event, lang, names)
        cards.append(
            {
                "d": day.isoformat(),
                "id": event["id"],
                "title": parts["title"],
                "when": f"{parts['span']} ({parts['certainty']})",
                "summary": parts["summary"],
                "where": parts["where"],
                "islands": parts["islands"],
                "sources": _sources(ds, event["source_ids"].split(";"), lang),
            }
        )
    return cards


def map_in_words(ds: Dataset, lang: str) -> list[dict[str, str]]:
    """The map in words (words.text_alternative and the land each state holds) for each status epoch,
    split around its date: the page puts the day shown in between."""
    names, out = ds.island_names(lang), []
    for epoch in ds.history.epochs():
        statuses = ds.history.status_at(epoch)
        text = words.text_alternative(statuses, epoch, ds.chain, lang, names)
        text += " " + words.area_sentence(areas(statuses, ds.areas), lang)
        before, _day, after = text.partition(day_text(epoch, lang))
        out.append({"d": epoch.isoformat(), "before": before, "after": after})
    return out


def site_data(ds: Dataset, lang: str, today: dt.date) -> dict[str, Any]:
    """What a page's script needs: the map's spec, the event cards and the map in words."""
    _ = gettext(lang)
    west, south, east, north = (float(v) for v in ds.islands.total_bounds)
    spec = mapview.spec(
        ds.history,
        {"islands.json": "data/islands.json"},
        day=today,
        nonce=0,
        today=today,
        lang=lang,
        pov="de_facto",
        shown=SHOWN,
        bounds=(west, south, east, north),
    )
    spec["halo_zooms"] = spec["hatch_zooms"] = [z for z in STATIC_ZOOMS if z in mapdata.HALO_ZOOMS]
    return {
        "locale": LOCALES[lang].replace("_", "-"),
        "spec": spec,
        "events": event_cards(ds, lang),
        "words": map_in_words(ds, lang),
        "text": {
            "event_heading": _("What happened · latest event on or before {day}"),
            "sources": _("Sources:"),
        },
    }


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _map_markup() -> str:
    """The map component's own markup (its index.html's body, before its scripts): one source for both."""
    page = (FRONTEND / "index.html").read_text(encoding="utf-8")
    body = page.split("<body>", 1)[1]
    return body.split("<script", 1)[0]


def _source_items(sources: list[dict[str, str]], lang: str) -> str:
    _ = gettext(lang)
    items = []
    for s in sources:
        title = _e(s["title"])
        if re.match(r"https?://", s["href"], re.IGNORECASE):
            title = f'<a href="{_e(s["href"])}" rel="noopener noreferrer">{title}</a>'
        quote = ""
        if s["quote"] or s["quote_en"]:
            english = f"<br><i>{_e(_('In English: {text}').format(text=s['quote_en']))}</i>" if s["quote_en"] else ""
            quote = f"<blockquote>{'“' + _e(s['quote']) + '”' if s['quote'] else ''}{english}</blockquote>"
        items.append(f"<li>{title} ({_e(s['note'])}){quote}</li>")
    return "<ul>" + "".join(items) + "</ul>"


def _story(ds: Dataset, lang: str) -> str:
    _ = gettext(lang)
    chapters = cast(list[dict[str, Any]], ds.story.to_dict("records"))
    parts = [f'<section id="story"><h2>{_e(_("Story"))}</h2>']
    for k, chapter in enumerate(chapters):
        paragraphs = "".join(f"<p>{_e(p)}</p>" for p in ds.text("story", chapter, "text", lang).split("\n\n"))
        button = ""
        if chapter["map_style"] != BEFORE_BORDERS:
            day = dt.date.fromisoformat(chapter["map_date"]).isoformat()
            button = f'<p><button type="button" data-day="{day}">{_e(_("Open this date on the map"))}</button></p>'
        parts.append(
            f'<article class="chapter" id="chapter-{k + 1}">'
            f'<p class="period">{_e(_("Chapter {n} of {total}").format(n=k + 1, total=len(chapters)))} · '
            f"{_e(ds.text('story', chapter, 'period', lang))}</p>"
            f"<h3>{_e(ds.text('story', chapter, 'title', lang))}</h3>{paragraphs}{button}"
            f'<p class="sources-label">{_e(_("Sources:"))}</p>'
            f"{_source_items(_sources(ds, chapter['source_ids'].split(';'), lang), lang)}</article>"
        )
    parts.append("</section>")
    return "".join(parts)


def page(ds: Dataset, lang: str, today: dt.date) -> str:
    """One language's page: the map, the event of the day and the map in words (filled by static.js),
    the story. Everything from the data is escaped here or set as text by the script."""
    _ = gettext(lang)
    links = " ".join(
        f'<a href="{PAGES[code]}" data-lang="{code}" hreflang="{code}" lang="{code}"'
        + (' aria-current="page"' if code == lang else "")
        + f">{_e(LANG_NAMES[code])}</a>"
        for code in LANGS
    )
    vendor = "".join(f'<script src="map/vendor/{name}"></script>' for name in BUNDLES if name.endswith(".js"))
    scripts = "".join(f'<script src="map/{name}"></script>' for name in ("logic.js", "labels.js", "map.js"))
    return (
        f'<!doctype html>\n<html lang="{lang}" data-site="site_{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="icon" href="data:,">\n'  # no request for /favicon.ico, outside the folder
        f"<title>{_e(_(TITLE))}</title>\n"
        '<link rel="stylesheet" href="map/map.css">\n<link rel="stylesheet" href="map/site.css">\n'
        f"{vendor}\n</head>\n<body>\n<header><h1>{_e(_(TITLE))}</h1>"
        f'<nav class="languages" aria-label="{_e(_("Language"))}">{links}</nav></header>\n'
        f'<p class="made">{_e(_(MADE).format(day=day_text(today, lang)))}</p>\n'
        f"{_map_markup()}"
        '<section id="site-today"><div id="site-event" aria-live="polite"></div>'
        f'<div id="site-words-box"><h2>{_e(_("The map in words."))}</h2><p id="site-words"></p></div></section>\n'
        f"{_story(ds, lang)}\n"
        f'<script src="map/static.js"></script><script src="data/site_{lang}.js"></script>{scripts}\n'
        "</body>\n</html>\n"
    )


def export(ds: Dataset, out: Path, today: dt.date | None = None, with_brotli: bool = True) -> Size:
    """Write the static build of `ds` into `out` (new, empty, or an earlier build); returns its size."""
    today = today or dt.date.today()
    _prepare(out)
    _copy_component(out)
    for name, data in layer_files(ds).items():
        _write_data(out, name, data)
    for lang in LANGS:
        _write_data(out, f"site_{lang}", site_data(ds, lang, today))
        (out / PAGES[lang]).write_text(page(ds, lang, today), encoding="utf-8")
    return measure(out, with_brotli)


def summary(out: Path, size: Size) -> str:
    def mb(n: int) -> str:
        return f"{n / 1e6:.2f} MB"

    brotli = f", {mb(size.brotli)} brotli" if size.brotli is not None else ""
    return (
        f"wrote {size.files} files to {out}: {mb(size.raw)}, {mb(size.gzip)} gzip -9{brotli}"
        f" (budget {mb(BUDGET_BYTES)} gzip -9); open {out / PAGES['en']}"
    )
