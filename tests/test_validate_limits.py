"""The validator never raises, reads only regular files inside the folder, and is bounded: hostile
folders built in tmp_path from the tiny fixture, each with the exact line `kurils validate` prints.
(Speed is measured by hand, not here: these tests check that the limits fire.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fixture_edits import edit_json, edit_text, write_bytes

from kurils.model.validate import cross_file, files, geojson_rules, jsontext, limits, tables, validate
from kurils.model.validate.problems import Problem, report


def lines_of(folder: Path) -> list[str]:
    return [p.line() for p in validate(folder)]


def set_descriptor(folder: Path, change) -> None:
    path = folder / "datapackage.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")


def resource(data: dict, name: str) -> dict:
    return next(r for r in data["resources"] if r["name"] == name)


# ---- 1. validate never raises ---------------------------------------------------------------

DESCRIPTORS = {
    "object without resources": (
        "{}",
        "datapackage.json:*: -: descriptor-structure: 'resources' is a required property ({})",
    ),
    "array": ("[]", "datapackage.json:*: -: descriptor-structure: [] is not of type 'object' ([])"),
    "string": ('"x"', "datapackage.json:*: -: descriptor-structure: 'x' is not of type 'object' (\"x\")"),
    "null": ("null", "datapackage.json:*: -: descriptor-structure: None is not of type 'object' (null)"),
    "resources not a list": (
        '{"resources": "x"}',
        "datapackage.json:*: resources: descriptor-structure: 'x' is not of type 'array' (\"x\")",
    ),
    "resource not an object": (
        '{"resources": [1]}',
        "datapackage.json:*: resources.0: descriptor-structure: 1 is not of type 'object' (1)",
    ),
    "resource without schema": (
        '{"resources": [{"name": "x", "path": "x.csv"}]}',
        'datapackage.json:*: resources.0: descriptor-structure: \'schema\' is a required property ({"name": "x", "path": "x.csv"})',
    ),
    "fields not a list": (
        '{"resources": [{"name": "x", "path": "x.csv", "schema": {"fields": {"a": 1}}}]}',
        "datapackage.json:*: resources.0.schema.fields: descriptor-structure: {'a': 1} is not of type 'array' ({\"a\": 1})",
    ),
    "unknown field type": (
        '{"resources": [{"name": "x", "path": "x.csv", "schema": {"fields": [{"name": "a", "type": "strng"}]}}]}',
        "datapackage.json:*: resources.0.schema.fields.0.type: descriptor-structure: 'strng' is not one of ['string', 'number', 'integer', 'date', 'boolean'] (\"strng\")",
    ),
    "bad json": ('{"resources": [}', "datapackage.json:line 1: -: bad-json: Expecting value (}\\n)"),
    "nested 1000 deep": (
        '{"resources": ' + "[" * 1000 + "]" * 1000 + "}",
        'datapackage.json:*: -: too-deep: JSON nested more than 32 levels deep ({"resources": [[[[[[)',
    ),
    "nested 990 deep in a description (jsonschema would recurse)": (
        '{"description": ' + "[" * 990 + "]" * 990 + ', "resources": []}',
        'datapackage.json:*: -: too-deep: JSON nested more than 32 levels deep ({"description": [[[[)',
    ),
    "integer of 5000 digits": (
        '{"resources": ' + "1" * 5000 + "}",
        "datapackage.json:*: -: bad-json: a number has more digits than the parser reads (4300) (ValueError)",
    ),
}


@pytest.mark.parametrize("case", sorted(DESCRIPTORS))
def test_hostile_descriptor_is_a_problem_not_an_exception(tiny, case):
    """A datapackage.json of the wrong shape gives exactly its problem line (checked against the schema first)."""
    text, expected = DESCRIPTORS[case]
    (tiny / "datapackage.json").write_text(text + "\n", encoding="utf-8")
    assert lines_of(tiny) == [expected]


def test_descriptor_keys_must_name_fields_and_resources(tiny):
    """A foreign key to a resource that does not exist, a primary key naming no field, a pattern that is no
    regular expression and two resources of one name are reported before frictionless sees them."""

    def change(data):
        timeline = resource(data, "timeline")
        timeline["schema"]["foreignKeys"][0]["reference"]["resource"] = "nowhere"
        resource(data, "events")["schema"]["primaryKey"] = ["nope"]
        resource(data, "sources")["schema"]["fields"][0]["constraints"]["pattern"] = "(["
        resource(data, "story")["name"] = "events"

    set_descriptor(tiny, change)
    assert lines_of(tiny) == [
        "datapackage.json:*: resources.10.name: duplicate-resource: another resource has this name (events)",
        "datapackage.json:*: resources.5.schema.foreignKeys.0.reference.resource: descriptor-structure: names no resource (nowhere)",
        "datapackage.json:*: resources.6.schema.primaryKey: descriptor-structure: names no field of this resource (nope)",
        "datapackage.json:*: resources.9.schema.fields.0.constraints.pattern: descriptor-structure: not a regular expression (([)",
    ]


def test_geojson_nested_990_deep_is_too_deep(tiny):
    """Arrays 990 deep in a feature's properties pass Python's parser but would overflow jsonschema: refused first."""
    deep = "[" * 990 + "]" * 990
    text = (
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "x", "name_en": '
        + deep
        + '}, "geometry": null}]}\n'
    )
    write_bytes("land.geojson", text.encode())(tiny)
    assert 'land.geojson:*: -: too-deep: JSON nested more than 32 levels deep ({"type": "FeatureCol)' in lines_of(tiny)


def test_huge_integer_in_geojson_is_bad_json(tiny):
    """An integer of 5000 digits (Python's int limit raises ValueError, not JSONDecodeError) is a problem."""
    edit_text("islands.geojson", '"area_km2": 21.565', '"area_km2": ' + "9" * 5000)(tiny)
    assert (
        "islands.geojson:*: -: bad-json: a number has more digits than the parser reads (4300) (ValueError)"
        in lines_of(tiny)
    )


def _refuse(monkeypatch, function_name: str, target: Path) -> None:
    """os.<function_name> raises PermissionError for `target` (root reads everything, so simulate it)."""
    real = getattr(os, function_name)

    def refused(path, *args, **kwargs):
        if Path(path) == target:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, function_name, refused)


def test_folder_without_permission_is_a_problem(tiny, monkeypatch):
    """A folder that cannot be searched (lstat of its files fails) gives one problem line, no path of the server."""
    _refuse(monkeypatch, "lstat", tiny / "datapackage.json")
    assert lines_of(tiny) == ["datapackage.json:*: -: unreadable-file: cannot be read: Permission denied ()"]


def test_file_without_permission_is_a_problem_and_the_rest_is_checked(tiny, monkeypatch):
    """An unreadable table is one line; the other files are still checked (here a broken date in sources.csv)."""
    edit_text("sources.csv", "b,2026-11-26", "b,2026-13-01")(tiny)
    _refuse(monkeypatch, "open", tiny / "events.csv")
    lines = lines_of(tiny)
    assert "events.csv:*: -: unreadable-file: cannot be read: Permission denied ()" in lines
    assert "sources.csv:row 3: accessed: type-error: must be a date YYYY-MM-DD (2026-13-01)" in lines


def test_missing_folder_is_a_problem(tmp_path):
    """A folder that does not exist: the descriptor is missing, named with the folder's name only."""
    assert lines_of(tmp_path / "nowhere") == [
        "datapackage.json:*: -: missing-file: file not found in the folder (nowhere)"
    ]


def test_exception_in_a_rule_is_one_internal_error_and_other_rules_run(tiny, monkeypatch):
    """A bug in one rule is one `internal-error` line naming it; the other rules' problems are still reported."""

    def broken(loaded, labels):
        raise KeyError("/secret/server/path")

    monkeypatch.setattr(cross_file, "problems", broken)
    edit_text("sources.csv", "b,2026-11-26", "b,2026-13-01")(tiny)
    edit_text("translations.csv", "events,landing,title,ru,Высадка,translated,\n", "")(tiny)
    lines = lines_of(tiny)
    assert lines == [
        "datapackage.json:*: -: internal-error: the rule cross-file stopped with KeyError; the other rules ran (a validator bug) (cross-file)",
        "sources.csv:row 3: accessed: type-error: must be a date YYYY-MM-DD (2026-13-01)",
        "translations.csv:events/landing: title: missing-translation: no ru text (ru)",
    ]


def test_exception_while_parsing_a_layer_is_an_internal_error(tiny, monkeypatch):
    """Even the parser stage is guarded: a failure there is reported against the file, and validate returns."""
    monkeypatch.setattr(geojson_rules, "parse", lambda name, text: 1 / 0)
    lines = lines_of(tiny)
    assert (
        "claims.geojson:*: -: internal-error: the rule geojson-structure stopped with ZeroDivisionError; the other rules ran (a validator bug) (geojson-structure)"
        in lines
    )


# ---- 2. only regular files inside the folder are read ------------------------------------------

UNSAFE_PATHS = {
    "/proc/self/environ": "the path is an absolute path",
    "../.streamlit/config.toml": "the path goes up out of the folder (..)",
    "licences/LGPL-3": "the path names a file in another directory; only files directly in the folder are read",
    "sub\\events.csv": "the path names a file in another directory; only files directly in the folder are read",
    "..": "the path goes up out of the folder (..)",
    "events.csv\x00": "the path holds a NUL character",
}


@pytest.mark.parametrize("path", sorted(UNSAFE_PATHS))
def test_unsafe_resource_path_is_refused_and_never_opened(tiny, monkeypatch, path):
    """An absolute path, `..` or a directory in a resource path is `unsafe-path`, and nothing outside is opened."""
    set_descriptor(tiny, lambda d: resource(d, "events").update(path=path))
    index = [r["name"] for r in json.loads((tiny / "datapackage.json").read_text())["resources"]].index("events")
    opened: list[str] = []
    real_open, real_lstat = os.open, os.lstat
    monkeypatch.setattr(os, "open", lambda p, *a, **k: (opened.append(str(p)), real_open(p, *a, **k))[1])
    monkeypatch.setattr(os, "lstat", lambda p, *a, **k: (opened.append(str(p)), real_lstat(p, *a, **k))[1])
    lines = lines_of(tiny)
    shown = path.encode("unicode_escape").decode("ascii") if not path.isprintable() else path
    assert lines == [f"datapackage.json:*: resources.{index}.path: unsafe-path: {UNSAFE_PATHS[path]} ({shown})"]
    assert set(opened) == {str(tiny / "datapackage.json")}


def test_proc_self_environ_reveals_nothing(tiny, monkeypatch):
    """The server's environment never reaches a problem line."""
    monkeypatch.setenv("KURILS_SECRET_FOR_TEST", "s3cr3t-cookie-value")
    set_descriptor(tiny, lambda d: resource(d, "sources").update(path="/proc/self/environ"))
    assert not any("s3cr3t" in line for line in lines_of(tiny))


def test_symlink_to_a_file_outside_is_not_read(tiny, tmp_path):
    """events.csv as a symbolic link to a file outside the folder: `not-a-regular-file`, its content nowhere."""
    secret = tmp_path / "secret.csv"
    secret.write_text((tiny / "events.csv").read_text(encoding="utf-8").replace("Landing", "TOPSECRET ✓"))
    (tiny / "events.csv").unlink()
    (tiny / "events.csv").symlink_to(secret)
    problems = validate(tiny)
    assert "events.csv:*: -: not-a-regular-file: a symbolic link: only regular files inside the folder are read ()" in [
        p.line() for p in problems
    ]
    assert not any("TOPSECRET" in field for p in problems for field in (p.where, p.field, p.message, p.value))


def test_symlink_inside_the_folder_is_refused_too(tiny):
    """Even a link to another file of the folder: what was validated must be what is read, so no links."""
    (tiny / "copy.csv").write_bytes((tiny / "story.csv").read_bytes())
    (tiny / "story.csv").unlink()
    (tiny / "story.csv").symlink_to("copy.csv")
    assert "story.csv:*: -: not-a-regular-file: a symbolic link: only regular files inside the folder are read ()" in (
        lines_of(tiny)
    )


def test_fifo_and_directory_are_refused_without_blocking(tiny):
    """A FIFO (which would block a reader) and a directory are `not-a-regular-file`; validate returns."""
    (tiny / "story.csv").unlink()
    os.mkfifo(tiny / "story.csv")
    (tiny / "population.csv").unlink()
    (tiny / "population.csv").mkdir()
    lines = lines_of(tiny)
    assert "story.csv:*: -: not-a-regular-file: a FIFO: only regular files inside the folder are read ()" in lines
    assert "population.csv:*: -: not-a-regular-file: a directory: only regular files inside the folder are read ()" in (
        lines
    )


def test_device_is_refused(tiny):
    """A character device in place of a table is `not-a-regular-file` (needs mknod: skipped where not allowed)."""
    (tiny / "story.csv").unlink()
    try:
        os.mknod(tiny / "story.csv", 0o600 | 0o020000, os.makedev(1, 3))  # S_IFCHR: /dev/null's numbers
    except (PermissionError, OSError) as e:
        pytest.skip(f"cannot make a device node here: {e.strerror}")
    assert "story.csv:*: -: not-a-regular-file: a device: only regular files inside the folder are read ()" in (
        lines_of(tiny)
    )


def test_file_swapped_for_a_link_after_lstat_is_not_read(tiny, monkeypatch, tmp_path):
    """The file opened is the file checked: a symlink put in place between lstat and open is refused (O_NOFOLLOW)."""
    outside = tmp_path / "outside.csv"
    outside.write_text("TOPSECRET\n")
    real_lstat = os.lstat

    def lstat_then_swap(path, *args, **kwargs):
        result = real_lstat(path, *args, **kwargs)
        if Path(path) == tiny / "story.csv":
            (tiny / "story.csv").unlink()
            (tiny / "story.csv").symlink_to(outside)
        return result

    monkeypatch.setattr(os, "lstat", lstat_then_swap)
    lines = lines_of(tiny)
    assert "story.csv:*: -: unreadable-file: cannot be read: Too many levels of symbolic links ()" in lines
    assert not any("TOPSECRET" in line for line in lines)


# ---- 3. bounded: structural limits before the parsers, linear rules ---------------------------


def test_csv_cell_over_the_csv_field_limit_is_a_problem(tiny):
    """A cell of more than 131,072 characters (Python's csv limit, an exception before) gives a problem line."""
    edit_text("sources.csv", "Source B", "B" * 131_073)(tiny)
    assert (
        "sources.csv:line 3: -: too-long: a line holds more than 131072 characters; the table was not read (131199)"
        in lines_of(tiny)
    )


def test_too_many_rows(tiny):
    """A table of more than MAX_ROWS_PER_TABLE rows is refused before it is parsed."""
    junk = "".join(f"junk{i},x,y,z,a,b,c,d,e,f,g,h,i,j,k\n" for i in range(limits.MAX_ROWS_PER_TABLE))
    edit_text("events.csv", "\nshimoda,", "\n" + junk + "shimoda,")(tiny)
    assert f"events.csv:*: -: too-many-rows: more than 5000 rows ({limits.MAX_ROWS_PER_TABLE + 2})" in lines_of(tiny)


def test_too_many_columns(tiny):
    """A row wider than MAX_COLUMNS is refused (frictionless would check every extra cell)."""
    edit_text("story.csv", "\n", "," * 150 + "\n")(tiny)
    assert "story.csv:row 1: -: too-many-columns: more than 100 columns (159)" in lines_of(tiny)


def test_300000_null_features_stop_at_the_feature_limit(tiny):
    """300,000 features without geometry (a 26 MB report before): one line, before the JSON Schema."""
    feature = '{"type":"Feature","properties":{},"geometry":null}'
    text = '{"type": "FeatureCollection", "features": [' + ",".join([feature] * 300_000) + "]}\n"
    write_bytes("land.geojson", text.encode())(tiny)
    assert [line for line in lines_of(tiny) if line.startswith("land.geojson")] == [
        "land.geojson:*: features: too-many-features: more than 2000 features (300000)"
    ]


def test_two_million_empty_polygons_stop_before_parsing(tiny):
    """2 million empty polygons in ~6 MB (4 minutes and 7 GB before) are refused on the text, before json.loads."""
    polygons = "[" + ",".join(["[]"] * 2_000_000) + "]"
    text = (
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "x", "name_en": "x"},'
        ' "geometry": {"type": "MultiPolygon", "coordinates": ' + polygons + "}}]}\n"
    )
    write_bytes("land.geojson", text.encode())(tiny)
    assert [line for line in lines_of(tiny) if line.startswith("land.geojson")] == [
        "land.geojson:*: -: too-many-values: more than 1000000 JSON arrays and objects (2000006)"
    ]


def test_many_empty_polygons_under_the_container_limit_stop_at_the_parts_limit(tiny):
    """Empty polygons that pass the text check are counted before the JSON Schema: `too-many-parts`."""
    polygons = "[" + ",".join(["[]"] * 20_000) + "]"
    edit_json(
        "land.geojson",
        lambda d: d["features"][0].update(geometry={"type": "MultiPolygon", "coordinates": json.loads(polygons)}),
    )(tiny)
    land_id = json.loads((tiny / "land.geojson").read_text())["features"][0]["properties"]["id"]
    assert [line for line in lines_of(tiny) if line.startswith("land.geojson")] == [
        f"land.geojson:{land_id}: geometry: too-many-parts: more than 10000 polygons, rings and lines (20001)"
    ]


def test_too_many_properties(tiny):
    """A feature with thousands of keys (each an unknown-property problem) is refused before the rules."""
    edit_json("islands.geojson", lambda d: d["features"][1]["properties"].update({f"k{i}": 0 for i in range(500)}))(
        tiny
    )
    assert [line for line in lines_of(tiny) if line.startswith("islands.geojson")] == [
        "islands.geojson:zeleny: properties: too-many-properties: more than 100 properties (508)"
    ]


def test_problems_per_code_are_capped(tiny):
    """5,000 cells starting like a formula: the first 1,000 lines and one line saying more were left out."""
    junk = "".join(f"j{i},=x,=y,,T,S,all,src_a,\n" for i in range(2500))
    edit_text("events.csv", "\nshimoda,", "\n" + junk + "shimoda,")(tiny)
    lines = [line for line in lines_of(tiny) if "formula-prefix" in line]
    assert len(lines) == 1001
    assert (
        lines[0] == "events.csv:*: -: formula-prefix: more than 1000 problems of this kind; the rest are not listed ()"
    )
    assert lines[1] == "events.csv:row 2: date: formula-prefix: starts like a spreadsheet formula (= + - @) (=x)"


def test_list_cell_with_too_many_items(tiny):
    """A ';'-list of thousands of ids is one `too-many-items` line, not one line per unknown id."""
    edit_text("island_names.csv", "src_a;src_b", ";".join(f"s{i}" for i in range(3000)))(tiny)
    lines = [line for line in lines_of(tiny) if "name_source_ids" in line]
    assert lines == [
        "island_names.csv:row 3: name_source_ids: too-long: more than 4000 characters (16889)",
        "island_names.csv:row 3: name_source_ids: too-many-items: more than 200 items in one cell (3000)",
    ]


def test_too_many_features(tiny, monkeypatch):
    """The feature limit fires on a real layer (lowered to 1: the tiny islands layer has 2)."""
    monkeypatch.setattr(geojson_rules, "MAX_FEATURES_PER_LAYER", 1)
    assert "islands.geojson:*: features: too-many-features: more than 1 features (2)" in lines_of(tiny)


def test_too_many_vertices_in_a_layer(tiny, monkeypatch):
    """Positions are also counted per layer: one whole-file line."""
    monkeypatch.setattr(geojson_rules, "MAX_VERTICES_PER_FILE", 9)
    assert "islands.geojson:*: geometry: too-many-vertices: more than 9 vertices in the layer (10)" in lines_of(tiny)


def test_a_million_objects_stop_before_parsing(tiny):
    """Objects count as arrays do: a million empty objects in a layer's metadata are refused on the text."""
    text = '{"type": "FeatureCollection", "metadata": [' + ",".join(["{}"] * 1_000_000) + '], "features": []}\n'
    write_bytes("claims.geojson", text.encode())(tiny)
    assert [line for line in lines_of(tiny) if line.startswith("claims.geojson")] == [
        "claims.geojson:*: -: too-many-values: more than 1000000 JSON arrays and objects (1000003)"
    ]


def test_brackets_inside_strings_do_not_count(tiny):
    """The text check reads strings as JSON does: brackets and escaped quotes inside a string are not depth."""
    text = json.dumps({"a": "[[[[" * 100 + '\\"{{{{' * 100, "b": [[1]]})
    assert jsontext.shape(text) == (3, 3)


def test_overlap_pairs_are_capped(tiny, monkeypatch):
    """Features piled on one spot would be millions of pairs: past MAX_OVERLAP_PAIRS one line stands for the rest."""
    monkeypatch.setattr(geojson_rules, "MAX_OVERLAP_PAIRS", 0)
    square = [[146.31, 43.63], [146.36, 43.63], [146.36, 43.66], [146.31, 43.66], [146.31, 43.63]]
    edit_json(
        "islands.geojson", lambda d: d["features"][1].update(geometry={"type": "Polygon", "coordinates": [square]})
    )(tiny)
    assert (
        "islands.geojson:*: geometry: overlap: more than 0 pairs of features meet; the rest were not checked ()"
        in lines_of(tiny)
    )


def test_folder_byte_budget(tiny, monkeypatch):
    """The folder's files together may hold MAX_FOLDER_BYTES: the file that crosses it is not read."""
    monkeypatch.setattr(files, "MAX_FOLDER_BYTES", (tiny / "datapackage.json").stat().st_size + 10)
    assert "islands.geojson:*: -: folder-too-large: the folder's files together hold more than" in "\n".join(
        lines_of(tiny)
    )


def test_file_larger_than_it_says_is_cut_at_the_limit(tiny, monkeypatch):
    """The size limit holds on the bytes read, not only on what stat says (a /proc file says 0)."""
    monkeypatch.setattr(files, "MAX_BYTES", 100)
    real_lstat = os.lstat

    class Small:
        def __init__(self, st):
            self.st = st

        def __getattr__(self, name):
            return 0 if name == "st_size" else getattr(self.st, name)

    monkeypatch.setattr(os, "lstat", lambda p, *a, **k: Small(real_lstat(p, *a, **k)))
    assert lines_of(tiny) == ["datapackage.json:*: -: file-too-large: more than 100 bytes ()"]


def test_hidden_character_lines_are_capped(tiny, monkeypatch):
    """A file full of NULs is MAX_LINE_PROBLEMS lines and one more, not one line per line of the file."""
    monkeypatch.setattr(files, "MAX_LINE_PROBLEMS", 1)
    edit_text("sources.csv", "Source A", "Sour\x00ce A")(tiny)
    edit_text("sources.csv", "Source B", "Sour\x00ce B")(tiny)
    sources = [line for line in lines_of(tiny) if "control-character" in line]
    assert sources == [
        "sources.csv:line 2: -: control-character: a character that does not show, or reorders the text (U+0000)",
        "sources.csv:line 3: -: control-character: more lines hold hidden characters; only the first 1 are listed (U+0000)",
    ]


def test_list_keys_build_each_id_set_once(tiny, monkeypatch):
    """The foreign-key lists look ids up in a set built once per resource (it was rebuilt per row: quadratic)."""
    junk = "".join(f"junk{i},1900-01-01,exact,,T,S,all,src_a;src_x,\n" for i in range(2000))
    edit_text("events.csv", "\nshimoda,", "\n" + junk + "shimoda,")(tiny)
    calls = {"n": 0}
    real = cross_file.Loaded.records

    def counted(self, name):
        calls["n"] += 1
        return real(self, name)

    monkeypatch.setattr(cross_file.Loaded, "records", counted)
    lines = lines_of(tiny)
    assert "events.csv:row 2: source_ids: unknown-source: no sources row has this id (src_x)" in lines
    assert calls["n"] < 100


def test_csv_rows_are_read_within_limits():
    """csv_rows returns rows for a good table and a reason (never an exception) for a bad one."""
    assert tables.csv_rows("a.csv", "x,y\n1,2\n") == ([["x", "y"], ["1", "2"]], [])
    rows, problems = tables.csv_rows("a.csv", 'x,"' + "y" * 200_000 + '"\n')
    assert rows is None and [p.code for p in problems] == ["too-long"]


# ---- 4. reports for people are capped; no server paths ------------------------------------------


def test_report_caps_lines_and_counts_the_rest():
    """report() gives the first N lines and one line counting the others; validate keeps the whole list."""
    problems = [Problem("a.csv", f"row {i}", "x", "code", "message", "") for i in range(250)]
    lines = report(problems, 200)
    assert len(lines) == 201 and lines[199] == "a.csv:row 199: x: code: message ()"
    assert lines[-1] == "… and 50 more problems"
    assert report(problems[:1], 200) == ["a.csv:row 0: x: code: message ()"]
    assert report(problems[:2], 1)[-1] == "… and 1 more problem"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kurils", "validate", *args], capture_output=True, text=True)


def test_cli_prints_a_capped_report_and_exits_1(tiny):
    """300 broken rows: 200 lines and `… and K more problems`, exit 1; --all prints every line."""
    junk = "".join(f"junk{i},1900-01-01,exact,,T,S,all,src_x,,,,,,,,\n" for i in range(300))
    edit_text("events.csv", "\nshimoda,", "\n" + junk + "shimoda,")(tiny)
    done = _cli(str(tiny))
    total = len(validate(tiny))
    assert done.returncode == 1 and total > 200
    out = done.stdout.splitlines()
    assert len(out) == 201 and out[-1] == f"… and {total - 200} more problems"
    assert out[0] == "events.csv:row 2: source_ids: unknown-source: no sources row has this id (src_x)"
    everything = _cli(str(tiny), "--all")
    assert (everything.returncode, len(everything.stdout.splitlines())) == (1, total)


def test_no_problem_line_holds_a_server_path(tiny, tmp_path, monkeypatch):
    """Missing, unreadable and linked files: no line holds the folder's place on the server."""
    (tiny / "land.geojson").unlink()
    (tiny / "story.csv").unlink()
    (tiny / "story.csv").symlink_to(tmp_path)
    _refuse(monkeypatch, "open", tiny / "events.csv")
    lines = lines_of(tiny)
    assert len(lines) >= 3 and not any(str(tmp_path) in line for line in lines)
    assert "land.geojson:*: -: missing-file: file not found in the folder (geodata)" in lines
