"""Equal-area areas and RFC 7946 winding."""

import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st
from pyproj import Geod
from shapely.geometry import Polygon, box

from kurils.model.geometry import area_km2, orient_rfc7946


def test_area_matches_geodesic_area():
    """The equal-area projection agrees with the ellipsoidal area of a 0.1° box off Iturup to 0.01%."""
    cell = box(148.0, 45.0, 148.1, 45.1)
    geodesic = abs(Geod(ellps="WGS84").geometry_area_perimeter(cell)[0]) / 1e6
    assert abs(area_km2(cell) - geodesic) / geodesic < 1e-4


def test_orient_makes_outer_rings_counter_clockwise():
    """A clockwise ring comes back counter-clockwise."""
    clockwise = Polygon([(0, 0), (0, 1), (1, 1), (1, 0)])
    assert not shapely.is_ccw(clockwise.exterior)
    assert shapely.is_ccw(orient_rfc7946(clockwise).exterior)


corners = st.tuples(st.floats(140, 160), st.floats(40, 52), st.floats(0.01, 2), st.floats(0.01, 2), st.booleans())


@given(corners)
def test_orientation_never_changes_the_area(corner):
    """Any box, either way round: counter-clockwise after orienting, and the same area as before."""
    west, south, width, height, clockwise = corner
    cell = box(west, south, west + width, south + height, ccw=not clockwise)
    oriented = orient_rfc7946(cell)
    assert shapely.is_ccw(oriented.exterior) and oriented.equals(cell)
    assert area_km2(oriented) == pytest.approx(area_km2(cell), rel=1e-12) and area_km2(cell) > 0
