"""GeoJSON layer rules: JSON syntax, RFC 7946 structure (JSON Schema) and geometry (shapely)."""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import shapely
from shapely.geometry import shape

from kurils.model.geojson_io import DECIMALS, StrictJSONError, loads_strict
from kurils.model.geometry import AREA_OF_INTEREST, area_km2
from kurils.model.validate.problems import NO_FIELD, WHOLE_FILE, Problem

SCHEMA = json.loads((Path(__file__).parent / "geojson.schema.json").read_text(encoding="utf-8"))
MAX_VERTICES_PER_FEATURE = 250_000
AREA_TOLERANCE = 0.01  # area_km2 may differ from the recomputed area by 1% (plus 0.01 km²)


def parse(name: str, text: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The FeatureCollection, or None with the reason it could not be read."""
    try:
        data = loads_strict(text)
    except StrictJSONError as e:
        code = "duplicate-key" if "duplicate" in str(e) else "non-finite-number"
        return None, [Problem(name, WHOLE_FILE, NO_FIELD, code, str(e), e.value)]
    except json.JSONDecodeError as e:
        return None, [
            Problem(
                name, f"line {e.lineno}", NO_FIELD, "bad-json", f"{e.msg} at column {e.colno}", text[e.pos : e.pos + 20]
            )
        ]
    except RecursionError:  # "[[[[…" thousands deep: refuse rather than crash
        return None, [
            Problem(name, WHOLE_FILE, NO_FIELD, "too-deep", "JSON nested deeper than Python's parser allows", text[:20])
        ]
    problems = []
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
    return (None if problems else data), problems


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
    if len(positions) > MAX_VERTICES_PER_FEATURE:
        return [
            Problem(
                name,
                where,
                "geometry",
                "too-many-vertices",
                f"more than {MAX_VERTICES_PER_FEATURE} vertices",
                str(len(positions)),
            )
        ]
    for lon, lat, *_ in positions:
        if not (math.isfinite(lon) and math.isfinite(lat)):
            return [
                Problem(
                    name, where, "geometry", "non-finite-number", "coordinate is not a finite number", f"{lon}, {lat}"
                )
            ]
        if not (west <= lon <= east and south <= lat <= north):
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
    for lon, lat, *_ in positions:
        if round(lon, DECIMALS) != lon or round(lat, DECIMALS) != lat:
            problems.append(
                Problem(name, where, "geometry", "excess-precision", f"more than {DECIMALS} decimals", f"{lon}, {lat}")
            )
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
            problems.append(
                Problem(name, where, "geometry", "wrong-winding", which, f"starts at {ring[0][0]}, {ring[0][1]}")
            )
            break
    return problems


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
        if any(p.code in ("too-many-vertices", "non-finite-number", "out-of-area", "swapped-lon-lat") for p in found):
            continue
        try:
            shp = shape(geom)
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
                    f"features must be sorted by id; comes after {a!r}",
                    b,
                )
            ]
    return []


def overlap_problems(name: str, shapes: dict[str, shapely.Geometry]) -> list[Problem]:
    """Two features of one polygon layer may touch but must not share area."""
    labels = list(shapes)
    geoms = [shapes[k] for k in labels]
    if len(geoms) < 2:
        return []
    tree = shapely.STRtree(geoms)
    problems = []
    for i, j in zip(*tree.query(geoms, predicate="intersects")):
        if i < j and shapely.area(shapely.intersection(geoms[i], geoms[j])) > 0:
            problems.append(
                Problem(name, labels[j], "geometry", "overlap", "shares area with another feature", labels[i])
            )
    return problems


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
