"""Strict reading and deterministic writing of GeoJSON layers."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from shapely.geometry import box

from kurils.model import geojson_io


def test_loads_strict_rejects_duplicate_keys():
    """A key twice in one object is an error naming the key."""
    with pytest.raises(geojson_io.StrictJSONError) as e:
        geojson_io.loads_strict('{"id": "a", "id": "b"}')
    assert e.value.value == "id"


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_loads_strict_rejects_non_standard_numbers(literal):
    """NaN and Infinity are not JSON."""
    with pytest.raises(geojson_io.StrictJSONError):
        geojson_io.loads_strict(f'{{"x": {literal}}}')


def test_dumps_collection_whole_output():
    """Features sorted by id, one per line, coordinates rounded to 5 decimals."""
    b = geojson_io.feature({"id": "b"}, box(1.000004, 2, 3, 4.123456))
    a = geojson_io.feature({"id": "a", "name": "Ф"}, box(0, 0, 1, 1))
    assert geojson_io.dumps_collection([b, a], {"layer": "t"}) == (
        "{\n"
        '"type": "FeatureCollection",\n'
        '"metadata": {"layer": "t"},\n'
        '"features": [\n'
        '{"type": "Feature", "properties": {"id": "a", "name": "Ф"}, "geometry": {"type": "Polygon", '
        '"coordinates": [[[1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0], [1.0, 0.0]]]}},\n'
        '{"type": "Feature", "properties": {"id": "b"}, "geometry": {"type": "Polygon", '
        '"coordinates": [[[3.0, 2.0], [3.0, 4.12346], [1.0, 4.12346], [1.0, 2.0], [3.0, 2.0]]]}}\n'
        "]\n"
        "}\n"
    )


ids = st.lists(st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True), unique=True, max_size=6)


@given(ids, st.randoms(use_true_random=False))
def test_dumps_collection_sorts_and_reads_back(names, rng):
    """Whatever the order in, features come out sorted by id, one per line, and read back strictly."""
    features = [geojson_io.feature({"id": i}, box(0, 0, 1, 1)) for i in names]
    rng.shuffle(features)
    text = geojson_io.dumps_collection(features, {"layer": "t"})
    data = geojson_io.loads_strict(text)
    assert [f["properties"]["id"] for f in data["features"]] == sorted(names)
    assert len(text.splitlines()) == 6 + max(len(names), 1)  # an empty collection keeps one empty line
