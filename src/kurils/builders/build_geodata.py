"""`kurils build-geodata`: regenerate islands.geojson and land.geojson from GSHHG.

Rule for assigning land: each named island (geodata/island_names.csv) and each context land mass
(LAND_ANCHORS) owns the GSHHG polygon under, or nearest to, its label point; every other polygon,
however small, joins whichever of those is nearest (equal-area distance). So an unnamed islet off
Iturup becomes part of `iturup`, and one off Cape Nosappu becomes part of `hokkaido`.

An island too small for GSHHG (outline `marker` in island_names.csv: Signalny, about 0.0007 km²)
is drawn as a circle of its published area at its sourced position, and says so in `outline`.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import MultiPolygon, Point

from kurils.builders import gshhg
from kurils.model import geojson_io
from kurils.model.geometry import area_km2, from_equal_area, orient_rfc7946, to_equal_area
from kurils.model.vocab import REGION

WEST, SOUTH, EAST, NORTH = (int(v) for v in REGION)
BOUNDS = (WEST, EAST, SOUTH, NORTH)  # the map's region, in GSHHG's order: whole degrees (its bins)
RESOLUTION = "f"
TOLERANCE_DEG = 0.001  # keeps every island within ~2% of its full-resolution area
GRID_DEG = 1e-5  # 5 decimals
MAX_ANCHOR_GAP_M = 2000  # sourced coordinates are often rounded to the arc minute (~1.3 km)
MODIFICATION_NOTICE_DATE = "2026-11-26"

# Context land for the offline basemap: id, English name, a point well inside it.
# Honshu needs two points: the 41st parallel cuts it into the Shimokita and Tsugaru peninsulas.
LAND_ANCHORS = [
    ("hokkaido", "Hokkaido and nearby islands", 143.0, 43.5),
    ("honshu", "Honshu (northern tip)", 141.1, 41.3),
    ("honshu", "Honshu (northern tip)", 140.45, 41.13),
    ("kamchatka", "Kamchatka (southern tip)", 157.5, 51.6),
    ("sakhalin", "Sakhalin (southern part) and nearby islands", 142.7, 48.5),
]

ISLAND_FIELDS = ["id", "name_en", "name_ru", "name_ja", "name_ja_latn", "group", "outline"]


@dataclass
class Anchor:
    id: str
    point: Point
    properties: dict[str, Any]
    layer: str  # "islands" or "land"


def read_island_names(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def anchors_from(names: list[dict[str, Any]]) -> list[Anchor]:
    """Anchors of the islands with a GSHHG outline, then of the context land."""
    anchors = [
        Anchor(
            r["id"], Point(float(r["label_lon"]), float(r["label_lat"])), {k: r[k] for k in ISLAND_FIELDS}, "islands"
        )
        for r in names
        if r["outline"] == "gshhg"
    ]
    anchors += [Anchor(i, Point(x, y), {"id": i, "name_en": n}, "land") for i, n, x, y in LAND_ANCHORS]
    return anchors


def assign_parts(parts: list[shapely.Polygon], anchors: list[Anchor]) -> list[int]:
    """For each part, the index of the anchor it belongs to (see the module docstring)."""
    projected_parts = [to_equal_area(p) for p in parts]
    projected_points = [to_equal_area(a.point) for a in anchors]
    owner_of_part: dict[int, int] = {}
    home_of_anchor: list[int] = []
    for ai, pt in enumerate(projected_points):
        gaps = [pp.distance(pt) for pp in projected_parts]
        best = min(range(len(parts)), key=gaps.__getitem__)
        if gaps[best] > MAX_ANCHOR_GAP_M:
            raise ValueError(f"label point of {anchors[ai].id} is {gaps[best]:.0f} m from any land")
        if best in owner_of_part:
            raise ValueError(f"{anchors[ai].id} and {anchors[owner_of_part[best]].id} label the same polygon")
        owner_of_part[best] = ai
        home_of_anchor.append(best)
    homes = [projected_parts[i] for i in home_of_anchor]
    return [
        owner_of_part[pi] if pi in owner_of_part else min(range(len(homes)), key=lambda ai: homes[ai].distance(pp))
        for pi, pp in enumerate(projected_parts)
    ]


def marker_outline(row: dict[str, Any]) -> shapely.Polygon:
    """A circle with the island's published area around its sourced point, for islands below GSHHG's resolution."""
    centre = Point(float(row["label_lon"]), float(row["label_lat"]))
    radius_m = math.sqrt(float(row["official_area_km2"]) * 1e6 / math.pi)
    circle = from_equal_area(to_equal_area(centre).buffer(radius_m, quad_segs=8))
    return circle


def simplify_all(parts: list[shapely.Polygon]) -> list[shapely.Polygon]:
    """Simplify every part in one call so that no islet is pushed across a neighbour's coast."""
    simplified = MultiPolygon(parts).simplify(TOLERANCE_DEG, preserve_topology=True)
    out = list(simplified.geoms)
    if len(out) != len(parts):
        raise RuntimeError("simplification changed the number of polygons")
    return out


def feature_geometry(parts: list[shapely.Polygon]) -> shapely.Geometry:
    geom = shapely.set_precision(MultiPolygon(parts), GRID_DEG)
    geom = orient_rfc7946(geom)
    if geom.geom_type == "MultiPolygon" and len(geom.geoms) == 1:
        return geom.geoms[0]
    return geom


def metadata(layer: str, version: str) -> dict[str, Any]:
    return {
        "layer": layer,
        "source": f"GSHHG {version} full resolution (Wessel & Smith), via Debian's gmt `coast -Df -A0/1/1`",
        "source_version": version,
        "resolution": "full",
        "simplify_tolerance_deg": TOLERANCE_DEG,
        "precision_deg": GRID_DEG,
        "region": dict(zip(("west", "east", "south", "north"), BOUNDS)),
        "licence": "LGPL-3.0-or-later (GSHHG); see geodata/licences/",
        "modified": f"{MODIFICATION_NOTICE_DATE}: polygonized from binned shorelines, lakes filled, "
        "simplified and rounded by `kurils build-geodata`; see geodata/licences/NOTICE",
        "area_km2": "computed from this geometry in a Lambert azimuthal equal-area projection; not official",
    }


def build(geodata_dir: Path) -> list[Path]:
    """Rebuild islands.geojson and land.geojson in `geodata_dir`; returns the paths written."""
    names = read_island_names(geodata_dir / "island_names.csv")
    anchors = anchors_from(names)
    parts = gshhg.land_parts(BOUNDS, RESOLUTION)
    owners = assign_parts(parts, anchors)
    simplified = simplify_all(parts)
    layers: dict[str, list[dict[str, Any]]] = {"islands": [], "land": []}
    for fid in dict.fromkeys(a.id for a in anchors):  # an id may have several anchors (Honshu)
        mine = {ai for ai, a in enumerate(anchors) if a.id == fid}
        anchor = anchors[min(mine)]
        geom = feature_geometry([s for s, o in zip(simplified, owners) if o in mine])
        props = dict(anchor.properties)
        if anchor.layer == "islands":
            props["area_km2"] = round(area_km2(geom), 4)
        layers[anchor.layer].append(geojson_io.feature(props, geom))
    for row in names:
        if row["outline"] == "marker":
            geom = feature_geometry([marker_outline(row)])
            props = {k: row[k] for k in ISLAND_FIELDS} | {"area_km2": round(area_km2(geom), 4)}
            layers["islands"].append(geojson_io.feature(props, geom))
    version = gshhg.gshhg_version()
    written = []
    for layer, features in layers.items():
        path = geodata_dir / f"{layer}.geojson"
        geojson_io.write_collection(path, features, metadata(layer, version))
        written.append(path)
    return written


def refresh_names(geodata_dir: Path) -> list[Path]:
    """Copy names and groups from island_names.csv into the existing islands.geojson (no GMT)."""
    path = geodata_dir / "islands.geojson"
    data = geojson_io.read_collection(path)
    names = {r["id"]: r for r in read_island_names(geodata_dir / "island_names.csv")}
    for feat in data["features"]:
        row = names.get(feat["properties"]["id"])
        if row:
            feat["properties"].update({k: row[k] for k in ISLAND_FIELDS})
    geojson_io.write_collection(path, data["features"], data.get("metadata"))
    return [path]
