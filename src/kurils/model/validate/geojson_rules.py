"""GeoJSON layer rules: JSON syntax, RFC 7946 structure (JSON Schema) and geometry (shapely)."""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import numpy as np
import shapely
from shapely.geometry import shape

from kurils.model.geojson_io import DECIMALS
from kurils.model.geometry import AREA_OF_INTEREST, area_km2
from kurils.model.validate import jsontext
from kurils.model.validate.limits import (
    MAX_FEATURES_PER_LAYER,
    MAX_OVERLAP_PAIRS,
    MAX_PARTS_PER_FEATURE,
    MAX_PROPERTIES_PER_FEATURE,
    MAX_VERTICES_PER_FEATURE,
    MAX_VERTICES_PER_FILE,
)
from kurils.model.validate.problems import NO_FIELD, RUN_FMT, WHOLE_FILE, Problem

SCHEMA = json.loads((Path(__file__).parent / "geojson.schema.json").read_text(encoding="utf-8"))
AREA_TOLERANCE = 0.01  # area_km2 may differ from the recomputed area by 1% (plus 0.01 km²)


def parse(name: str, text: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The FeatureCollection, or None with the reason it could not be read.

    In order, each stage only on what passed the one before: the JSON text's depth and size
    (jsontext), strict JSON, the counts of features, positions and parts (size_problems), the
    JSON Schema (geojson.schema.json, which leaves coordinates to the next stage: jsonschema takes
    ~35 µs a position), and the nesting of each geometry's coordinates (coordinates_shape_problems).
    """
    data, problems, parsed = jsontext.parse(name, text)
    if not parsed:
        return None, problems
    problems = size_problems(name, data)
    if problems:
        return None, problems
    for err in sorted(
        jsonschema.Draft202012Validator(SCHEMA).iter_errors(data), key=lambda e: list(map(str, e.absolute_path))
    ):
        path = list(err.absolute_path)
        where = WHOLE_FILE
        if len(path) >= 2 and path[0] == "features" and isinstance(path[1], int):
            where = feature_label(data, path[1])
            path = path[2:]
        field = ".".join(map(str, path)) or NO_FIELD
        message = (
            "not a GeoJSON geometry: bad type or coordinates" if err.validator in ("oneOf", "anyOf") else err.message
        )
        problems.append(Problem(name, where, field, "geojson-structure", message[:100], _short(err.instance)))
    if problems:
        return None, problems
    problems = coordinates_shape_problems(name, data)
    return (None if problems else data), problems


def _count(coords: Any) -> tuple[int, int]:
    """(positions, other arrays) in a geometry's coordinates, without recursion."""
    positions = parts = 0
    stack = [coords]
    while stack:
        item = stack.pop()
        if not isinstance(item, list):
            continue
        if item and isinstance(item[0], (int, float)) and not isinstance(item[0], bool):
            positions += 1
            continue
        parts += 1
        stack.extend(item)
    return positions, parts


def size_problems(name: str, data: Any) -> list[Problem]:
    """Features per layer, positions and parts per feature, positions per layer: within the limits."""
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        return []  # the schema reports it
    if len(features) > MAX_FEATURES_PER_LAYER:
        message = f"more than {MAX_FEATURES_PER_LAYER} features"
        return [Problem(name, WHOLE_FILE, "features", "too-many-features", message, str(len(features)))]
    problems = []
    total = 0
    for i, feat in enumerate(features):
        props = feat.get("properties") if isinstance(feat, dict) else None
        if isinstance(props, dict) and len(props) > MAX_PROPERTIES_PER_FEATURE:
            message = f"more than {MAX_PROPERTIES_PER_FEATURE} properties"
            problems.append(
                Problem(name, feature_label(data, i), "properties", "too-many-properties", message, str(len(props)))
            )
        geom = feat.get("geometry") if isinstance(feat, dict) else None
        if not isinstance(geom, dict):
            continue
        positions, parts = _count(geom.get("coordinates"))
        total += positions
        where = feature_label(data, i)
        if positions > MAX_VERTICES_PER_FEATURE:
            message = f"more than {MAX_VERTICES_PER_FEATURE} vertices"
            problems.append(Problem(name, where, "geometry", "too-many-vertices", message, str(positions)))
        if parts > MAX_PARTS_PER_FEATURE:
            message = f"more than {MAX_PARTS_PER_FEATURE} polygons, rings and lines"
            problems.append(Problem(name, where, "geometry", "too-many-parts", message, str(parts)))
    if total > MAX_VERTICES_PER_FILE:
        message = f"more than {MAX_VERTICES_PER_FILE} vertices in the layer"
        problems.append(Problem(name, WHOLE_FILE, "geometry", "too-many-vertices", message, str(total)))
    return problems


_NUMBER = (int, float)  # exact types: JSON's true and false parse to bool, a subclass of int


def _is_position(value: Any) -> bool:
    return type(value) is list and 2 <= len(value) <= 3 and all(type(v) in _NUMBER for v in value)


def _is_line(value: Any, least: int) -> bool:
    if type(value) is not list or len(value) < least:
        return False
    for position in value:  # _is_position inlined: this loop runs once per position of the file
        if type(position) is not list or not 2 <= len(position) <= 3:
            return False
        for v in position:
            if type(v) is not float and type(v) is not int:
                return False
    return True


def _is_polygon(value: Any) -> bool:
    return isinstance(value, list) and all(_is_line(ring, 4) for ring in value)


def _is_lines(value: Any) -> bool:
    return isinstance(value, list) and all(_is_line(line, 2) for line in value)


def _is_polygons(value: Any) -> bool:
    return isinstance(value, list) and all(_is_polygon(p) for p in value)


def _is_linestring(value: Any) -> bool:
    return _is_line(value, 2)


# RFC 7946 coordinates by geometry type (what the JSON Schema checked before, in linear time).
_COORDINATES: dict[str, Callable[[Any], bool]] = {
    "Point": _is_position,
    "LineString": _is_linestring,
    "MultiLineString": _is_lines,
    "Polygon": _is_polygon,
    "MultiPolygon": _is_polygons,
}


def coordinates_shape_problems(name: str, data: dict[str, Any]) -> list[Problem]:
    """Each geometry's coordinates nested as its type says (the schema checked type and the rest)."""
    problems = []
    for i, feat in enumerate(data["features"]):
        geom = feat["geometry"]
        if geom is not None and not _COORDINATES[geom["type"]](geom["coordinates"]):
            problems.append(
                Problem(
                    name,
                    feature_label(data, i),
                    "geometry",
                    "geojson-structure",
                    "not a GeoJSON geometry: bad type or coordinates",
                    _short(geom),
                )
            )
    return problems


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:59] + "…"


def feature_label(data: dict[str, Any], index: int) -> str:
    """A feature's id where it has a usable one, else its position (`feature 3`, counted from 1)."""
    try:
        fid = data["features"][index]["properties"]["id"]
        if isinstance(fid, str) and fid.strip() and fid.isprintable() and len(fid) <= 60:
            return fid
    except (KeyError, TypeError, IndexError):
        pass
    return f"feature {index + 1}"


def _positions(coords: Any) -> Iterator[list[float]]:
    if coords and isinstance(coords[0], (int, float)):
        yield coords
    else:
        for c in coords:
            yield from _positions(c)


def _rings(geojson_geom: dict[str, Any]) -> Iterator[tuple[bool, list[list[float]]]]:
    kind, coords = geojson_geom["type"], geojson_geom["coordinates"]
    polygons = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
    for polygon in polygons:
        for i, ring in enumerate(polygon):
            yield i == 0, ring


def _signed_area(ring: list[list[float]]) -> float:
    """The shoelace formula: positive for a counter-clockwise ring."""
    total = 0.0
    for (x0, y0, *_), (x1, y1, *_) in itertools.pairwise(ring):
        total += x0 * y1 - x1 * y0
    return total / 2


def coordinate_problems(name: str, where: str, geom: dict[str, Any]) -> list[Problem]:
    """Checks on the raw coordinates that shapely would hide or repair."""
    west, south, east, north = AREA_OF_INTEREST
    positions = list(_positions(geom["coordinates"]))
    # numpy finds the first position that is not finite or lies outside the area (and the first with
    # more decimals) in C; the messages come from that one position, as the Python loop gave them.
    xy = np.array([(p[0], p[1]) for p in positions], dtype=float).reshape(-1, 2)
    with np.errstate(invalid="ignore"):
        outside = ~np.isfinite(xy).all(axis=1) | (xy[:, 0] < west) | (xy[:, 0] > east)
        outside |= (xy[:, 1] < south) | (xy[:, 1] > north)
    if outside.any():
        lon, lat = positions[int(np.argmax(outside))][:2]
        if not (math.isfinite(lon) and math.isfinite(lat)):
            return [
                Problem(
                    name, where, "geometry", "non-finite-number", "coordinate is not a finite number", f"{lon}, {lat}"
                )
            ]
        if west <= lat <= east and south <= lon <= north:
            return [
                Problem(
                    name,
                    where,
                    "geometry",
                    "swapped-lon-lat",
                    "coordinates look like [lat, lon]; GeoJSON is [lon, lat]",
                    f"{lon}, {lat}",
                )
            ]
        return [
            Problem(
                name,
                where,
                "geometry",
                "out-of-area",
                f"outside lon {west}..{east}, lat {south}..{north}",
                f"{lon}, {lat}",
            )
        ]
    problems = []
    for k in np.flatnonzero((np.round(xy, DECIMALS) != xy).any(axis=1)):
        lon, lat = positions[int(k)][:2]
        if round(lon, DECIMALS) != lon or round(lat, DECIMALS) != lat:  # Python's exact rounding decides
            message = f"more than {DECIMALS} decimals; {RUN_FMT}"
            problems.append(Problem(name, where, "geometry", "excess-precision", message, f"{lon}, {lat}"))
            break
    for outer, ring in _rings(geom):
        if ring[0] != ring[-1]:
            problems.append(
                Problem(
                    name,
                    where,
                    "geometry",
                    "unclosed-ring",
                    "first and last positions of a ring differ",
                    f"{ring[0]} … {ring[-1]}",
                )
            )
            break
        if (_signed_area(ring) > 0) != outer:
            which = "outer ring must be counter-clockwise" if outer else "hole must be clockwise"
            message = f"{which}; {RUN_FMT}"
            problems.append(
                Problem(name, where, "geometry", "wrong-winding", message, f"starts at {ring[0][0]}, {ring[0][1]}")
            )
            break
    return problems


def _ring(positions: list[list[float]]) -> Any:
    return np.array(positions, dtype=float)


def _polygon(rings: list[list[list[float]]]) -> shapely.Geometry:
    if not rings:
        return shapely.Polygon()
    return shapely.Polygon(_ring(rings[0]), [_ring(r) for r in rings[1:]])


def build(geom: dict[str, Any]) -> shapely.Geometry:
    """The shapely geometry of a GeoJSON geometry whose coordinates passed the shape check: built
    from numpy arrays (shapely.geometry.shape goes through Python lists, ~5 µs a position)."""
    kind, coords = geom["type"], geom["coordinates"]
    if kind == "Polygon":
        return _polygon(coords)
    if kind == "MultiPolygon":
        return shapely.MultiPolygon([_polygon(p) for p in coords])
    if kind == "LineString":
        return shapely.LineString(_ring(coords))
    if kind == "MultiLineString":
        return shapely.MultiLineString([_ring(line) for line in coords])
    return shape(geom)


def geometry_problems(
    name: str, data: dict[str, Any], allowed_types: set[str]
) -> tuple[dict[str, shapely.Geometry], list[Problem]]:
    """Per-feature geometry checks; returns the valid shapes by feature label as well."""
    shapes, problems = {}, []
    for i, feat in enumerate(data["features"]):
        where = feature_label(data, i)
        geom = feat["geometry"]
        if geom is None:
            problems.append(Problem(name, where, "geometry", "null-geometry", "feature has no geometry", "null"))
            continue
        if geom["type"] not in allowed_types:
            problems.append(
                Problem(
                    name,
                    where,
                    "geometry",
                    "geometry-type",
                    f"must be one of {', '.join(sorted(allowed_types))}",
                    geom["type"],
                )
            )
            continue
        if not geom["coordinates"]:
            problems.append(Problem(name, where, "geometry", "empty-geometry", "geometry has no coordinates", "[]"))
            continue
        found = coordinate_problems(name, where, geom)
        problems += found
        if any(p.code in ("non-finite-number", "out-of-area", "swapped-lon-lat") for p in found):
            continue
        try:
            shp = build(geom)
        except (ValueError, TypeError, shapely.errors.ShapelyError) as e:
            problems.append(Problem(name, where, "geometry", "invalid-geometry", "cannot be built", str(e)))
            continue
        if not shp.is_valid:
            problems.append(
                Problem(
                    name, where, "geometry", "invalid-geometry", "not valid OGC geometry", shapely.is_valid_reason(shp)
                )
            )
            continue
        shapes[where] = shp
    return shapes, problems


def order_problems(name: str, data: dict[str, Any]) -> list[Problem]:
    ids = [str((f.get("properties") or {}).get("id", "")) for f in data["features"]]
    for i, (a, b) in enumerate(itertools.pairwise(ids)):
        if b < a:
            return [
                Problem(
                    name,
                    feature_label(data, i + 1),
                    "id",
                    "not-sorted",
                    f"features must be sorted by id; comes after {a!r}; {RUN_FMT}",
                    b,
                )
            ]
    return []


def overlap_problems(name: str, shapes: dict[str, shapely.Geometry]) -> list[Problem]:
    """Two features of one polygon layer may touch but must not share area.

    Candidate pairs come from an STRtree a block of features at a time; past MAX_OVERLAP_PAIRS
    candidates (features piled on one another) one problem stands for the rest.
    """
    labels = list(shapes)
    geoms = [shapes[k] for k in labels]
    if len(geoms) < 2:
        return []
    tree = shapely.STRtree(geoms)
    problems: list[Problem] = []
    checked = 0
    for first in range(0, len(geoms), _OVERLAP_BLOCK):
        block = geoms[first : first + _OVERLAP_BLOCK]
        found, others = tree.query(block, predicate="intersects")
        pairs = [(first + int(a), int(j)) for a, j in zip(found, others) if first + int(a) < j]
        over = checked + len(pairs) > MAX_OVERLAP_PAIRS
        pairs = pairs[: MAX_OVERLAP_PAIRS - checked]
        checked += len(pairs)
        if pairs:
            left = np.array([geoms[i] for i, _ in pairs], dtype=object)
            right = np.array([geoms[j] for _, j in pairs], dtype=object)
            for (i, j), area in zip(pairs, shapely.area(shapely.intersection(left, right))):
                if area > 0:
                    problems.append(
                        Problem(name, labels[j], "geometry", "overlap", "shares area with another feature", labels[i])
                    )
        if over:
            message = f"more than {MAX_OVERLAP_PAIRS} pairs of features meet; the rest were not checked"
            return problems + [Problem(name, WHOLE_FILE, "geometry", "overlap", message, "")]
    return problems


_OVERLAP_BLOCK = 64  # features queried at once: at most 64 × MAX_FEATURES_PER_LAYER candidate pairs in memory


def area_problems(name: str, data: dict[str, Any], shapes: dict[str, shapely.Geometry]) -> list[Problem]:
    problems = []
    for i, feat in enumerate(data["features"]):
        where = feature_label(data, i)
        stated = (feat.get("properties") or {}).get("area_km2")
        if where not in shapes or not isinstance(stated, (int, float)) or isinstance(stated, bool):
            continue
        computed = area_km2(shapes[where])
        if abs(stated - computed) > AREA_TOLERANCE * computed + 0.01:
            problems.append(
                Problem(name, where, "area_km2", "area-mismatch", f"geometry gives {computed:.3f} km²", str(stated))
            )
    return problems


def extra_property_problems(name: str, data: dict[str, Any], fields: list[str]) -> list[Problem]:
    """Properties not in the schema: usually a typo of a field name."""
    problems = []
    for i, feat in enumerate(data["features"]):
        for key in feat.get("properties") or {}:
            if key not in fields:
                problems.append(
                    Problem(
                        name, feature_label(data, i), key, "unknown-property", "not a field of this layer's schema", key
                    )
                )
    return problems
