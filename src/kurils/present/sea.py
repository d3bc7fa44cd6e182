"""The sea (geodata/maritime.geojson) for people and for the map: which zones are in force on a day,
what each is in words (tooltip, map in words, exports), how the map draws it, and the browser's
static file of them.

Each government's zones are described in its own terms and attributed ("Japan's territorial sea
around the four islands it claims"); a computed line says that it is computed and not a legal
boundary, wherever the zone is shown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import geopandas as gpd
import shapely

from kurils.present.i18n import N_, day_text, gettext, join
from kurils.present.palette import RGB, state_name

# The browser's copy is simplified further (the map never shows the sea closer than ~1:500,000).
BROWSER_TOLERANCE_DEG = 0.002
OVERLAP_RGB = (40, 40, 40)
REGIME_RGB = (0, 158, 115)  # Okabe-Ito bluish green: no state's colour
ALPHA = {"territorial_sea": 80, "fishery_zone": 35, "economic_zone": 35, "overlap": 45, "regime": 130}
CLAIMED_ALPHA = 45

KIND_WORDS = {
    "territorial_sea": N_("{state}'s territorial sea ({breadth} nautical miles)"),
    "fishery_zone": N_("{state}'s fishery zone ({breadth} nautical miles)"),
    "economic_zone": N_("{state}'s exclusive economic zone ({breadth} nautical miles)"),
}
CLAIMED_WORDS = N_("{state}'s territorial sea around the islands it claims ({breadth} nautical miles)")
OVERLAP_WORDS = N_("Waters both count as theirs: {states}")
REGIME_WORDS = {
    "published": N_("Agreed fishing area ({states}), as published"),
    "computed": N_("Agreed fishing area ({states}), approximate"),
}
# The legend's rows: the states' colours are the islands' ("held by …"), so the sea needs only its
# kinds, in neutral swatches (a long legend would cover the map on a projector).
LEGEND_ROWS = {
    "sea": (
        [90, 90, 90, 110],
        [90, 90, 90, 40],
        N_("sea: territorial sea (darker), 200-mile zone"),
    ),
    "claimed": (
        [90, 90, 90, 45],
        None,
        N_("paler: territorial sea claimed, not held"),
    ),
    "overlap": ([*OVERLAP_RGB, ALPHA["overlap"]], None, N_("grey: waters both claim")),
    "regime": ([*REGIME_RGB, ALPHA["regime"]], None, N_("green: agreed fishing area")),
}
DECLARED = N_("declared in: {title}")
SINCE = N_("from {start}")
BETWEEN = N_("from {start} to {end}")
COMPUTED = N_("Drawn by rule from the declared breadth (median line where coasts are closer); not a legal boundary.")
PUBLISHED = N_("Drawn from the coordinates of the published text.")
APPROXIMATE = N_("Approximate: drawn by rule; the agreed area's own coordinates were not read.")
LEGEND_NOTE = N_("Sea zones: drawn by rule, not legal boundaries.")
LIST_SEPARATOR = N_("; ")
SENTENCE = N_("At sea (zones drawn by rule from each state's declared breadth, not legal boundaries): {zones}.")


def valid_on(props: Mapping[str, Any], iso: str) -> bool:
    """Whether a feature valid over [valid_from, valid_to) (empty: still) is in force on the ISO day."""
    return bool(props["valid_from"] <= iso and (not props["valid_to"] or iso < props["valid_to"]))


def in_force(maritime: gpd.GeoDataFrame, day: dt.date) -> list[dict[str, Any]]:
    """The maritime features valid on `day`, as property dicts (no geometry), in the file's order."""
    iso = day.isoformat()
    return [r for r in maritime.drop(columns="geometry").to_dict("records") if valid_on(r, iso)]


def _parties(row: Mapping[str, Any], lang: str) -> str:
    return join([state_name(p, lang) for p in str(row["party"]).split(";")], lang)


def _breadth(row: Mapping[str, Any]) -> str:
    value = float(row.get("breadth_nm") or 0)
    return f"{value:g}"


def zone_name(row: Mapping[str, Any], lang: str) -> str:
    """What the zone is, attributed to its state: "Japan's territorial sea (12 nautical miles)"."""
    _ = gettext(lang)
    kind, status = str(row["kind"]), str(row["status"])
    if kind == "overlap":
        return _(OVERLAP_WORDS).format(states=_parties(row, lang))
    if kind == "regime":
        template = REGIME_WORDS["published" if row["basis"] == "published" else "computed"]
        return _(template).format(states=_parties(row, lang))
    template = CLAIMED_WORDS if status == "claimed" else KIND_WORDS[kind]
    return _(template).format(state=state_name(str(row["party"]), lang), breadth=_breadth(row))


def zone_lines(row: Mapping[str, Any], lang: str, sources: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """The zone in four lines (plain text): what it is, the law that declared it (its title in its
    own language; empty for an overlap), its period, and how it is drawn."""
    _ = gettext(lang)
    lines = [zone_name(row, lang)]
    declared = sources.get(str(row.get("declared_in") or ""))
    lines.append(_(DECLARED).format(title=declared["title"]) if declared else "")
    start = day_text(dt.date.fromisoformat(str(row["valid_from"])), lang)
    if row["valid_to"]:
        lines.append(_(BETWEEN).format(start=start, end=day_text(dt.date.fromisoformat(str(row["valid_to"])), lang)))
    else:
        lines.append(_(SINCE).format(start=start))
    if row["basis"] == "published":
        lines.append(_(PUBLISHED))
    elif row["kind"] == "regime":
        lines.append(_(APPROXIMATE))
    else:
        lines.append(_(COMPUTED))
    return lines


def legend_key(row: Mapping[str, Any]) -> str:
    """The legend row that explains the zone (LEGEND_ROWS)."""
    kind = str(row["kind"])
    return kind if kind in ("overlap", "regime") else "claimed" if row["status"] == "claimed" else "sea"


def fill(row: Mapping[str, Any]) -> list[int]:
    kind, party = str(row["kind"]), str(row["party"])
    rgb = OVERLAP_RGB if kind == "overlap" else REGIME_RGB if kind == "regime" else RGB.get(party, RGB["none"])
    alpha = CLAIMED_ALPHA if row["status"] == "claimed" else ALPHA[kind]
    return [*rgb, alpha]


def legend(lang: str) -> dict[str, dict[str, Any]]:
    """Legend row -> {colour, second colour (or None), label}; the browser shows the rows of the
    zones drawn on its day."""
    _ = gettext(lang)
    return {key: {"colour": c, "second": c2, "label": _(label)} for key, (c, c2, label) in LEGEND_ROWS.items()}


def sentence(maritime: gpd.GeoDataFrame, day: dt.date, lang: str) -> str | None:
    """The zones in force on `day` in one sentence for the map in words, or None when there are none."""
    _ = gettext(lang)
    names = list(dict.fromkeys(zone_name(r, lang) for r in in_force(maritime, day)))
    return _(SENTENCE).format(zones=_(LIST_SEPARATOR).join(names)) if names else None


def outer(geom: shapely.Geometry) -> shapely.Geometry:
    """The polygons without their holes: the land inside a belt is drawn over it in the browser."""
    return shapely.MultiPolygon([shapely.Polygon(p.exterior) for p in getattr(geom, "geoms", [geom])])


def browser_layer(maritime: gpd.GeoDataFrame, day_number: Any) -> dict[str, Any]:
    """The browser's file: each distinct outline once (zones a state declared again under a new law
    share one), without the land's holes (the map draws the land over the sea) and simplified for
    the screen, with the zones drawn with it: id, first and end day
    (numbers), fill colour and legend key. The browser picks those in force on its day."""
    shapes: dict[bytes, dict[str, Any]] = {}
    for row in maritime.itertuples():
        geom = shapely.set_precision(outer(row.geometry).simplify(BROWSER_TOLERANCE_DEG, preserve_topology=True), 1e-4)
        key = shapely.to_wkb(shapely.normalize(geom))
        feature = shapes.setdefault(
            key,
            {
                "type": "Feature",
                "properties": {"kind": row.kind, "zones": []},
                "geometry": shapely.geometry.mapping(geom),
            },
        )
        props = row._asdict()
        feature["properties"]["zones"].append(
            {
                "id": row.id,
                "t0": day_number(row.valid_from),
                "t1": day_number(row.valid_to),
                "fill": fill(props),
                "legend": legend_key(props),
            }
        )
    features = sorted(shapes.values(), key=lambda f: DRAW_ORDER.index(f["properties"]["kind"]))
    return {"type": "FeatureCollection", "features": features}


# Wide zones first, then the narrow belts over them, the agreed areas on top.
DRAW_ORDER = ("fishery_zone", "economic_zone", "overlap", "territorial_sea", "regime")
