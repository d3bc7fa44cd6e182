"""The map's layers as plain GeoJSON, built once per geodata folder and served as static files.

Each island is one feature carrying its whole history (end day, fill and ring colour of every
interval); claims carry their interval as two day numbers (t0, t1); the hover text of each island
is in one small file per language and epoch (the day a status or a stated position changes). The
browser loads these files once and draws any day from them, so no geometry crosses the wire again
(see README, Performance)."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from typing import Any

import geopandas as gpd
import shapely

from kurils.model.timeline import History, Interval
from kurils.model.vocab import TIMELINE_START
from kurils.present import sea
from kurils.present.i18n import LANGS, N_, gettext, join
from kurils.present.palette import CLAIM_KINDS, claim_outline, rgba, state_name
from kurils.present.words import Translate, english

OPEN_END = 1_000_000  # day number for "still true"
FORMAT = 7  # bump when the files' layout changes: it is part of their URL, so browsers refetch


def day_number(day: dt.date) -> int:
    """Days since the atlas starts (1855-02-07 is day 0)."""
    return (day - TIMELINE_START).days


def _day_or_open(day: dt.date | str | None) -> int:
    if not day:
        return OPEN_END
    return day_number(day if isinstance(day, dt.date) else dt.date.fromisoformat(day))


def _names(props: dict[str, Any]) -> dict[str, Any]:
    return {k: props[k] for k in ("name_en", "name_ru", "name_ja", "name_ja_latn")}


POSITION_POVS = ("japan", "russia")  # the governments whose stated positions the map can show


def position_hatches(history: History, island_id: str, pov: str) -> list[list[Any]]:
    """When `pov`'s stated position gives the island to a state other than its holder: the periods
    [first day, end day, colour of that state] (day numbers; end exclusive). The map hatches the
    island in that colour while the point of view is chosen (logic.js, periodColour)."""
    epochs = [*history.epochs(), None]
    periods: list[list[Any]] = []
    for start, end in itertools.pairwise(epochs):
        assert start is not None
        position = history.position_at(pov, island_id, start)
        try:
            holder = history.interval_at(island_id, start).controller
        except ValueError:  # no status yet on this day
            continue
        if position is None or position.sovereign == holder:
            continue
        colour = rgba(position.sovereign, 255)
        t0, t1 = day_number(start), _day_or_open(end)
        if periods and periods[-1][1] == t0 and periods[-1][2] == colour:
            periods[-1][1] = t1
        else:
            periods.append([t0, t1, colour])
    return periods


def islands_with_history(history: History, islands: gpd.GeoDataFrame) -> dict[str, Any]:
    """One feature per island (geometry sent once) carrying its whole history as flat properties:
    the end day `e<k>`, fill colour `f<k>` and claimant ring colour `r<k>` of its k-th interval,
    and per government `h_<pov>` the periods its position hatches the island (position_hatches).
    The map picks the interval for the day in the browser (mapview/frontend/logic.js, colourAt)."""
    geometry = {row.id: row.geometry.__geo_interface__ for row in islands.itertuples()}
    features = []
    for island_id, intervals in history.intervals.items():
        props: dict[str, Any] = {"id": island_id}
        for k, iv in enumerate(intervals):
            props[f"e{k}"] = _day_or_open(iv.end)
            props[f"f{k}"] = rgba(iv.controller, 235)
            props[f"r{k}"] = claim_outline(iv.controller, list(iv.claimants))
        for pov in POSITION_POVS:
            props[f"h_{pov}"] = position_hatches(history, island_id, pov)
        features.append({"type": "Feature", "properties": props, "geometry": geometry[island_id]})
    return {"type": "FeatureCollection", "features": features}


# A stated position is drawn as diagonal stripes over the islands it gives to a state other than
# the holder: filled parallelograms (cheap in software WebGL, like the halos), STRIPE_PX wide every
# HATCH_PERIOD_PX pixels at the file's zoom. Beyond the last band the stripes simply grow.
HATCH_ZOOMS = tuple(z / 2 for z in range(6, 19))  # 3, 3.5, ..., 9
HATCH_PERIOD_PX, STRIPE_PX = 7.0, 2.5


def hatch_file(zoom: float) -> str:
    return f"hatch_{zoom:g}.json"


def _stripes(bounds: tuple[float, float, float, float], period: float, width: float) -> shapely.Geometry:
    """Parallelograms at 45 degrees covering `bounds` (metres, EPSG:3857)."""
    west, south, east, north = bounds
    height = north - south
    first = math.floor((west - height) / period) * period
    return shapely.multipolygons(
        [
            shapely.Polygon([(x, south), (x + width, south), (x + width + height, north), (x + height, north)])
            for x in _frange(first, east, period)
        ]
    )


def _frange(start: float, stop: float, step: float) -> list[float]:
    return [start + i * step for i in range(int((stop - start) / step) + 1)]


def hatches(islands: gpd.GeoDataFrame, with_history: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """File name -> stripes over every island some position ever hatches, at each zoom of HATCH_ZOOMS,
    with the island's `h_<pov>` properties."""
    keys = ["id", *(f"h_{p}" for p in POSITION_POVS)]
    props = {
        f["properties"]["id"]: {k: f["properties"][k] for k in keys}
        for f in with_history["features"]
        if any(f["properties"][k] for k in keys[1:])
    }
    mercator = islands.set_index("id").geometry.to_crs(3857)
    mercator = mercator[mercator.index.isin(list(props))]
    files = {}
    for zoom in HATCH_ZOOMS:
        px = MERCATOR_M_PER_PX / 2**zoom
        features = []
        for island_id, geometry in mercator.items():
            striped = geometry.intersection(_stripes(geometry.bounds, HATCH_PERIOD_PX * px, STRIPE_PX * px))
            if striped.is_empty:
                continue
            lonlat = gpd.GeoSeries([striped], crs=3857).to_crs(4326).iloc[0]
            lonlat = shapely.transform(lonlat, lambda xy: xy.round(5))  # drawn, never tested: rounding suffices
            geometry_json = shapely.geometry.mapping(lonlat)
            features.append({"type": "Feature", "properties": props[island_id], "geometry": geometry_json})
        files[hatch_file(zoom)] = {"type": "FeatureCollection", "features": features}
    return files


# The claimant ring and the coastline drawn as polygons buffered around each island: a stroked path
# costs ~10x more per frame in software WebGL than a filled polygon (README, Performance). A buffer
# is so many pixels wide at one zoom only, so there is one file per half zoom step; the map takes
# the band nearest its zoom (mapview/frontend/logic.js, haloFile).
HALO_ZOOMS = tuple(z / 2 for z in range(6, 25))  # 3, 3.5, ..., 12: the zooms the map allows
HALO_PX = {"wide": 3.5, "narrow": 1.0}  # half the 7 px claimant ring, half the 2 px coastline
MERCATOR_M_PER_PX = 2 * math.pi * 6378137 / 512  # EPSG:3857 metres per pixel at zoom 0 (512-px world)


def halo_file(width: str, zoom: float) -> str:
    return f"halo_{width}_{zoom:g}.json"


def halos(islands: gpd.GeoDataFrame, with_history: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """File name -> the islands buffered by HALO_PX[width] pixels at each zoom of HALO_ZOOMS, with
    the same history properties as `islands_with_history`."""
    props = {f["properties"]["id"]: f["properties"] for f in with_history["features"]}
    mercator = islands.set_index("id").geometry.to_crs(3857)
    files = {}
    for zoom in HALO_ZOOMS:
        for width, px in HALO_PX.items():
            buffered = mercator.buffer(px * MERCATOR_M_PER_PX / 2**zoom, quad_segs=4).to_crs(4326)
            buffered = shapely.set_precision(buffered.values, 1e-5)
            features = [
                {"type": "Feature", "properties": props[i], "geometry": shapely.geometry.mapping(g)}
                for i, g in zip(mercator.index, buffered)
                if i in props
            ]
            files[halo_file(width, zoom)] = {"type": "FeatureCollection", "features": features}
    return files


PICK_TOLERANCE_DEG = 0.004  # pick shapes only catch the pointer: coarse is enough, and small


def pick_file(lang: str, epoch: dt.date) -> str:
    return f"pick_{lang}_{epoch.isoformat()}.json"


def pick_shapes(islands: gpd.GeoDataFrame) -> dict[str, dict[str, Any]]:
    """A coarse outline per island for hover and click (the drawn outline stays the exact one)."""
    out = {}
    for row in islands.itertuples():
        coarse = shapely.set_precision(row.geometry.simplify(PICK_TOLERANCE_DEG), 0.001)
        if coarse.is_empty:  # an islet smaller than the tolerance: a small disc instead
            coarse = shapely.set_precision(row.geometry.centroid.buffer(0.003), 0.001)
        out[row.id] = shapely.geometry.mapping(coarse)
    return out


def pick_layer(
    history: History,
    islands: gpd.GeoDataFrame,
    epoch: dt.date,
    shapes: dict[str, dict[str, Any]],
    lang: str = "en",
    translate: Translate = english,
) -> dict[str, Any]:
    """One feature per island (sorted by id) with its status during `epoch` in `lang`: what the
    tooltip shows and what a click selects. Streamlit reports a click as a position in this list."""
    names = {row["id"]: row for row in islands.drop(columns="geometry").to_dict("records")}
    features = []
    for island_id in history.intervals:
        iv = history.interval_at(island_id, epoch)
        props = _status_properties(history, iv, epoch, names[island_id], lang)
        features.append({"type": "Feature", "properties": props, "geometry": shapes[island_id]})
    return {"type": "FeatureCollection", "features": features}


def _status_properties(
    history: History, iv: Interval, epoch: dt.date, base: dict[str, Any], lang: str
) -> dict[str, Any]:
    """What the hover text shows (mapview.tooltip_text): the names, holder, claimants and each
    government's position, short; the island's panel has the rest."""
    _ = gettext(lang)
    props = {
        "id": iv.island_id,
        **_names(base),
        "controller": state_name(iv.controller, lang),
        "claimants": join([state_name(c, lang) for c in iv.claimants], lang) or _("none"),
    }
    for pov in POSITION_POVS:
        pos = history.position_at(pov, iv.island_id, epoch)  # positions change within an interval too
        if pos is None:
            props[f"stance_{pov}"] = _(NO_STANCE[pov])
            continue
        government = "ussr" if pov == "russia" and pos.start < SOVIET_UNTIL else pov
        territory = TERRITORY.get(pos.sovereign)
        props[f"stance_{pov}"] = _(STANCE[government]).format(
            state=_(territory) if territory else state_name(pos.sovereign, lang)
        )
    return props


SOVIET_UNTIL = dt.date(1991, 12, 26)  # a position stated before this day is the Soviet Union's
STANCE = {
    "japan": N_("Japan's position: {state}"),
    "ussr": N_("The Soviet Union's position: {state}"),
    "russia": N_("Russia's position: {state}"),
}
NO_STANCE = {
    "japan": N_("Japan's position: none recorded for this period"),
    "russia": N_("Russia's (or its predecessor's) position: none recorded for this period"),
}
TERRITORY = {  # what a position gives the island to, as the tooltip says it
    "japan": N_("Japanese territory"),
    "ussr": N_("Soviet territory"),
    "russia": N_("Russian territory"),
}


def claims_of_kind(claims: gpd.GeoDataFrame, kind: str) -> dict[str, Any]:
    """The claim features of one kind, with their interval as day numbers."""
    features = []
    for row in claims[claims["kind"] == kind].sort_values("id").itertuples():
        props = {
            "id": row.id,
            "kind": row.kind,
            "party": row.party,
            "name_en": row.name_en,
            "valid_from": row.valid_from,
            "valid_to": row.valid_to or "today",
            "t0": _day_or_open(row.valid_from),
            "t1": _day_or_open(row.valid_to),
            "colour": rgba(row.party.split(";")[0] if kind != "boundary" else "none", 255),
            "sources": row.source_ids.replace(";", ", "),
            "note": row.note,
        }
        features.append({"type": "Feature", "properties": props, "geometry": row.geometry.__geo_interface__})
    return {"type": "FeatureCollection", "features": features}


def static_layers(
    history: History,
    islands: gpd.GeoDataFrame,
    land: gpd.GeoDataFrame,
    claims: gpd.GeoDataFrame,
    maritime: gpd.GeoDataFrame,
    translate: Translate = english,
) -> dict[str, dict[str, Any]]:
    """File name → GeoJSON for every static layer of the map (pick layers per language and epoch)."""
    with_history = islands_with_history(history, islands)
    files = {
        "islands.json": with_history,
        "land.json": land.__geo_interface__,
        **halos(islands, with_history),
        **hatches(islands, with_history),
        "sea.json": sea.browser_layer(maritime, _day_or_open),
    }
    for kind in CLAIM_KINDS:
        files[f"claims_{kind}.json"] = claims_of_kind(claims, kind)
    shapes = pick_shapes(islands)
    for lang in LANGS:
        for epoch in history.epochs():
            files[pick_file(lang, epoch)] = pick_layer(history, islands, epoch, shapes, lang, translate)
    return files
