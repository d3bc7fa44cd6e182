"""`kurils validate [DIR]`: every problem of a geodata folder, one line each.

Order of work: bytes (files.py) → syntax and GeoJSON structure → geometry → tables against
datapackage.json (frictionless) → rules across files (cross_file.py). A file that cannot be parsed
is reported once and left out of the later stages, so one broken file does not hide the others.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kurils.model.validate import cross_file, files, geojson_rules, tables, timeline_rules, translation_rules
from kurils.model.validate.problems import NO_FIELD, WHOLE_FILE, Problem, row

DESCRIPTOR = "datapackage.json"
MAX_CELL_CHARS = 4000


def load_descriptor(folder: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    text, problems = files.read_text(folder / DESCRIPTOR)
    if text is None:
        return None, problems
    try:
        return json.loads(text), problems
    except json.JSONDecodeError as e:
        return None, problems + [
            Problem(DESCRIPTOR, f"line {e.lineno}", NO_FIELD, "bad-json", e.msg, text[e.pos : e.pos + 20])
        ]
    except RecursionError:
        return None, problems + [
            Problem(
                DESCRIPTOR,
                WHOLE_FILE,
                NO_FIELD,
                "too-deep",
                "JSON nested deeper than Python's parser allows",
                text[:20],
            )
        ]


FORMULA_START = ("=", "+", "-", "@")  # a spreadsheet opening a download would run such a cell as a formula


def _cell_problems(file: str, rows: list[list[Any]], labels: list[str]) -> list[Problem]:
    """Cells too long, holding a line break (no field is multi-line: usually an unclosed quote that
    swallowed the rows after it), or starting like a spreadsheet formula."""
    out = []
    for label, values in zip(labels, rows[1:]):
        for field, value in zip(rows[0], values):
            if not isinstance(value, str):
                continue
            if len(value) > MAX_CELL_CHARS:
                out.append(
                    Problem(file, label, field, "too-long", f"more than {MAX_CELL_CHARS} characters", str(len(value)))
                )
            if "\n" in value:
                out.append(
                    Problem(
                        file,
                        label,
                        field,
                        "line-break-in-cell",
                        "a cell holds a line break (an unclosed quote?)",
                        value[:30],
                    )
                )
            if value.startswith(FORMULA_START) and not _is_number(value):
                out.append(
                    Problem(
                        file, label, field, "formula-prefix", "starts like a spreadsheet formula (= + - @)", value[:30]
                    )
                )
    return out


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def validate(folder: Path) -> list[Problem]:
    """All problems found in `folder`, sorted by file and position."""
    descriptor, problems = load_descriptor(folder)
    if descriptor is None:
        return problems
    loaded = cross_file.Loaded()
    table_rows: dict[str, list[list[Any]]] = {}
    labels: dict[str, list[str]] = {}
    for res in descriptor["resources"]:
        name, path = res["name"], folder / res["path"]
        text, found = files.read_text(path)
        problems += found
        if text is None:
            continue
        fields = [f["name"] for f in res["schema"]["fields"]]
        if res.get("format") == "geojson":
            data, found = geojson_rules.parse(path.name, text)
            problems += found
            if data is None:
                continue
            types = set(res.get("kurils:geometryTypes", ["Polygon", "MultiPolygon"]))
            shapes, found = geojson_rules.geometry_problems(path.name, data, types)
            problems += (
                found
                + geojson_rules.order_problems(path.name, data)
                + geojson_rules.extra_property_problems(path.name, data, fields)
            )
            if res.get("kurils:noOverlap"):
                problems += geojson_rules.overlap_problems(path.name, shapes)
            problems += geojson_rules.area_problems(path.name, data, shapes)
            table_rows[name] = tables.property_rows(data, fields)
            labels[name] = [geojson_rules.feature_label(data, i) for i in range(len(data["features"]))]
            loaded.layers[name] = (data, shapes)
        else:
            rows = tables.csv_rows(text)
            if not rows:
                problems.append(Problem(path.name, WHOLE_FILE, NO_FIELD, "empty-file", "no header row", ""))
                continue
            table_rows[name] = rows
            labels[name] = [row(i + 2) for i in range(len(rows) - 1)]
            loaded.tables[name] = [dict(zip(rows[0], r)) for r in rows[1:]]
        problems += _cell_problems(path.name, table_rows[name], labels[name])
    problems += tables.table_problems(descriptor, table_rows, labels)
    problems += cross_file.problems(loaded, labels)
    problems += timeline_rules.problems(loaded, labels)
    problems += translation_rules.problems(loaded, labels)
    return sorted(set(problems), key=_sort_key)


def _sort_key(p: Problem) -> tuple[str, int, str, str, str, str, str]:
    where = p.where
    number = int(where.split()[-1]) if where.split()[-1].isdigit() else 0
    return (p.file, number, where, p.field, p.code, p.message, p.value)
