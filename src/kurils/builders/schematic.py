"""Schematic claim geometry: median lines through straits and halos around groups of islands.

Treaties name straits, not coordinates, so boundary lines are drawn as the line equidistant from
the two coasts (a Voronoi median) inside a box around the strait: schematic, and labelled so.
"""

from __future__ import annotations

import shapely
from shapely.geometry import MultiPoint, box
from shapely.ops import linemerge, unary_union

SAMPLE_DEG = 0.005  # spacing of coastline samples for the median


def _coast_points(geom: shapely.Geometry, frame: shapely.Geometry) -> list[shapely.Point]:
    coast = shapely.segmentize(geom.boundary, SAMPLE_DEG).intersection(frame)
    unique = dict.fromkeys((round(x, 7), round(y, 7)) for x, y in shapely.get_coordinates(coast))
    return [shapely.Point(x, y) for x, y in unique]


def median_line(
    a: shapely.Geometry, b: shapely.Geometry, bounds: tuple[float, float, float, float]
) -> shapely.Geometry:
    """The line equidistant from the coasts of `a` and `b` inside `bounds` (west, south, east, north)."""
    frame = box(*bounds)
    reach = frame.buffer(0.5)
    pa, pb = _coast_points(a, reach), _coast_points(b, reach)
    cells = list(shapely.voronoi_polygons(MultiPoint(pa + pb), extend_to=reach, ordered=True).geoms)
    region_a = unary_union(cells[: len(pa)])
    region_b = unary_union(cells[len(pa) :])
    edge = region_a.intersection(region_b).intersection(frame)
    lines = [g for g in getattr(edge, "geoms", [edge]) if g.geom_type in ("LineString", "MultiLineString")]
    return linemerge(unary_union(lines))


def halo(islands: list[shapely.Geometry], distance_deg: float = 0.03, tolerance_deg: float = 0.005) -> shapely.Geometry:
    """An outline around a group of islands, for drawing a claim or unit over them (not a sea boundary)."""
    return unary_union([g.buffer(distance_deg) for g in islands]).simplify(tolerance_deg, preserve_topology=True)
