"""Geometry helpers shared by the build, the validator and the app: equal-area areas, winding, rounding."""

from __future__ import annotations

import numpy as np
import shapely
from pyproj import Transformer

# Lambert azimuthal equal-area centred on the chain: areas in km² without projection distortion.
EQUAL_AREA_CRS = "+proj=laea +lat_0=47 +lon_0=150 +datum=WGS84 +units=m +no_defs"
_TO_EQUAL_AREA = Transformer.from_crs("EPSG:4326", EQUAL_AREA_CRS, always_xy=True)
_FROM_EQUAL_AREA = Transformer.from_crs(EQUAL_AREA_CRS, "EPSG:4326", always_xy=True)

# Where Kuril data may lie (lon/lat): a generous box around the region the layers are built for.
AREA_OF_INTEREST = (135.0, 38.0, 165.0, 56.0)


def to_equal_area(geom: shapely.Geometry) -> shapely.Geometry:
    """The geometry in metres of the equal-area projection."""
    return shapely.transform(geom, lambda xy: np.column_stack(_TO_EQUAL_AREA.transform(xy[:, 0], xy[:, 1])))


def from_equal_area(geom: shapely.Geometry) -> shapely.Geometry:
    """Back from metres of the equal-area projection to lon/lat."""
    return shapely.transform(geom, lambda xy: np.column_stack(_FROM_EQUAL_AREA.transform(xy[:, 0], xy[:, 1])))


def area_km2(geom: shapely.Geometry) -> float:
    return float(to_equal_area(geom).area) / 1e6


def orient_rfc7946(geom: shapely.Geometry) -> shapely.Geometry:
    """Counter-clockwise outer rings and clockwise holes, as RFC 7946 asks."""
    return shapely.orient_polygons(geom, exterior_cw=False)
