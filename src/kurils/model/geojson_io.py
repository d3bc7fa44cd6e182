"""Read and write the GeoJSON layers of geodata/ in the contract's form.

Written files diff cleanly: they are in the canonical form of kurils.model.canonical (one feature per
line, features sorted by `id`, coordinates rounded to 5 decimals, RFC 7946 winding, LF endings and one
trailing newline), the form `kurils fmt` gives any layer. Reading is strict: duplicate keys and the
non-standard NaN/Infinity literals are reported, not silently accepted.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import shapely

DECIMALS = 5


class StrictJSONError(ValueError):
    """JSON that parses in Python but breaks RFC 8259 (duplicate keys, NaN, Infinity)."""

    def __init__(self, message: str, value: str):
        super().__init__(message)
        self.value = value


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise StrictJSONError("duplicate key in a JSON object", key)
        seen[key] = value
    return seen


def _no_constants(name: str) -> Any:
    raise StrictJSONError("non-standard number literal", name)


def loads_strict(text: str) -> Any:
    """`json.loads` that rejects duplicate keys and NaN/Infinity with a StrictJSONError."""
    return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)


def _round_coords(coords: Any) -> Any:
    if isinstance(coords, (int, float)):
        value = round(float(coords), DECIMALS)
        return 0.0 if value == 0 else value
    return [_round_coords(c) for c in coords]


def geometry_mapping(geom: shapely.Geometry) -> dict[str, Any]:
    mapping = shapely.geometry.mapping(geom)
    return {"type": mapping["type"], "coordinates": _round_coords(mapping["coordinates"])}


def feature(properties: dict[str, Any], geom: shapely.Geometry) -> dict[str, Any]:
    return {"type": "Feature", "properties": properties, "geometry": geometry_mapping(geom)}


def dumps_collection(features: list[dict[str, Any]], metadata: dict[str, Any] | None = None) -> str:
    """A FeatureCollection as text in the canonical form `kurils fmt` writes (kurils.model.canonical): one
    feature per line, sorted by properties.id, coordinates rounded, RFC 7946 winding, rings at their
    canonical start."""
    from kurils.model.canonical import collection_text  # canonical reads DECIMALS from here

    return collection_text(features, metadata)


def write_collection(path: Path, features: list[dict[str, Any]], metadata: dict[str, Any] | None = None) -> None:
    path.write_text(dumps_collection(features, metadata), encoding="utf-8", newline="\n")


def read_collection(path: Path) -> dict[str, Any]:
    """The parsed FeatureCollection of a layer file (strict JSON, UTF-8)."""
    data: dict[str, Any] = loads_strict(path.read_text(encoding="utf-8"))
    return data
