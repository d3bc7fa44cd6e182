"""The geometry build: assignment rule, simplification, and the rebuild check against GSHHG."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from shapely.geometry import Point, box

from kurils.builders import build_geodata
from kurils.builders.build_geodata import Anchor, assign_parts, simplify_all


def test_islets_join_the_nearest_anchor():
    """Each anchor owns the polygon under its point; other polygons go to the nearest owner."""
    parts = [
        box(150.0, 46.0, 150.1, 46.1),
        box(150.12, 46.0, 150.13, 46.01),
        box(151.0, 46.0, 151.1, 46.1),
        box(150.9, 46.0, 150.95, 46.01),
    ]
    anchors = [Anchor("a", Point(150.05, 46.05), {}, "islands"), Anchor("b", Point(151.05, 46.05), {}, "land")]
    assert assign_parts(parts, anchors) == [0, 0, 1, 1]


def test_anchor_far_from_land_is_an_error():
    """A label point in open sea names no polygon: the build stops and says which island."""
    with pytest.raises(ValueError, match=r"label point of lost is .* m from any land"):
        assign_parts([box(150.0, 46.0, 150.1, 46.1)], [Anchor("lost", Point(152.0, 47.0), {}, "islands")])


def test_two_anchors_on_one_polygon_is_an_error():
    """Two names for one polygon mean one of them is wrong: the build stops."""
    anchors = [Anchor("a", Point(150.05, 46.05), {}, "islands"), Anchor("b", Point(150.06, 46.06), {}, "islands")]
    with pytest.raises(ValueError, match="b and a label the same polygon"):
        assign_parts([box(150.0, 46.0, 150.1, 46.1)], anchors)


def test_simplify_all_keeps_every_part():
    """Simplifying together never drops an islet, however small."""
    parts = [box(150.0, 46.0, 150.5, 46.5), box(150.6, 46.0, 150.6001, 46.0001)]
    assert len(simplify_all(parts)) == 2


def test_marker_outline_has_the_published_area():
    """An island below GSHHG's resolution is a circle of its published area."""
    from kurils.model.geometry import area_km2

    row = {"label_lon": "145.85944", "label_lat": "43.395", "official_area_km2": "0.0007"}
    assert area_km2(build_geodata.marker_outline(row)) == pytest.approx(0.0007, rel=0.03)


@pytest.mark.gmt
def test_rebuild_reproduces_committed_files(tmp_path: Path, repo_geodata: Path):
    """`kurils build-geodata` from GSHHG gives the committed islands.geojson and land.geojson byte for byte."""
    if shutil.which("gmt") is None:
        pytest.fail("gmt is not installed: the README's test command installs it (apt-get install gmt)")
    shutil.copy(repo_geodata / "island_names.csv", tmp_path / "island_names.csv")
    written = build_geodata.build(tmp_path)
    assert [p.name for p in written] == ["islands.geojson", "land.geojson"]
    for path in written:
        assert path.read_bytes() == (repo_geodata / path.name).read_bytes(), (
            f"{path.name} differs from the committed file"
        )


def test_refresh_names_copies_names_only(tmp_path: Path, repo_geodata: Path):
    """--names-only takes names from island_names.csv and leaves geometry alone."""
    for name in ("islands.geojson", "island_names.csv"):
        shutil.copy(repo_geodata / name, tmp_path / name)
    path = tmp_path / "island_names.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Iturup,Итуруп", "Iturup Island,Итуруп"), encoding="utf-8")
    build_geodata.refresh_names(tmp_path)
    before = (repo_geodata / "islands.geojson").read_text(encoding="utf-8")
    after = (tmp_path / "islands.geojson").read_text(encoding="utf-8")
    assert after == before.replace('"name_en": "Iturup"', '"name_en": "Iturup Island"')
