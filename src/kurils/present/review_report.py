"""The report of a geodata change (`kurils review`, the app's check of an uploaded file): Markdown that
reads in a pull request's comment, a JSON object, and a before/after picture of each island whose outline
changed, drawn in the handouts' style. All from a kurils.model.review.Review; English only (the language
of the pull requests). Every text that comes from the data is escaped (textsafe.md_escape): an island's
name or a source's title shows as written and never becomes a link or markup."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

import shapely
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path as MplPath
from pyproj import Geod

from kurils.model.review import (
    SAMPLE_STEP_M,
    DateCheck,
    Displacement,
    FieldChange,
    FileChange,
    Held,
    IslandChange,
    Key,
    Review,
    Row,
    Shape,
    SourceEntry,
)
from kurils.model.validate.cross_file import LIST_KEYS, split_list
from kurils.present import handout
from kurils.present.i18n import join
from kurils.present.palette import held_by, state_name
from kurils.present.textsafe import md_escape

TITLE = "Review of a geodata change"
MAX_LISTED = 40  # rows listed per file and kind (added, removed, changed); the JSON has every one
MAX_VALUE_CHARS = 100  # a field of an added or removed row, in the Markdown
MAX_CHANGE_CHARS = 240  # a changed value longer than this shows the part that changed, with context
CONTEXT_CHARS = 40
MAX_CITED = 5  # rows named as citing a source; the JSON has every one

METHOD = (
    "Areas are in km² in the Lambert azimuthal equal-area projection centred on 47°N 150°E, the one "
    "islands.geojson's `area_km2` is computed in. The largest displacement is the Hausdorff distance between "
    "the outline before and after, in km, computed in an azimuthal equidistant projection centred on the "
    "island (its scale is within 0.01% of the ellipsoid's 100 km from the centre), each outline sampled "
    f"every {SAMPLE_STEP_M:g} m; the place named is where one outline is farthest from the other."
)
STATUS_INTRO = (
    "The de facto status (holder, administrator, claimants) from each version's status engine, on every day "
    "a changed, added or removed timeline interval or event begins or ends, for every island those rows "
    "name. Islands whose interval differs on that day (its status, its dates or the event that opened it) "
    "are listed before → after; the others are named as unchanged."
)

# The pictures: the handouts' sea, land and grey; the outline after in Okabe-Ito's bluish green, a colour
# no state has on the map (palette.RGB), so the picture does not seem to say who holds the island.
BEFORE = "#5f5f5f"
AFTER = "#009e73"
MARK = "#000000"
PICTURE_IN = 4.0  # the map, square
PICTURE_TEXT_IN = 0.8  # the name and areas above it, the key below
CLOSE_UP_IN = 2.4  # the close-up beside the map, square
MAX_NAME_CHARS = 36  # of the title (12 pt bold across the picture)
_GEOD = Geod(ellps="WGS84")


# Markdown.


def _key(key: Key) -> str:
    return md_escape(" · ".join(key))


def _value(text: str | None, limit: int | None = None) -> str:
    if text is None:
        return "*(no such field)*"
    if text == "":
        return "*(empty)*"
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return md_escape(text)


def _excerpts(before: str, after: str) -> tuple[str, str]:
    """Two long texts cut to the part that differs, with CONTEXT_CHARS either side (… where cut)."""
    if len(before) + len(after) <= MAX_CHANGE_CHARS:
        return before, after
    prefix = 0
    while prefix < min(len(before), len(after)) and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < min(len(before), len(after)) - prefix and before[-1 - suffix] == after[-1 - suffix]
    ):  # the common end, not overlapping the common start
        suffix += 1
    start = max(0, prefix - CONTEXT_CHARS)

    def cut(text: str) -> str:
        end = min(len(text), len(text) - suffix + CONTEXT_CHARS)
        return ("…" if start > 0 else "") + text[start:end] + ("…" if end < len(text) else "")

    return cut(before), cut(after)


def _list_change(before: str, after: str) -> str:
    """A ';'-separated list's change as the items added and removed: the cut excerpt of a long list
    can hide the one id that changed."""
    old, new = split_list(before), split_list(after)
    added, removed = [x for x in new if x not in old], [x for x in old if x not in new]
    parts = [f"{word} {', '.join(items)}" for word, items in (("added", added), ("removed", removed)) if items]
    return md_escape("; ".join(parts) or "the same items in another order")


def _field_change(c: FieldChange) -> str:
    before, after = c.before, c.after
    if before and after and c.field in LIST_KEYS:
        return f"  - {md_escape(c.field)}: {_list_change(before, after)}"
    if before is not None and after is not None:
        before, after = _excerpts(before, after)
    return f"  - {md_escape(c.field)}: {_value(before)} → {_value(after)}"


def _number(value: float, unit: str = "", sign: bool = False) -> str:
    """A figure to 0.01 (0.0001 below 1), with thousands separators."""
    digits = 2 if abs(value) >= 1 else 4
    if round(value, digits) == 0:  # no sign, no -0.0000, on a figure that rounds to nothing
        return "0.00" + (f" {unit}" if unit else "")
    text = f"{value:+,.{digits}f}" if sign else f"{value:,.{digits}f}"
    return text + (f" {unit}" if unit else "")


def _percent(value: float) -> str:
    return "0.00%" if round(value, 2) == 0 else f"{value:+.2f}%"


def _shape(s: Shape | None) -> str:
    if s is None:
        return "no geometry"
    plural = "s" if s.positions != 1 else ""
    area = f", {_number(s.area_km2, 'km²')}" if s.area_km2 is not None else ""
    return f"{md_escape(s.kind)}, {s.positions:,} position{plural}{area}"


def _place(point: tuple[float, float]) -> str:
    lon, lat = point
    return f"{abs(lon):.4f}°{'E' if lon >= 0 else 'W'} {abs(lat):.4f}°{'N' if lat >= 0 else 'S'}"


def _moved(d: Displacement | None) -> str:
    if d is None:
        return "not measured (a geometry is missing or cannot be built)"
    return f"{_km(d.km)}, at {_place(d.before_at)} (before) → {_place(d.after_at)} (after)"


def _km(km: float) -> str:
    """A displacement to the metre (the data's 5 decimals are about a metre)."""
    return "0 km" if km == 0 else "under 0.001 km" if km < 0.0005 else f"{km:.3f} km"


def _row(verb: str, r: Row, key_fields: Sequence[str]) -> str:
    shown = [f"{md_escape(f)}: {_value(v, MAX_VALUE_CHARS)}" for f, v in r.values.items() if f not in key_fields]
    if r.shape is not None:
        shown.append(f"geometry: {_shape(r.shape)}")
    return f"- {verb} **{_key(r.key)}**" + (": " + "; ".join(shown) if shown else "")


def _capped(lines: list[str], total: int) -> list[str]:
    more = total - MAX_LISTED
    return lines[:MAX_LISTED] + ([f"- … and {more} more (review.json lists every one)"] if more > 0 else [])


def _count(n: int, what: str) -> str:
    return f"{n} {what}" + ("" if n == 1 else "s")


def _file(f: FileChange) -> list[str]:
    lines = [f"#### {md_escape(f.file)}", ""]
    unit = "feature" if f.kind == "layer" else "row"
    if f.state == "added":
        lines.append("A new file.")
    elif f.state == "removed":
        lines.append("The file was removed.")
    if f.kind == "other":
        lines.append("Not a table or a layer: compared as bytes, and they differ.")
        return lines + [""]
    for side in f.unreadable:
        lines.append(
            f"The {side}'s copy could not be read as {'GeoJSON' if f.kind == 'layer' else 'CSV'}: its {unit}s "
            "are not compared (the validator says why)."
        )
    if f.unreadable:
        return lines + [""]
    if f.state == "changed" and not f.rows_differ:
        lines.append(f"The same {unit}s: only their order or formatting changed.")
        return lines + [""]
    counts = ", ".join(
        f"{n} {unit}{'' if n == 1 else 's'} {how}"
        for n, how in ((len(f.changed), "changed"), (len(f.added), "added"), (len(f.removed), "removed"))
        if n
    )
    by = md_escape(", ".join(f.key_fields)) if f.key_fields else "row number"
    lines.append(f"{counts or 'No ' + unit + ' differs'} (matched by {by}).")
    if f.columns_added:
        lines.append(f"Columns added: {md_escape(', '.join(f.columns_added))}.")
    if f.columns_removed:
        lines.append(f"Columns removed: {md_escape(', '.join(f.columns_removed))}.")
    lines.append("")
    changed = []
    for c in f.changed:
        now = f" (now **{_key(c.new_key)}**)" if c.new_key else ""
        changed.append(f"- changed **{_key(c.key)}**{now}:")
        changed += [_field_change(fc) for fc in c.fields]
        if c.geometry is not None:
            g = c.geometry
            changed.append(f"  - geometry: {_shape(g.before)} → {_shape(g.after)}")
            if g.displacement is not None:
                changed.append(f"  - moved up to {_moved(g.displacement)}")
    blocks = [
        changed if len(f.changed) <= MAX_LISTED else _cap_changed(f),
        _capped([_row("added", r, f.key_fields) for r in f.added], len(f.added)),
        _capped([_row("removed", r, f.key_fields) for r in f.removed], len(f.removed)),
    ]
    for block in blocks:
        lines += block
    return lines + [""]


def _cap_changed(f: FileChange) -> list[str]:
    """More changed rows than MAX_LISTED: each of the first ones with the names of its changed fields."""
    lines = []
    for c in f.changed[:MAX_LISTED]:
        names = [fc.field for fc in c.fields] + (["geometry"] if c.geometry else [])
        lines.append(f"- changed **{_key(c.key)}**: {md_escape(', '.join(names))}")
    return _capped(lines, len(f.changed))


def _status(h: Held | None) -> str:
    if h is None:
        return "no status"
    claimed = join([state_name(s) for s in h.claimants], "en") or "none"
    until = f"to {h.end.isoformat()}" if h.end else "on (still true)"
    return md_escape(
        f"{held_by(h.controller)}; administrator: {state_name(h.administrator)}; claimants: {claimed}; "
        f"interval from {h.start.isoformat()} {until}, opened by {h.event_id}"
    )


def _date(check: DateCheck) -> list[str]:
    why = "; ".join(f"{md_escape(t.file)} {_key(t.key)} ({t.how})" for t in check.why)
    lines = [f"**{check.day.isoformat()}**: {why}", ""]
    differing = check.differing
    if differing:
        lines += ["| Island | Before | After | Differs |", "|---|---|---|---|"]
        for i in differing:
            what = "**status**" if i.status_differs else "interval only"
            lines.append(f"| {md_escape(i.name)} | {_status(i.before)} | {_status(i.after)} | {what} |")
        lines.append("")
        if check.same:
            lines += [f"Unchanged: {md_escape(', '.join(i.name for i in check.same))}.", ""]
    else:
        names = ", ".join(i.name for i in check.islands)
        lines += [f"No island's interval differs on this day (checked: {md_escape(names) or 'none'}).", ""]
    return lines


def _source(s: SourceEntry, cited_as: str) -> str:
    head = f"- **{md_escape(s.id)}** · {_value(s.title)} · {_value(s.publisher)}"
    if not s.cited_by:
        return head + f" · {cited_as} by no row"
    names = [f"{md_escape(file)} {_key(key)}" for file, key in s.cited_by[:MAX_CITED]]
    more = len(s.cited_by) - MAX_CITED
    return head + f" · {cited_as} by " + "; ".join(names) + (f" and {more} more" if more > 0 else "")


def markdown(review: Review, picture_names: Mapping[str, str] | None = None) -> str:
    """The report in Markdown, for a pull request's comment: `picture_names` (island id -> file name of
    its picture, relative to the Markdown) adds each island's picture; without it, none is referenced."""
    lines = [
        f"## {TITLE}",
        "",
        f"Base: {md_escape(review.base_label)} · head: {md_escape(review.head_label)}",
        "",
        "### 1. Validation of the head",
        "",
    ]
    if review.head_error is not None:
        lines += [f"**The head cannot be read**: {md_escape(review.head_error)}. Nothing else was compared.", ""]
    if review.problems == 0 and review.head_error is None:
        lines += ["**Passes**: `kurils validate` finds no problem.", ""]
    elif review.problems:
        lines += [f"**Fails**: `kurils validate` finds {_count(review.problems, 'problem')}:", ""]
        fence = "`" * max(3, 1 + max((len(r) for v in review.verdict for r in re.findall("`+", v)), default=0))
        lines += [fence + "text", *review.verdict, fence, ""]
    if review.base_error is not None:
        lines += [f"**The base cannot be read**: {md_escape(review.base_error)}. Nothing was compared.", ""]
    if review.head_error is not None or review.base_error is not None:
        return "\n".join(lines).rstrip("\n") + "\n"

    lines += ["### 2. Changes by file", ""]
    if review.files:
        for f in review.files:
            lines += _file(f)
    else:
        lines += ["No file differs.", ""]

    lines += ["### 3. Islands whose outline changed", ""]
    if review.islands:
        lines += [
            "| Island | Area before | Area after | Change | Largest displacement |",
            "|---|--:|--:|--:|---|",
        ]
        for i in review.islands:
            lines.append(_island_row(i))
        lines.append("")
        for i in review.islands:
            name = (picture_names or {}).get(i.island_id)
            if name:
                alt = md_escape(f"{i.name}: the outline before (grey, dashed) and after (green)")
                lines += [f"![{alt}]({quote(name)})", ""]
        lines += [METHOD, ""]
    else:
        lines += ["No island's outline changed.", ""]

    lines += ["### 4. Status on the dates the change touches", ""]
    if review.dates:
        lines += [STATUS_INTRO, ""]
        for check in review.dates:
            lines += _date(check)
    else:
        lines += ["No timeline interval or event changed.", ""]

    lines += ["### 5. Sources", ""]
    if review.sources_added or review.sources_removed:
        if review.sources_added:
            lines += [f"Added ({len(review.sources_added)}):", ""]
            lines += [_source(s, "cited") for s in review.sources_added] + [""]
        if review.sources_removed:
            lines += [f"Removed ({len(review.sources_removed)}):", ""]
            lines += [_source(s, "still cited") for s in review.sources_removed] + [""]
    else:
        lines += ["No source added or removed.", ""]

    if review.notes:
        lines += ["### Notes", ""] + [f"- {md_escape(n)}" for n in review.notes] + [""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _island_row(i: IslandChange) -> str:
    before = _number(i.area_before_km2, "km²") if i.area_before_km2 is not None else "—"
    after = _number(i.area_after_km2, "km²") if i.area_after_km2 is not None else "—"
    change = "—"
    if i.area_change_km2 is not None:
        pct = f" ({_percent(i.area_change_pct)})" if i.area_change_pct is not None else ""
        change = _number(i.area_change_km2, "km²", sign=True) + pct
    if i.before is None:
        moved = "added"
    elif i.after is None:
        moved = "removed"
    else:
        moved = _moved(i.displacement)
    return f"| {md_escape(i.name)} ({md_escape(i.island_id)}) | {before} | {after} | {change} | {moved} |"


# JSON.


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def _shape_json(s: Shape | None) -> dict[str, Any] | None:
    return None if s is None else {"type": s.kind, "positions": s.positions, "area_km2": _round(s.area_km2)}


def _displacement_json(d: Displacement | None) -> dict[str, Any] | None:
    if d is None:
        return None
    return {"km": _round(d.km), "before_at": list(d.before_at), "after_at": list(d.after_at)}


def _held_json(h: Held | None) -> dict[str, Any] | None:
    if h is None:
        return None
    return {
        "controller": h.controller,
        "administrator": h.administrator,
        "claimants": list(h.claimants),
        "valid_from": h.start.isoformat(),
        "valid_to": h.end.isoformat() if h.end else None,
        "event_id": h.event_id,
    }


def _row_json(r: Row) -> dict[str, Any]:
    return {"key": list(r.key), "values": dict(r.values), "geometry": _shape_json(r.shape)}


def _file_json(f: FileChange) -> dict[str, Any]:
    return {
        "file": f.file,
        "kind": f.kind,
        "state": f.state,
        "key_fields": list(f.key_fields),
        "unreadable": list(f.unreadable),
        "columns_added": list(f.columns_added),
        "columns_removed": list(f.columns_removed),
        "changed": [
            {
                "key": list(c.key),
                "new_key": list(c.new_key) if c.new_key else None,
                "fields": [{"field": fc.field, "before": fc.before, "after": fc.after} for fc in c.fields],
                "geometry": None
                if c.geometry is None
                else {
                    "before": _shape_json(c.geometry.before),
                    "after": _shape_json(c.geometry.after),
                    "displacement": _displacement_json(c.geometry.displacement),
                },
            }
            for c in f.changed
        ],
        "added": [_row_json(r) for r in f.added],
        "removed": [_row_json(r) for r in f.removed],
    }


def _source_json(s: SourceEntry) -> dict[str, Any]:
    return {
        "id": s.id,
        "title": s.title,
        "publisher": s.publisher,
        "cited_by": [{"file": file, "key": list(key)} for file, key in s.cited_by],
    }


def as_json(review: Review) -> dict[str, Any]:
    """The report as one JSON object (every row and field, no coordinates but the displacement's place)."""
    return {
        "base": review.base_label,
        "head": review.head_label,
        "passes": review.passes,
        "head_error": review.head_error,
        "base_error": review.base_error,
        "validation": {"problems": review.problems, "lines": list(review.verdict)},
        "files": [_file_json(f) for f in review.files],
        "islands": [
            {
                "island_id": i.island_id,
                "name": i.name,
                "area_before_km2": _round(i.area_before_km2),
                "area_after_km2": _round(i.area_after_km2),
                "area_change_km2": _round(i.area_change_km2),
                "area_change_pct": _round(i.area_change_pct, 3),
                "displacement": _displacement_json(i.displacement),
            }
            for i in review.islands
        ],
        "dates": [
            {
                "date": d.day.isoformat(),
                "why": [{"file": t.file, "key": list(t.key), "how": t.how} for t in d.why],
                "islands": [
                    {
                        "island_id": i.island_id,
                        "name": i.name,
                        "status_differs": i.status_differs,
                        "interval_differs": i.interval_differs,
                        "before": _held_json(i.before),
                        "after": _held_json(i.after),
                    }
                    for i in d.islands
                ],
            }
            for d in review.dates
        ],
        "sources": {
            "added": [_source_json(s) for s in review.sources_added],
            "removed": [_source_json(s) for s in review.sources_removed],
        },
        "notes": list(review.notes),
        "method": {"areas": "equal-area (LAEA 47N 150E)", "displacement": "Hausdorff, azimuthal equidistant"},
    }


# Pictures.


def _rings(shape: Any) -> list[Any]:
    """The coordinate arrays of a shape's rings (polygons) or lines; points as one-point arrays."""
    out = []
    for part in shapely.get_parts(shape):
        if part.geom_type == "Polygon":
            out += [shapely.get_coordinates(part.exterior)]
            out += [shapely.get_coordinates(r) for r in part.interiors]
        else:
            out.append(shapely.get_coordinates(part))
    return out


def _draw(ax: Axes, change: IslandChange, width: float) -> None:
    """The outline after (land-coloured, its line in AFTER), the outline before over it (grey, dashed),
    and the largest displacement marked."""
    if change.after is not None:
        if change.after.geom_type in ("Polygon", "MultiPolygon"):
            rings = _rings(change.after)
            vertices = [xy for ring in rings for xy in ring]
            codes = [
                code
                for ring in rings
                for code in [MplPath.MOVETO] + [MplPath.LINETO] * (len(ring) - 2) + [MplPath.CLOSEPOLY]
            ]
            ax.add_patch(PathPatch(MplPath(vertices, codes), facecolor=handout.LAND, edgecolor="none"))
        for ring in _rings(change.after):
            ax.plot(ring[:, 0], ring[:, 1], color=AFTER, linewidth=1.6 * width, marker="o" if len(ring) == 1 else "")
    if change.before is not None:
        for ring in _rings(change.before):
            ax.plot(
                ring[:, 0],
                ring[:, 1],
                color=BEFORE,
                linewidth=1.3 * width,
                linestyle=(0, (4, 2.5)),
                marker="o" if len(ring) == 1 else "",
            )
    d = change.displacement
    if d is not None:
        (x0, y0), (x1, y1) = d.before_at, d.after_at
        ax.plot([x0, x1], [y0, y1], color=MARK, linewidth=1.0 * width, marker="o", markersize=2.5 * width)
        ax.plot(
            [(x0 + x1) / 2], [(y0 + y1) / 2], marker="o", markersize=11, markerfacecolor="none", markeredgecolor=MARK
        )


def _frame(ax: Axes, west: float, south: float, east: float, north: float) -> None:
    ax.set_facecolor(handout.SEA)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1 / math.cos(math.radians((south + north) / 2)))
    ax.set_xticks([])
    ax.set_yticks([])


def _view(bounds: tuple[float, float, float, float], pad: float) -> tuple[float, float, float, float]:
    """Bounds padded by `pad` of their size and made square on the ground."""
    west, south, east, north = bounds
    scale = math.cos(math.radians((south + north) / 2))
    half = max((east - west) * scale, north - south, 1e-4) * (0.5 + pad)
    cx, cy = (west + east) / 2, (south + north) / 2
    return cx - half / scale, cy - half, cx + half / scale, cy + half


def _scale_bar(ax: Axes, view: tuple[float, float, float, float]) -> None:
    """A bar of a round length (1, 2 or 5 × 10^n km) near a quarter of the map's width, bottom left."""
    west, south, east, north = view
    lat = south + 0.06 * (north - south)
    _az, _back, metres = _GEOD.inv(west, lat, east, lat)
    width_km = metres / 1000
    target = width_km / 4
    power = 10 ** math.floor(math.log10(target))
    length = max(m * power for m in (1, 2, 5) if m * power <= target)
    x0 = west + 0.05 * (east - west)
    x1 = x0 + (east - west) * length / width_km
    ax.plot([x0, x1], [lat, lat], color="#000000", linewidth=2.5, solid_capstyle="butt")
    label = f"{length:g} km"
    ax.annotate(
        label,
        ((x0 + x1) / 2, lat),
        xytext=(0, 4),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=8,
        parse_math=False,
    )


def _close_up(
    change: IslandChange, view: tuple[float, float, float, float]
) -> tuple[float, float, float, float] | None:
    """The frame of a close-up on the largest displacement when it is too small to see in `view` (under
    a fortieth of its width), else None: about eight times the displacement across, at least 0.3 km."""
    d = change.displacement
    if d is None or d.km <= 0:
        return None
    middle = (view[1] + view[3]) / 2
    _az, _back, view_m = _GEOD.inv(view[0], middle, view[2], middle)
    if d.km * 1000 >= view_m / 40:
        return None
    cx, cy = (d.before_at[0] + d.after_at[0]) / 2, (d.before_at[1] + d.after_at[1]) / 2
    half = max(d.km * 4, 0.15) / 111.32  # degrees of latitude; _view widens the longitude
    return _view((cx, cy - half, cx, cy + half), 0.0)


def picture(change: IslandChange) -> bytes | None:
    """One island's outlines before (grey, dashed) and after (green) on one image, with its name, the
    areas, a scale bar and the largest displacement marked; when that is too small to see at the
    island's scale, a close-up of it beside the island (its frame drawn on the island's map)."""
    shapes = [s for s in (change.before, change.after) if s is not None]
    if not shapes:
        return None
    bounds = [s.bounds for s in shapes]
    whole = (
        min(b[0] for b in bounds),
        min(b[1] for b in bounds),
        max(b[2] for b in bounds),
        max(b[3] for b in bounds),
    )
    view = _view(whole, 0.12)
    close = _close_up(change, view)
    width = PICTURE_IN + (CLOSE_UP_IN + 0.25 if close else 0.0)
    height = PICTURE_IN + PICTURE_TEXT_IN
    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    side = PICTURE_IN - 0.35  # the map's box, inches
    ax = fig.add_axes((0.12 / width, 0.4 / height, side / width, side / height))
    _frame(ax, *view)
    _draw(ax, change, 1.0)
    _scale_bar(ax, view)
    name = change.name if len(change.name) <= MAX_NAME_CHARS else change.name[: MAX_NAME_CHARS - 1] + "…"
    fig.text(0.12 / width, 1 - 0.1 / height, name, fontsize=12, fontweight="bold", va="top", parse_math=False)
    before = _number(change.area_before_km2, "km²") if change.area_before_km2 is not None else "—"
    after = _number(change.area_after_km2, "km²") if change.area_after_km2 is not None else "—"
    area = f"area {before} → {after}"
    fig.text(0.12 / width, 1 - 0.42 / height, area, fontsize=8.5, color=handout.GREY, va="top", parse_math=False)
    key = "before: grey, dashed · after: green"
    if change.displacement is not None:
        key += f" · ○ moved most: {_km(change.displacement.km)}"
    fig.text(0.12 / width, 0.12 / height, key, fontsize=8, color=handout.GREY, va="bottom", parse_math=False)
    if close is not None:
        west, south, east, north = close
        ax.add_patch(Rectangle((west, south), east - west, north - south, fill=False, edgecolor=MARK, linewidth=0.8))
        left, top = PICTURE_IN + 0.1, 0.4 + side
        zoom = fig.add_axes((left / width, (top - CLOSE_UP_IN) / height, CLOSE_UP_IN / width, CLOSE_UP_IN / height))
        _frame(zoom, *close)
        _draw(zoom, change, 1.3)
        _scale_bar(zoom, close)
        fig.text(
            left / width,
            (top + 0.06) / height,
            "close-up (the frame on the map)",
            fontsize=8,
            color=handout.GREY,
            va="bottom",
            parse_math=False,
        )
    return handout.to_bytes(fig, "png")


def pictures(review: Review) -> dict[str, bytes]:
    """island id -> PNG of its outlines before and after, for each island whose outline changed."""
    out = {}
    for change in review.islands:
        png = picture(change)
        if png is not None:
            out[change.island_id] = png
    return out


def picture_file_names(review: Review) -> dict[str, str]:
    """island id -> a safe file name for its picture (`<id>.png` for an id of letters, digits, `_` and `-`;
    else `island-<n>.png`), one name per island."""
    out: dict[str, str] = {}
    for n, change in enumerate(review.islands, start=1):
        plain = re.fullmatch(r"[a-z0-9_-]{1,64}", change.island_id)
        name = f"{change.island_id}.png" if plain else f"island-{n}.png"
        out[change.island_id] = name if name not in out.values() else f"island-{n}.png"
    return out
