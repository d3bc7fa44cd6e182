"""One broken fixture per validator rule, each with the exact line `kurils validate` prints."""

from __future__ import annotations

import json

import pytest
from fixture_edits import edit_json, edit_text, prepend_bytes, write_bytes

from kurils.model import dataset
from kurils.model.validate import files, geojson_rules, validate


def zeleny(data):
    return data["features"][1]


def set_geometry(geometry):
    def change(data):
        zeleny(data)["geometry"] = geometry

    return change


def set_prop(key, value):
    def change(data):
        zeleny(data)["properties"][key] = value

    return change


def with_map_style(*styles):
    """story.csv with the optional `map_style` column, one value per chapter (the tiny fixture has two)."""

    def apply(folder):
        path = folder / "story.csv"
        header, *rows = path.read_text(encoding="utf-8").splitlines()
        assert len(rows) == len(styles)
        lines = [f"{header},map_style"] + [f"{r},{s}" for r, s in zip(rows, styles)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    return apply


SQUARE = [[146.1, 43.48], [146.16, 43.48], [146.16, 43.52], [146.1, 43.52], [146.1, 43.48]]

CASES = {
    "bad-json": (
        write_bytes("islands.geojson", b'{"type": "FeatureCollection", "features": [}\n'),
        "islands.geojson:line 1: -: bad-json: Expecting value at column 44 (}\\n)",
    ),
    "duplicate-key": (
        edit_text(
            "islands.geojson",
            '"outline": "gshhg", "area_km2": 21.565',
            '"outline": "gshhg", "group": "middle", "area_km2": 21.565',
        ),
        "islands.geojson:*: -: duplicate-key: duplicate key in a JSON object (group)",
    ),
    "non-finite-number": (
        edit_text("islands.geojson", '"area_km2": 21.565', '"area_km2": NaN'),
        "islands.geojson:*: -: non-finite-number: non-standard number literal (NaN)",
    ),
    "not-utf8": (
        (
            lambda f: (f / "island_names.csv").write_bytes(
                (f / "island_names.csv").read_bytes().replace("Зелёный".encode(), b"Zel\xe9ny")
            )
        ),
        "island_names.csv:line 3: -: not-utf8: file is not valid UTF-8 (e9 6e 79 2c)",
    ),
    "bom": (
        prepend_bytes("sources.csv", b"\xef\xbb\xbf"),
        "sources.csv:*: -: bom: file starts with a UTF-8 byte-order mark; run `kurils fmt` (EF BB BF)",
    ),
    "crlf": (
        lambda f: (f / "sources.csv").write_bytes((f / "sources.csv").read_bytes().replace(b"\n", b"\r\n")),
        "sources.csv:line 1: -: crlf: line endings must be LF only; run `kurils fmt` (\\r)",
    ),
    "no-final-newline": (
        lambda f: (f / "sources.csv").write_bytes((f / "sources.csv").read_bytes().rstrip(b"\n")),
        "sources.csv:*: -: no-final-newline: file must end with one newline; run `kurils fmt` (en Etorofu and Urup.)",
    ),
    "geojson-structure": (
        edit_json("islands.geojson", lambda d: d.update(type="Featurecollection")),
        "islands.geojson:*: type: geojson-structure: 'FeatureCollection' was expected (\"Featurecollection\")",
    ),
    "null-geometry": (
        edit_json("islands.geojson", set_geometry(None)),
        "islands.geojson:zeleny: geometry: null-geometry: feature has no geometry (null)",
    ),
    "geometry-type": (
        edit_json("islands.geojson", set_geometry({"type": "LineString", "coordinates": SQUARE[:2]})),
        "islands.geojson:zeleny: geometry: geometry-type: must be one of MultiPolygon, Polygon (LineString)",
    ),
    "empty-geometry": (
        edit_json("islands.geojson", set_geometry({"type": "MultiPolygon", "coordinates": []})),
        "islands.geojson:zeleny: geometry: empty-geometry: geometry has no coordinates ([])",
    ),
    "out-of-area": (
        edit_json(
            "islands.geojson", set_geometry({"type": "Polygon", "coordinates": [[[x + 30, y] for x, y in SQUARE]]})
        ),
        "islands.geojson:zeleny: geometry: out-of-area: outside lon 135.0..165.0, lat 38.0..56.0 (176.1, 43.48)",
    ),
    "swapped-lon-lat": (
        edit_json("islands.geojson", set_geometry({"type": "Polygon", "coordinates": [[[y, x] for x, y in SQUARE]]})),
        "islands.geojson:zeleny: geometry: swapped-lon-lat: coordinates look like [lat, lon]; GeoJSON is [lon, lat] (43.48, 146.1)",
    ),
    "excess-precision": (
        edit_json(
            "islands.geojson",
            set_geometry(
                {"type": "Polygon", "coordinates": [[[146.100001, 43.48]] + SQUARE[1:4] + [[146.100001, 43.48]]]}
            ),
        ),
        "islands.geojson:zeleny: geometry: excess-precision: more than 5 decimals; run `kurils fmt` (146.100001, 43.48)",
    ),
    "unclosed-ring": (
        edit_json("islands.geojson", set_geometry({"type": "Polygon", "coordinates": [SQUARE[:4] + [[146.1, 43.5]]]})),
        "islands.geojson:zeleny: geometry: unclosed-ring: first and last positions of a ring differ ([146.1, 43.48] … [146.1, 43.5])",
    ),
    "wrong-winding": (
        edit_json("islands.geojson", set_geometry({"type": "Polygon", "coordinates": [SQUARE[::-1]]})),
        "islands.geojson:zeleny: geometry: wrong-winding: outer ring must be counter-clockwise; run `kurils fmt` (starts at 146.1, 43.48)",
    ),
    "invalid-geometry": (
        edit_json(
            "islands.geojson",
            set_geometry(
                {
                    "type": "Polygon",
                    "coordinates": [[[146.1, 43.48], [146.16, 43.52], [146.16, 43.48], [146.1, 43.52], [146.1, 43.48]]],
                }
            ),
        ),
        "islands.geojson:zeleny: geometry: invalid-geometry: not valid OGC geometry (Self-intersection[146.13 43.5])",
    ),
    "not-sorted": (
        edit_json("islands.geojson", lambda d: d["features"].reverse()),
        "islands.geojson:polonsky: id: not-sorted: features must be sorted by id; comes after 'zeleny'; run `kurils fmt` (polonsky)",
    ),
    "overlap": (
        edit_json(
            "islands.geojson",
            set_geometry(
                {
                    "type": "Polygon",
                    "coordinates": [
                        [[146.31, 43.63], [146.36, 43.63], [146.36, 43.66], [146.31, 43.66], [146.31, 43.63]]
                    ],
                }
            ),
        ),
        "islands.geojson:zeleny: geometry: overlap: shares area with another feature (polonsky)",
    ),
    "area-mismatch": (
        edit_json("islands.geojson", set_prop("area_km2", 30)),
        "islands.geojson:zeleny: area_km2: area-mismatch: geometry gives 21.565 km² (30)",
    ),
    "unknown-property": (
        edit_json("islands.geojson", set_prop("nmae_en", "Zeleny")),
        "islands.geojson:zeleny: nmae_en: unknown-property: not a field of this layer's schema (nmae_en)",
    ),
    "unique-error": (
        edit_json("islands.geojson", lambda d: d["features"][0]["properties"].update(id="zeleny")),
        "islands.geojson:zeleny: id: unique-error: must be unique; the same as in the row at position 2 (zeleny)",
    ),
    "required": (
        edit_json("islands.geojson", set_prop("name_ja", "")),
        "islands.geojson:zeleny: name_ja: constraint-error: a value is required ()",
    ),
    "enum": (
        edit_text("island_names.csv", "Shibotsu-tō,lesser", "Shibotsu-tō,habomai"),
        "island_names.csv:row 3: group: constraint-error: must be one of ['northern', 'middle', 'southern', 'lesser'] (habomai)",
    ),
    "pattern": (
        edit_text("island_names.csv", "Зелёный,", "Zelenyi,"),
        "island_names.csv:row 3: name_ru: constraint-error: must match [А-ЯЁа-яё][А-ЯЁа-яё -]* (Zelenyi)",
    ),
    "type-error": (
        edit_json("islands.geojson", set_prop("area_km2", "big")),
        "islands.geojson:zeleny: area_km2: type-error: must be a number (big)",
    ),
    "bad-date": (
        edit_text("sources.csv", "b,2026-11-26", "b,2026-13-01"),
        "sources.csv:row 3: accessed: type-error: must be a date YYYY-MM-DD (2026-13-01)",
    ),
    "missing-label": (
        edit_text("sources.csv", "id,title,publisher,url,accessed", "id,title,publisher,url,acessed"),
        "sources.csv:row 1: accessed: incorrect-label: header has another column here (acessed)",
    ),
    "foreign-key": (
        edit_text("island_names.csv", "\nzeleny,", "\nzelenyy,"),
        "islands.geojson:zeleny: id: foreign-key: no island_names row has this id (zeleny)",
    ),
    "unknown-source": (
        edit_text("island_names.csv", "src_a;src_b", "src_a;src_c"),
        "island_names.csv:row 3: name_source_ids: unknown-source: no sources row has this id (src_c)",
    ),
    "names-out-of-sync": (
        edit_text("island_names.csv", "Zeleny,Зелёный", "Zelyony,Зелёный"),
        "islands.geojson:zeleny: name_en: names-out-of-sync: differs from island_names.csv (Zelyony); run `kurils build-geodata --names-only` (Zeleny)",
    ),
    "missing-island": (
        lambda f: (f / "island_names.csv").write_text(
            (f / "island_names.csv").read_text(encoding="utf-8")
            + "yuri,Yuri,Юрий,勇留島,Yuri-tō,lesser,146.07,43.43,gshhg,src_a,,,\n",
            encoding="utf-8",
        ),
        "island_names.csv:yuri: id: missing-island: no feature in islands.geojson (yuri)",
    ),
    "too-long": (
        edit_text("sources.csv", "Source B", "B" * 5000),
        "sources.csv:row 3: title: too-long: more than 4000 characters (5000)",
    ),
    "url-pattern": (
        edit_text("sources.csv", "https://example.org/b", "javascript:alert(1)"),
        'sources.csv:row 3: url: constraint-error: must match https?://[^\\s<>"]+ (javascript:alert(1))',
    ),
    "missing-translation": (
        edit_text("translations.csv", "events,landing,title,ru,Высадка,translated,\n", ""),
        "translations.csv:events/landing: title: missing-translation: no ru text (ru)",
    ),
    "unknown-id": (
        edit_text("translations.csv", "story,landing,title,ja,", "story,landingx,title,ja,"),
        "translations.csv:row 22: id: unknown-id: no story.csv row has this id (landingx)",
    ),
    "unknown-field": (
        edit_text("translations.csv", "positions,japan_claim,statement,ja,", "positions,japan_claim,summary,ja,"),
        "translations.csv:row 10: field: unknown-field: positions translates statement (summary)",
    ),
    "map-style-enum": (
        with_map_style("before_borders", "before-borders"),
        "story.csv:row 3: map_style: constraint-error: must be one of ['status', 'before_borders'] (before-borders)",
    ),
    "unknown-event": (
        edit_text("story.csv", ",src_b,landing", ",src_b,landing;nowhere"),
        "story.csv:row 3: event_ids: unknown-event: no events row has this id (nowhere)",
    ),
    "too-deep": (
        write_bytes("land.geojson", b"[" * 100_000 + b"]" * 100_000 + b"\n"),
        "land.geojson:*: -: too-deep: JSON nested more than 32 levels deep ([[[[[[[[[[[[[[[[[[[[)",
    ),
    "top-level-array": (
        write_bytes("land.geojson", b"[]\n"),
        "land.geojson:*: -: geojson-structure: [] is not of type 'object' ([])",
    ),
    "null-properties": (
        edit_text("islands.geojson", '"properties": {', '"properties": null, "x": {'),
        "islands.geojson:feature 1: properties: geojson-structure: None is not of type 'object' (null)",
    ),
    "control-character": (
        edit_text("sources.csv", "Source A", "Sour\x00ce A"),
        "sources.csv:line 2: -: control-character: a character that does not show, or reorders the text (U+0000)",
    ),
    "bidi-control": (
        edit_text("events.csv", "landing,", "landing\u202e,"),
        "events.csv:line 3: -: bidi-control: a character that does not show, or reorders the text (U+202E)",
    ),
    "formula-prefix": (
        edit_text("sources.csv", "Source A", "=HYPERLINK(A1)"),
        "sources.csv:row 2: title: formula-prefix: starts like a spreadsheet formula (= + - @) (=HYPERLINK(A1))",
    ),
    "duplicate-document": (
        edit_text("sources.csv", "https://example.org/b", "http://www.example.org/a/"),
        "sources.csv:row 3: url: duplicate-document: the same document as src_a (row 2): keep one id and cite it "
        "everywhere (example.org/a)",
    ),
    "unclosed-quote": (
        edit_text("sources.csv", "Source A", '"Source A'),
        "sources.csv:row 2: title: line-break-in-cell: a cell holds a line break (an unclosed quote?) (Source A,Publisher A,https://e)",
    ),
}


def test_tiny_fixture_is_clean(tiny):
    """The unbroken fixture passes, so every failure below is caused by its one change."""
    assert [p.line() for p in validate(tiny)] == []


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_reports_exact_line(tiny, rule):
    """Breaking one rule prints exactly the documented line for it (and it is among the problems)."""
    mutate, expected = CASES[rule]
    mutate(tiny)
    lines = [p.line() for p in validate(tiny)]
    assert expected in lines, "\n".join(lines)


def test_missing_file(tiny):
    """A layer missing from the folder is named, with the folder's name (never its place on the server)."""
    (tiny / "land.geojson").unlink()
    lines = [p.line() for p in validate(tiny)]
    assert "land.geojson:*: -: missing-file: file not found in the folder (geodata)" in lines
    assert not any(str(tiny.parent) in line for line in lines)


def test_file_too_large(tiny, monkeypatch):
    """A file over the size limit is refused before it is parsed."""
    limit = (tiny / "datapackage.json").stat().st_size + 1
    monkeypatch.setattr(files, "MAX_BYTES", limit)
    path = tiny / "islands.geojson"
    path.write_text(path.read_text(encoding="utf-8") + " " * limit + "\n", encoding="utf-8")
    size = path.stat().st_size
    assert f"islands.geojson:*: -: file-too-large: more than {limit} bytes ({size})" in [
        p.line() for p in validate(tiny)
    ]


def test_too_many_vertices(tiny, monkeypatch):
    """A feature with more vertices than the limit is reported, not drawn."""
    monkeypatch.setattr(geojson_rules, "MAX_VERTICES_PER_FEATURE", 4)
    lines = [p.line() for p in validate(tiny)]
    assert "islands.geojson:zeleny: geometry: too-many-vertices: more than 4 vertices (5)" in lines


def test_value_with_newline_stays_on_one_line(tiny):
    """A hostile value cannot break the one-line-per-problem format."""
    edit_text("sources.csv", "Publisher B", '"Pub\nlisher\x1b[31m"')(tiny)
    edit_text("sources.csv", "https://example.org/b", "ftp://x")(tiny)
    lines = [p.line() for p in validate(tiny)]
    assert lines and all("\n" not in line and "\x1b" not in line for line in lines)


@pytest.mark.parametrize("styles", [("before_borders", "status"), ("", "before_borders"), ("", "")])
def test_map_style_values_are_valid(tiny, styles):
    """story.csv's optional `map_style`: empty, `status` or `before_borders`; the loader reads empty as `status`."""
    with_map_style(*styles)(tiny)
    assert [p.line() for p in validate(tiny)] == []
    assert list(dataset.load(tiny).story["map_style"]) == [s or "status" for s in styles]


def test_story_without_map_style_column_is_valid_and_reads_as_status(tiny):
    """A story.csv written before the column existed (the tiny fixture's) passes, and every chapter is a status map."""
    assert "map_style" not in (tiny / "story.csv").read_text(encoding="utf-8").splitlines()[0]
    assert [p.line() for p in validate(tiny)] == []
    assert list(dataset.load(tiny).story["map_style"]) == ["status", "status"]


def test_map_style_column_in_the_wrong_place_is_reported(tiny):
    """An optional column may be left out, not moved: present, it stands where the schema puts it (last)."""
    edit_text("story.csv", "id,order,", "id,map_style,order,")(tiny)
    lines = [p.line() for p in validate(tiny)]
    assert "story.csv:row 1: order: incorrect-label: header has another column here (map_style)" in lines


def test_optional_column_cannot_be_required_or_a_key(tiny):
    """An optional column may be absent from its file, so the descriptor may not make it required or a key."""
    path = tiny / "datapackage.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    story = next(r for r in data["resources"] if r["name"] == "story")
    index = next(i for i, r in enumerate(data["resources"]) if r["name"] == "story")
    field = next(j for j, f in enumerate(story["schema"]["fields"]) if f["name"] == "map_style")
    story["schema"]["fields"][field]["constraints"]["required"] = True
    story["schema"]["primaryKey"] = ["map_style"]
    path.write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
    assert [p.line() for p in validate(tiny)] == [
        f"datapackage.json:*: resources.{index}.schema.fields.{field}: descriptor-structure: "
        "an optional column cannot be required (map_style)",
        f"datapackage.json:*: resources.{index}.schema.primaryKey: descriptor-structure: "
        "an optional column cannot be a key (map_style)",
    ]
