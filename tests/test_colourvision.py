"""The holders' colours stay apart for the common colour-vision deficiencies."""

import pytest

from kurils.present.colourvision import MACHADO, min_distance, simulate
from kurils.present.deck import LAND_RGBA, SEA_RGB
from kurils.present.legend import HOLDERS
from kurils.present.palette import RGB

KINDS = ["normal", *MACHADO]


@pytest.mark.parametrize("kind", KINDS)
def test_holders_are_distinct(kind):
    distance, pair = min_distance({s: RGB[s] for s in HOLDERS}, kind)
    assert distance >= 15, f"{pair} too close for {kind}: ΔE {distance:.1f}"


@pytest.mark.parametrize("kind", KINDS)
def test_holders_stand_out_from_sea_and_land(kind):
    for background in (tuple(SEA_RGB), tuple(LAND_RGBA[:3])):
        for state in HOLDERS:
            distance, _ = min_distance({"state": RGB[state], "background": background}, kind)
            assert distance >= 15, f"{state} vs {background} for {kind}: ΔE {distance:.1f}"


def test_simulation_collapses_red_green():
    """The simulation is real: a protanope sees pure red and pure green as much closer than others do."""
    assert (
        min_distance({"r": (255, 0, 0), "g": (0, 160, 0)}, "protanopia")[0]
        < min_distance({"r": (255, 0, 0), "g": (0, 160, 0)}, "normal")[0] / 2
    )
    assert simulate((128, 128, 128), "deuteranopia").round(2).tolist() == pytest.approx(
        simulate((128, 128, 128), "normal").round(2).tolist(), abs=0.02
    )
