"""`kurils fmt` (kurils.model.canonical): one text per content, so a pull request diffs cleanly.

The committed files are canonical; any valid reordering of one of them (rows, features, columns and
properties shuffled, rings rotated or reversed, CRLF, a BOM) comes back byte for byte; the builders
write the same form; a file fmt cannot read is left alone. The reorderings are made in memory and go
through the pure function: no process per example."""

from __future__ import annotations

import csv
import functools
import io
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kurils import cli
from kurils.model import canonical, geojson_io
from kurils.model.validate import validate
from kurils.paths import DEFAULT_GEODATA, REPO_ROOT

FIXTURES = Path(__file__).parent / "fixtures"
DESCRIPTOR = json.loads((DEFAULT_GEODATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["path"]: r for r in DESCRIPTOR["resources"]}
FOLDERS = {"geodata": DEFAULT_GEODATA, "tiny": FIXTURES / "tiny", "mini": FIXTURES / "mini"}
RUN_FMT = "run `kurils fmt`"


@functools.cache
def committed(folder: str, name: str) -> str:
    return (FOLDERS[folder] / name).read_bytes().decode("utf-8")


# The committed files are canonical


@pytest.mark.parametrize("folder", sorted(FOLDERS))
@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_every_committed_file_is_canonical(folder, name):
    """geodata/ and both fixtures: fmt's text of each file is the file (so `kurils fmt` changes nothing)."""
    text = committed(folder, name)
    assert canonical.resource_text(RESOURCES[name], text) == text


def test_fmt_check_of_the_committed_geodata_is_silent(capsys):
    """`kurils fmt --check geodata` reads the committed folder as it is: nothing to format, exit 0."""
    assert cli.main(["fmt", "--check", str(DEFAULT_GEODATA)]) == 0
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize("name", sorted(n for n, r in RESOURCES.items() if r["format"] == "geojson"))
def test_the_builders_writer_is_fmts(name):
    """The builders write through geojson_io.dumps_collection: the committed layer written again is
    the committed layer (one owner of the layout)."""
    text = committed("geodata", name)
    data = json.loads(text)
    assert geojson_io.dumps_collection(data["features"], data.get("metadata")) == text


# Any valid reordering comes back byte for byte


def _shuffled(mapping: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    items = list(mapping.items())
    rng.shuffle(items)
    return dict(items)


def _ring(ring: list[list[float]], rng: random.Random) -> list[list[float]]:
    """The same ring started elsewhere, and half the time walked the other way."""
    body = ring[:-1]
    k = rng.randrange(len(body))
    body = body[k:] + body[:k]
    if rng.random() < 0.5:
        body = body[::-1]
    return body + [body[0]]


def _polygon(polygon: list[list[list[float]]], rng: random.Random) -> list[list[list[float]]]:
    rings = [_ring(r, rng) for r in polygon]
    holes = rings[1:]
    rng.shuffle(holes)
    return rings[:1] + holes


def reorder_geojson(text: str, rng: random.Random) -> str:
    """Features, members and properties shuffled, polygons' rings rotated or reversed, holes and parts
    shuffled, written with other separators, non-ASCII escaped or not, CRLF or a BOM at random."""
    data = json.loads(text)
    rng.shuffle(data["features"])
    for i, feature in enumerate(data["features"]):
        feature["properties"] = _shuffled(feature["properties"], rng)
        geom = feature["geometry"]
        if geom["type"] == "Polygon":
            geom["coordinates"] = _polygon(geom["coordinates"], rng)
        elif geom["type"] == "MultiPolygon":
            geom["coordinates"] = [_polygon(p, rng) for p in geom["coordinates"]]
            rng.shuffle(geom["coordinates"])
        feature["geometry"] = _shuffled(geom, rng)
        data["features"][i] = _shuffled(feature, rng)
    if "metadata" in data:
        data["metadata"] = _shuffled(data["metadata"], rng)
    data = _shuffled(data, rng)
    separators = rng.choice([(",", ":"), (", ", ": "), (",", ": ")])
    out = json.dumps(data, ensure_ascii=rng.random() < 0.5, separators=separators)
    return _endings(out + "\n", rng)


def reorder_csv(text: str, rng: random.Random) -> str:
    """Rows and columns shuffled, every cell quoted or only where needed, CRLF or a BOM at random."""
    header, *body = list(csv.reader(io.StringIO(text)))
    order = list(range(len(header)))
    rng.shuffle(order)
    rng.shuffle(body)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=rng.choice([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    writer.writerows([[row[i] for i in order] for row in [header, *body]])
    return _endings(out.getvalue(), rng)


def _endings(text: str, rng: random.Random) -> str:
    if rng.random() < 0.5:
        text = text.replace("\n", "\r\n")
    if rng.random() < 0.3:
        text = "\ufeff" + text
    return text


def reorder(name: str, text: str, rng: random.Random) -> str:
    return reorder_geojson(text, rng) if RESOURCES[name]["format"] == "geojson" else reorder_csv(text, rng)


BIG = "maritime.geojson"  # 2.2 MB: fewer examples


@pytest.mark.parametrize("folder", ["geodata", "mini"])
@pytest.mark.parametrize("name", sorted(set(RESOURCES) - {BIG}))
@settings(max_examples=25, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_any_valid_reordering_comes_back_byte_for_byte(folder, name, seed):
    """(A seed, not Hypothesis's own random: one shuffle of a big layer draws thousands of numbers.)"""
    text = committed(folder, name)
    assert canonical.resource_text(RESOURCES[name], reorder(name, text, random.Random(seed))) == text


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_any_valid_reordering_of_the_sea_comes_back_byte_for_byte(seed):
    text = committed("geodata", BIG)
    assert canonical.resource_text(RESOURCES[BIG], reorder(BIG, text, random.Random(seed))) == text


def test_a_reordering_is_a_change_fmt_undoes():
    """The reorderings above change the files (the property is not about unchanged text)."""
    rng = random.Random(7)
    for name in RESOURCES:
        text = committed("geodata", name)
        shuffled = reorder(name, text, rng)
        assert shuffled != text, name
        assert canonical.resource_text(RESOURCES[name], shuffled) == text, name


# The rules


def polygon(*rings):
    return {"type": "Polygon", "coordinates": [list(map(list, r)) for r in rings]}


def test_a_ring_starts_at_its_easternmost_position_counter_clockwise_and_holes_run_clockwise():
    outer = [(0, 0), (0, 2), (2, 2), (2, 0), (0, 0)]  # clockwise, starting in the south-west
    hole = [(0.5, 0.5), (1.5, 0.5), (1.5, 1.5), (0.5, 1.5), (0.5, 0.5)]  # counter-clockwise
    assert canonical.canonical_geometry(polygon(outer, hole)) == polygon(
        [(2.0, 0.0), (2.0, 2.0), (0.0, 2.0), (0.0, 0.0), (2.0, 0.0)],
        [(1.5, 0.5), (0.5, 0.5), (0.5, 1.5), (1.5, 1.5), (1.5, 0.5)],
    )


def test_parts_and_holes_are_sorted_and_lines_keep_their_direction():
    east = [[[3.0, 0.0], [3.0, 1.0], [2.0, 1.0], [3.0, 0.0]]]
    west = [[[1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]]]
    multi = {"type": "MultiPolygon", "coordinates": [east, west]}
    assert canonical.canonical_geometry(multi)["coordinates"] == [west, east]
    line = {"type": "LineString", "coordinates": [[2.0, 1.0], [1.0, 1.0], [0.0, 0.0]]}
    assert canonical.canonical_geometry(line) == line


def test_a_ring_through_its_easternmost_position_twice_has_one_canonical_reading():
    body = [[2.0, 0.0], [1.0, 1.0], [0.0, 1.0], [2.0, 0.0], [1.0, -1.0], [0.0, -2.0]]
    readings = set()
    for k in range(len(body)):
        for walk in (body[k:] + body[:k], (body[k:] + body[:k])[::-1]):
            readings.add(json.dumps(canonical.canonical_ring(walk + [walk[0]], outer=True)))
    assert len(readings) == 1


def test_a_ring_of_one_repeated_position_is_read_in_linear_time():
    """Choosing among equal starts is linear (Booth's least rotation), not one comparison per pair."""
    ring = [[150.0, 45.0]] * 40_001
    assert canonical.canonical_ring(ring, outer=True) == ring


def test_coordinates_are_rounded_and_a_ring_that_is_not_closed_is_left_open():
    geom = polygon([(146.1000049, -0.000001), (146.2, 43.5), (146.1, 43.5)])
    assert canonical.canonical_geometry(geom)["coordinates"] == [[[146.1, 0.0], [146.2, 43.5], [146.1, 43.5]]]


def test_properties_follow_the_schema_then_others_by_name():
    feature = {"geometry": None, "properties": {"zz": 1, "name_en": "A", "aa": 2, "id": "a"}, "type": "Feature"}
    done = canonical.canonical_feature(feature, ["id", "name_en", "group"])
    assert list(done) == ["type", "properties", "geometry"]
    assert list(done["properties"]) == ["id", "name_en", "aa", "zz"]


def test_columns_follow_the_schema_an_absent_optional_column_stays_absent_an_unknown_one_goes_last():
    text = 'x,order,id\r\n"",2,b\r\n\r\n"1",1,"a"\r\n'
    assert canonical.csv_text(text, ["id", "order", "map_style"], canonical.row_order("story")) == (
        "id,order,x\na,1,1\nb,2,\n"
    )


def test_rows_follow_the_apps_order_with_ties_broken_by_the_whole_row():
    """Events by date then id (as Dataset.load), chapters by their number (10 after 9), the chain north
    to south, identical keys by the rest of the row."""
    events = "id,date,title_en\nb,1945-08-28,B\na,1945-08-28,A\nc,1855-02-07,C\n"
    assert canonical.csv_text(events, ["id", "date", "title_en"], canonical.row_order("events")).splitlines()[1:] == [
        "c,1855-02-07,C",
        "a,1945-08-28,A",
        "b,1945-08-28,B",
    ]
    story = "id,order\nten,10\nnine,9\n"
    assert canonical.csv_text(story, ["id", "order"], canonical.row_order("story")) == "id,order\nnine,9\nten,10\n"
    names = "id,label_lat\nzeleny,43.5\nshumshu,50.75\nodd,north\npolonsky,43.635\n"
    assert [
        r.split(",")[0]
        for r in canonical.csv_text(names, ["id", "label_lat"], canonical.row_order("island_names")).split()[1:]
    ] == [
        "shumshu",
        "polonsky",
        "zeleny",
        "odd",
    ]
    twins = "island_id,year,who,note\nurup,1945,a,y\nurup,1945,a,x\n"
    rows = canonical.csv_text(twins, ["island_id", "year", "who", "note"], canonical.row_order("population"))
    assert rows.splitlines()[1:] == ["urup,1945,a,x", "urup,1945,a,y"]


def test_the_loader_reads_canonical_files_in_their_own_order(mini, mini_ds):
    """Formatting changes no behaviour: on a canonical folder the loader's orders are the files' orders."""

    def ids(name: str, column: str = "id") -> list[str]:
        return [r[column] for r in csv.DictReader(io.StringIO((mini / name).read_text(encoding="utf-8")))]

    assert list(mini_ds.events["id"]) == ids("events.csv")
    assert list(mini_ds.story["id"]) == ids("story.csv")
    assert mini_ds.chain == ids("island_names.csv")
    assert list(mini_ds.history.intervals) == sorted(set(ids("timeline.csv", "island_id")))


@pytest.mark.parametrize(
    "text, reason",
    [
        ("a,b\n1\n", "row 2 has 1 cell, the header 2"),
        ("a,a\n1,2\n", "a column appears twice in the header"),
        ("", "no header row"),
    ],
)
def test_a_table_fmt_cannot_reorder_is_an_error(text, reason):
    with pytest.raises(canonical.FormatError, match=reason):
        canonical.csv_text(text, ["a", "b"])


@pytest.mark.parametrize(
    "text, reason",
    [
        ('{"type": "FeatureCollection", "features": [}', "not JSON"),
        ('{"type": "FeatureCollection", "features": [], "features": []}', "duplicate key"),
        ('{"type": "Feature"}', "not a GeoJSON FeatureCollection"),
        ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}}]}', "without properties"),
        (
            '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, '
            '"geometry": {"type": "Polygon", "coordinates": [[[1, true]]]}}]}',
            "not a position",
        ),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply|not a GeoJSON"),
    ],
)
def test_a_layer_fmt_cannot_read_is_an_error(text, reason):
    with pytest.raises(canonical.FormatError, match=reason):
        canonical.geojson_text(text)


# The command


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _break_the_layout(folder: Path) -> None:
    """Every kind of layout problem, no change of content: CRLF, a BOM, columns and rows out of order,
    features out of order, a ring the wrong way round, a coordinate with a digit too many."""
    (folder / "sources.csv").write_bytes((folder / "sources.csv").read_bytes().replace(b"\n", b"\r\n"))
    (folder / "events.csv").write_bytes(b"\xef\xbb\xbf" + (folder / "events.csv").read_bytes())
    header, *rows = (folder / "timeline.csv").read_text(encoding="utf-8").splitlines()
    (folder / "timeline.csv").write_text("\n".join([header, *rows[::-1]]) + "\n", encoding="utf-8")
    data = json.loads((folder / "islands.geojson").read_text(encoding="utf-8"))
    data["features"].reverse()
    ring = data["features"][0]["geometry"]["coordinates"][0]
    ring.reverse()
    ring[0][0] = ring[-1][0] = ring[0][0] + 0.000001
    (folder / "islands.geojson").write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")


def test_fmt_puts_every_layout_problem_right_and_the_validator_says_to_run_it(tiny, capsys):
    clean = _files(tiny)
    _break_the_layout(tiny)
    lines = [p.line() for p in validate(tiny)]
    assert {line.split(": ")[2] for line in lines} >= {"crlf", "bom", "not-sorted", "wrong-winding", "excess-precision"}
    assert all(RUN_FMT in line for line in lines if "incorrect-label" not in line), lines
    assert cli.main(["fmt", str(tiny)]) == 0
    out, err = capsys.readouterr()
    assert sorted(out.splitlines()) == [
        "formatted events.csv",
        "formatted islands.geojson",
        "formatted sources.csv",
        "formatted timeline.csv",
    ]
    assert err == "" and str(tiny) not in out  # names in the folder, not paths
    assert _files(tiny) == clean  # byte for byte the committed fixture again, and no temporary file left
    assert validate(tiny) == []
    assert cli.main(["fmt", str(tiny)]) == 0 and capsys.readouterr() == ("", "")  # idempotent


def test_the_validator_says_to_run_fmt_for_columns_out_of_order(tiny):
    path = tiny / "population.csv"
    header, *rows = path.read_text(encoding="utf-8").splitlines()
    swap = lambda line: ",".join([line.split(",")[1], line.split(",")[0], *line.split(",")[2:]])  # noqa: E731
    path.write_text("\n".join(swap(line) for line in [header, *rows]) + "\n", encoding="utf-8")
    lines = [p.line() for p in validate(tiny) if p.code == "incorrect-label"]
    assert lines and all(RUN_FMT in line for line in lines), lines


def test_check_lists_the_files_and_writes_nothing(tiny, capsys):
    _break_the_layout(tiny)
    broken = _files(tiny)
    assert cli.main(["fmt", "--check", str(tiny)]) == 1
    out, err = capsys.readouterr()
    assert sorted(out.splitlines()) == [
        "would format events.csv",
        "would format islands.geojson",
        "would format sources.csv",
        "would format timeline.csv",
    ]
    assert err == "" and _files(tiny) == broken


def test_a_file_fmt_cannot_read_is_left_untouched_and_the_others_are_formatted(tiny, capsys):
    (tiny / "claims.geojson").write_bytes(b'{"type": "FeatureCollection", "features": [}\n')
    (tiny / "story.csv").write_bytes(b"id,order\nbefore\n")
    (tiny / "sources.csv").write_bytes((tiny / "sources.csv").read_bytes().replace(b"\n", b"\r\n"))
    before = _files(tiny)
    assert cli.main(["fmt", str(tiny)]) == 2
    out, err = capsys.readouterr()
    assert out == "formatted sources.csv\n"
    assert err.splitlines() == [
        "kurils fmt: claims.geojson left as it is: not JSON: Expecting value (line 1, column 44)",
        "kurils fmt: story.csv left as it is: row 2 has 1 cell, the header 2: not a table fmt can reorder",
    ]
    after = _files(tiny)
    assert after["claims.geojson"] == before["claims.geojson"] and after["story.csv"] == before["story.csv"]
    assert after["sources.csv"] == (FIXTURES / "tiny" / "sources.csv").read_bytes()
    assert sorted(after) == sorted(before)  # no temporary file left


def test_a_symbolic_link_is_never_followed(tiny, tmp_path, capsys):
    outside = tmp_path / "outside.csv"
    outside.write_bytes(b"b,a\n2,1\n")
    (tiny / "population.csv").unlink()
    (tiny / "population.csv").symlink_to(outside)
    assert cli.main(["fmt", str(tiny)]) == 2
    assert "population.csv left as it is: not-a-regular-file" in capsys.readouterr().err
    assert outside.read_bytes() == b"b,a\n2,1\n"


def test_a_folder_without_a_descriptor_is_an_error(tmp_path, capsys):
    shutil.copy(FIXTURES / "tiny" / "sources.csv", tmp_path / "sources.csv")
    assert cli.main(["fmt", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith("kurils fmt: datapackage.json left as it is: missing-file")


def test_the_command_runs_as_contributors_run_it(tiny):
    """The real entry point: --check exits 1 on a file to format, fmt exits 0, then --check exits 0."""
    (tiny / "sources.csv").write_bytes((tiny / "sources.csv").read_bytes().replace(b"\n", b"\r\n"))
    run = lambda *a: subprocess.run([sys.executable, "-m", "kurils", "fmt", *a], capture_output=True, text=True)  # noqa: E731
    assert (run("--check", str(tiny)).returncode, run(str(tiny)).stdout, run("--check", str(tiny)).returncode) == (
        1,
        "formatted sources.csv\n",
        0,
    )


def test_pre_commit_formats_before_it_validates():
    hooks = [
        h
        for repo in yaml.safe_load((REPO_ROOT / ".pre-commit-config.yaml").read_text())["repos"]
        for h in repo["hooks"]
    ]
    ids = [h["id"] for h in hooks]
    fmt = hooks[ids.index("kurils-fmt")]
    assert ids.index("kurils-fmt") < ids.index("kurils-validate")
    assert (fmt["entry"], fmt["files"], fmt["pass_filenames"]) == (".venv/bin/kurils fmt geodata", "^geodata/", False)
