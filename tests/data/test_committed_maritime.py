"""The committed sea layer (geodata/maritime.geojson) against its own rules, measured with geodesics
(pyproj's Geod on WGS84, not the builder's projection): a belt's outer edge lies its declared breadth
from the nearest coast it is measured from, within 1%; where a belt stops at a median line, each point
of that line is as far from one state's coasts as from the other's, within 1%; and `kurils
build-maritime` makes the committed file again byte for byte."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import shape

from kurils.builders import maritime
from kurils.model import geojson_io
from kurils.model.validate.cross_file import split_list
from kurils.model.vocab import REGION

GEOD = Geod(ellps="WGS84")
NM_KM = 1.852


def features(folder: Path) -> dict[str, dict]:
    return {f["properties"]["id"]: f for f in geojson_io.read_collection(folder / "maritime.geojson")["features"]}


def coasts(folder: Path, cell: str) -> np.ndarray:
    """Points every ~200 m along the coasts a cell of `coasts` or `median_with` names (lon, lat)."""
    shapes = {}
    for layer in ("islands", "land"):
        for f in geojson_io.read_collection(folder / f"{layer}.geojson")["features"]:
            shapes[f["properties"]["id"]] = shape(f["geometry"])
    _, groups = maritime.coast_shapes(folder)
    land = maritime.coasts_of(split_list(cell), shapes, groups)
    return shapely.get_coordinates(shapely.segmentize(land.boundary, 0.002))


def nearest_km(points: np.ndarray, coast: np.ndarray) -> np.ndarray:
    """For each point, the geodesic distance to the nearest coast point, in km (the geodesic taken to
    the 32 nearest on a flat approximation, which cannot miss the nearest by more than its error)."""
    out = []
    for lon, lat in points:
        flat = np.hypot((coast[:, 0] - lon) * np.cos(np.radians(lat)), coast[:, 1] - lat)
        near = coast[np.argsort(flat)[:32]]
        _, _, metres = GEOD.inv(np.full(len(near), lon), np.full(len(near), lat), near[:, 0], near[:, 1])
        out.append(metres.min() / 1000)
    return np.array(out)


def edge_points(feature: dict, every_deg: float, limit: int) -> np.ndarray:
    """Points along the feature's outline, away from the map's region box (where it is clipped)."""
    geom = shape(feature["geometry"])
    rings = [p.exterior for p in getattr(geom, "geoms", [geom])]
    points = shapely.get_coordinates(shapely.segmentize(shapely.MultiLineString(rings), every_deg))
    west, south, east, north = REGION
    inside = (points[:, 0] > west + 0.05) & (points[:, 0] < east - 0.05)
    inside &= (points[:, 1] > south + 0.05) & (points[:, 1] < north - 0.05)
    points = points[inside]
    step = max(1, len(points) // limit)
    return points[::step]


@pytest.fixture
def layer(repo_geodata: Path) -> dict[str, dict]:
    return features(repo_geodata)


@pytest.mark.parametrize(
    "zone_id, every_deg, limit",
    [("russia_territorial_sea", 0.005, 3000), ("japan_territorial_sea_3nm", 0.01, 300), ("japan_eez_1996", 0.02, 600)],
)
def test_a_belt_lies_its_breadth_from_the_coast_and_stops_at_the_median_line(
    repo_geodata, layer, zone_id, every_deg, limit
):
    props = layer[zone_id]["properties"]
    breadth = float(props["breadth_nm"]) * NM_KM
    points = edge_points(layer[zone_id], every_deg, limit)
    own = nearest_km(points, coasts(repo_geodata, props["coasts"]))
    other_cell = props["median_with"]
    other = nearest_km(points, coasts(repo_geodata, other_cell)) if other_cell else np.full(len(points), np.inf)
    on_coast = (own < 1.0) | (other < 1.0)  # the belt's edge along land (its own, or the other's)
    off_by = np.abs(own - breadth) / breadth  # on the outer edge: 0
    unequal = np.abs(own - other) / np.maximum(own, 1e-9)  # on a median line: 0
    outer = ~on_coast & (own > 0.97 * breadth) & (other > 1.03 * breadth)  # far from the other coasts: the arc
    median = ~on_coast & (own < 0.97 * breadth)  # nearer than the breadth: only a median line can stop it there
    corner = ~on_coast & ~outer & ~median  # where the median meets the arc: one or the other
    assert outer.sum() >= 20, zone_id
    assert off_by[outer].max() <= 0.01, (zone_id, off_by[outer].max())
    if other_cell:
        assert median.sum() >= 10, zone_id
        assert unequal[median].max() <= 0.01, (zone_id, unequal[median].max())
    assert np.all(np.minimum(off_by[corner], unequal[corner]) <= 0.01), zone_id


def test_an_overlap_is_the_water_both_zones_cover(layer):
    for fid, feature in layer.items():
        props = feature["properties"]
        if props["kind"] != "overlap":
            continue
        a, b = (shape(layer[i]["geometry"]) for i in props["of"].split(";"))
        both = a.intersection(b)
        assert abs(shape(feature["geometry"]).area - both.area) <= 0.01 * both.area, fid


def test_build_maritime_makes_the_committed_file_again_byte_for_byte(repo_geodata, tmp_path):
    for name in ("maritime.geojson", "islands.geojson", "land.geojson", "island_names.csv"):
        shutil.copy(repo_geodata / name, tmp_path / name)
    done = subprocess.run(
        [sys.executable, "-m", "kurils", "build-maritime", "--dir", str(tmp_path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "maritime.geojson").read_bytes() == (repo_geodata / "maritime.geojson").read_bytes()


def test_a_computed_zone_says_so_and_a_published_one_names_its_text(layer):
    for fid, feature in layer.items():
        props = feature["properties"]
        if props["basis"] == "computed":
            assert "not a legal boundary" in props["note"], fid
        else:
            assert props["declared_in"] and "Published" in props["note"], fid
