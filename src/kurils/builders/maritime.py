"""`kurils build-maritime`: compute the geometry of geodata/maritime.geojson from its own rules.

Each feature's properties are hand-edited data (dates, sources, the rule); a feature whose `basis`
is `computed` gets its geometry from the rule, over the coasts of islands.geojson and land.geojson:
- a belt (`breadth_nm`) measured from the coasts named in `coasts` (the normal baseline, taken as
  the GSHHG shoreline: straight baselines are not reproduced), less the land;
- cut at the median line where the coasts of `median_with` are nearer (the line equidistant from
  the two sets of coasts: a computed line, not a legal boundary);
- or, for an `overlap`, the water both features named in `of` cover;
- clipped to the map's region (vocab.REGION).
A feature whose `basis` is `published` keeps the geometry drawn from its published text.

Distances are taken in the atlas's equal-area projection (geometry.EQUAL_AREA_CRS), whose scale
departs from the ellipsoid's by under 0.5% anywhere in the region: within the 1% the tests check
against pyproj's geodesics.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import box, shape
from shapely.ops import unary_union

from kurils.model import geojson_io
from kurils.model.geometry import from_equal_area, orient_rfc7946, to_equal_area
from kurils.model.validate.cross_file import split_list
from kurils.model.vocab import COAST_GROUP_PREFIX, REGION

NAUTICAL_MILE_M = 1852.0
SAMPLE_M = 150.0  # coast samples for the median line: under 0.2% off at the narrowest strait (3.7 km)
QUAD_SEGS = 16  # arcs of the belt: a 200-mile arc's chord is 0.05% short at its middle
GRID_DEG = 1e-5  # the layer's 5 decimals
# Simplified after the rule is applied, in metres: within 1% of the distances across the narrowest
# strait (3.7 km between Cape Nosappu and Kaigara) and of the breadth.
SIMPLIFY_M = {"territorial_sea": 15.0, "regime": 15.0}
SIMPLIFY_WIDE_M = 100.0


class RuleError(ValueError):
    """A feature whose rule cannot be applied (an unknown coast, a missing breadth)."""


def coast_shapes(geodata_dir: Path) -> tuple[dict[str, shapely.Geometry], dict[str, list[str]]]:
    """Every island and land feature by id (projected), and the islands of each group."""
    shapes: dict[str, shapely.Geometry] = {}
    for layer in ("islands", "land"):
        for feat in geojson_io.read_collection(geodata_dir / f"{layer}.geojson")["features"]:
            shapes[feat["properties"]["id"]] = to_equal_area(shape(feat["geometry"]))
    groups: dict[str, list[str]] = {}
    with (geodata_dir / "island_names.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            groups.setdefault(row["group"], []).append(row["id"])
    return shapes, groups


def coasts_of(tokens: list[str], shapes: dict[str, shapely.Geometry], groups: dict[str, list[str]]) -> shapely.Geometry:
    """The land named by `tokens`: island or land ids, or `group:<group>` of island_names.csv."""
    ids: list[str] = []
    for token in tokens:
        if token.startswith(COAST_GROUP_PREFIX):
            group = token.removeprefix(COAST_GROUP_PREFIX)
            if group not in groups:
                raise RuleError(f"no island group {group!r}")
            ids += groups[group]
        elif token in shapes:
            ids.append(token)
        else:
            raise RuleError(f"no island or land {token!r}")
    if not ids:
        raise RuleError("no coasts named")
    return unary_union([shapes[i] for i in dict.fromkeys(ids)])


def _samples(geom: shapely.Geometry) -> np.ndarray:
    coast = shapely.segmentize(geom.boundary, SAMPLE_M)
    return np.unique(np.round(shapely.get_coordinates(coast), 1), axis=0)


def nearer_to(own: shapely.Geometry, other: shapely.Geometry, frame: shapely.Geometry) -> shapely.Geometry:
    """The part of `frame` nearer to `own`'s coast than to `other`'s: Voronoi cells of coast samples."""
    a, b = _samples(own), _samples(other)
    if not len(b):
        return frame
    points = shapely.multipoints(np.concatenate([a, b]))
    cells = shapely.get_parts(shapely.voronoi_polygons(points, extend_to=frame.buffer(1000.0), ordered=True))
    mine = shapely.coverage_union_all(cells[: len(a)])
    return mine.intersection(frame)


class Coasts:
    """The coasts of islands.geojson and land.geojson, projected, with the belts made from them so
    far (several features share a rule: the zones a state declared again under a new law)."""

    def __init__(self, geodata_dir: Path):
        self.shapes, self.groups = coast_shapes(geodata_dir)
        self.land = unary_union(list(self.shapes.values()))
        self.belts: dict[tuple[str, ...], shapely.Geometry] = {}

    def belt(self, props: dict[str, Any]) -> shapely.Geometry:
        """A computed belt: the breadth from the coasts, less the land, cut at the median line (projected)."""
        try:
            breadth_m = float(props["breadth_nm"]) * NAUTICAL_MILE_M
        except (KeyError, TypeError, ValueError) as e:
            raise RuleError("a computed belt needs breadth_nm") from e
        key = (
            str(breadth_m),
            ";".join(split_list(props.get("coasts"))),
            ";".join(split_list(props.get("median_with"))),
        )
        if key not in self.belts:
            own = coasts_of(split_list(props.get("coasts")), self.shapes, self.groups)
            zone = own.buffer(breadth_m, quad_segs=QUAD_SEGS).difference(self.land)
            if split_list(props.get("median_with")):
                other = coasts_of(split_list(props["median_with"]), self.shapes, self.groups)
                zone = zone.intersection(nearer_to(own, other, zone.envelope))
            self.belts[key] = zone
        return self.belts[key]


@functools.cache
def region_frame() -> shapely.Geometry:
    west, south, east, north = REGION
    return to_equal_area(shapely.segmentize(box(west, south, east, north), 0.05))


def finish(projected: shapely.Geometry, tolerance_m: float) -> shapely.Geometry:
    """Clipped to the region, simplified, back to lon/lat at the layer's precision, RFC 7946 winding."""
    clipped = projected.intersection(region_frame()).simplify(tolerance_m, preserve_topology=True)
    polygons = [g for g in getattr(clipped, "geoms", [clipped]) if g.geom_type == "Polygon" and not g.is_empty]
    geom = shapely.set_precision(from_equal_area(shapely.MultiPolygon(polygons)), GRID_DEG)
    geom = shapely.make_valid(geom) if not geom.is_valid else geom
    parts = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type == "Polygon" and not g.is_empty]
    out = orient_rfc7946(shapely.MultiPolygon(parts))
    return out.geoms[0] if len(out.geoms) == 1 else out


def tolerance(props: dict[str, Any]) -> float:
    return SIMPLIFY_M.get(str(props.get("kind")), SIMPLIFY_WIDE_M)


def compute(features: list[dict[str, Any]], geodata_dir: Path) -> list[dict[str, Any]]:
    """The features with the geometry of every computed one made again from its rule."""
    coasts = Coasts(geodata_dir)
    by_id = {f["properties"]["id"]: f for f in features}
    projected: dict[str, shapely.Geometry] = {}

    def rule(fid: str, seen: tuple[str, ...] = ()) -> shapely.Geometry:
        if fid in projected:
            return projected[fid]
        if fid not in by_id or fid in seen:
            raise RuleError(f"overlap of {fid!r}: no such feature, or a cycle")
        props = by_id[fid]["properties"]
        if props.get("basis") != "computed":
            geom = to_equal_area(shape(by_id[fid]["geometry"]))
        elif props.get("kind") == "overlap":
            parts = split_list(props.get("of"))
            if len(parts) != 2:
                raise RuleError(f"{fid}: an overlap names two features in `of`")
            geom = rule(parts[0], (*seen, fid)).intersection(rule(parts[1], (*seen, fid)))
        else:
            geom = coasts.belt(props)
        projected[fid] = geom
        return geom

    out = []
    for feat in features:
        props = feat["properties"]
        if props.get("basis") == "computed":
            try:
                geom = finish(rule(props["id"]), tolerance(props))
            except RuleError as e:
                raise RuleError(f"{props['id']}: {e}") from e
            feat = geojson_io.feature(props, geom)
        out.append(feat)
    return out


METADATA = {
    "layer": "maritime",
    "built_by": "kurils build-maritime",
    "rule": "computed features: geodesic belts of the stated breadth from the GSHHG shoreline (the normal "
    "baseline; straight baselines not reproduced), less the land, cut at the line equidistant from the "
    "coasts in median_with, clipped to the map's region; distances in a Lambert azimuthal equal-area "
    "projection (under 0.5% from geodesic in the region). Computed lines are not legal boundaries.",
}


def build(geodata_dir: Path) -> list[Path]:
    """Recompute maritime.geojson's computed geometry in `geodata_dir`; returns the path written."""
    path = geodata_dir / "maritime.geojson"
    data = geojson_io.read_collection(path)
    features = compute(data["features"], geodata_dir)
    geojson_io.write_collection(path, features, METADATA)
    return [path]
