"""`kurils validate [DIR]`: every problem of a geodata folder, one line each.

Order of work: the descriptor (descriptor.py: read, parsed within the JSON limits, its shape
checked against datapackage.schema.json) → each resource's bytes (files.py: regular files
directly in the folder only) → structural limits (limits.py) → syntax and GeoJSON structure →
geometry → tables against the descriptor (frictionless) → rules across files (cross_file.py) and
within a table (timeline_rules.py, translation_rules.py, source_rules.py: one row per document;
unreliable_rules.py: no source on a domain of the deny-list unreliable_domains.csv;
sourcing_rules.py: the sourcing policy, weak-sourcing; place_rules.py: where each event happened;
maritime_rules.py: the sea's rules). A
file that cannot be read or parsed, or that breaks a limit, is reported once and left out of the
later stages, so one broken file does not hide the others.

`validate` never raises: an unexpected exception inside one rule becomes one `internal-error`
line naming the rule, and the other rules still run. Every rule is linear in its input (or
n log n), and the limits bound the input, so any folder is checked in bounded time and memory.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from kurils.model.validate import (
    cross_file,
    descriptor,
    files,
    geojson_rules,
    maritime_rules,
    place_rules,
    source_rules,
    sourcing_rules,
    tables,
    timeline_rules,
    translation_rules,
    unreliable_rules,
)
from kurils.model.validate.limits import MAX_CELL_CHARS, MAX_PROBLEMS_PER_CODE
from kurils.model.validate.problems import NO_FIELD, WHOLE_FILE, Problem, cap, report, row

__all__ = ["DESCRIPTOR", "MAX_CELL_CHARS", "Problem", "report", "validate"]

DESCRIPTOR = descriptor.DESCRIPTOR
T = TypeVar("T")


def load_descriptor(folder: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The folder's datapackage.json, or None with the reasons it cannot be used."""
    return descriptor.load(folder)


FORMULA_START = ("=", "+", "-", "@")  # a spreadsheet opening a download would run such a cell as a formula


def _cell_problems(file: str, rows: list[list[Any]], labels: list[str]) -> list[Problem]:
    """Cells too long, holding a line break (no field is multi-line: usually an unclosed quote that
    swallowed the rows after it), or starting like a spreadsheet formula. Past MAX_PROBLEMS_PER_CODE
    of a code no more are made (cap() drops them and says so)."""
    out: list[Problem] = []
    made = dict.fromkeys(("too-long", "line-break-in-cell", "formula-prefix"), 0)

    def add(label: str, field: str, code: str, message: str, value: str) -> None:
        made[code] += 1
        if made[code] <= MAX_PROBLEMS_PER_CODE + 1:
            out.append(Problem(file, label, field, code, message, value))

    for label, values in zip(labels, rows[1:]):
        for field, value in zip(rows[0], values):
            if not isinstance(value, str):
                continue
            if len(value) > MAX_CELL_CHARS:
                add(label, field, "too-long", f"more than {MAX_CELL_CHARS} characters", str(len(value)))
            if "\n" in value:
                add(label, field, "line-break-in-cell", "a cell holds a line break (an unclosed quote?)", value[:30])
            if value.startswith(FORMULA_START) and not _is_number(value):
                add(label, field, "formula-prefix", "starts like a spreadsheet formula (= + - @)", value[:30])
    return out


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


class _Rules:
    """Runs each rule so that an exception in it becomes one `internal-error` problem."""

    def __init__(self) -> None:
        self.failures: list[Problem] = []

    def run(self, rule: str, file: str, default: T, fn: Callable[..., T], *args: Any) -> T:
        try:
            return fn(*args)
        except Exception as e:  # a bug in a rule must not take the report (or the app) down
            self.failures.append(_internal_error(rule, file, e))
            return default


def _internal_error(rule: str, file: str, error: BaseException) -> Problem:
    # Only the exception's type: its message may hold data or a path of the server.
    message = f"the rule {rule} stopped with {type(error).__name__}; the other rules ran (a validator bug)"
    return Problem(file, WHOLE_FILE, NO_FIELD, "internal-error", message, rule)


def validate(folder: Path) -> list[Problem]:
    """All problems found in `folder`, sorted by file and position. Never raises."""
    try:
        return _validate(Path(folder))
    except Exception as e:  # the last resort: every rule is guarded, so this is not expected
        return [_internal_error("validate", DESCRIPTOR, e)]


def _validate(folder: Path) -> list[Problem]:
    rules = _Rules()
    budget = files.Budget()
    found: list[Problem]
    nothing: tuple[dict[str, Any] | None, list[Problem]] = (None, [])
    desc, problems = rules.run("descriptor", DESCRIPTOR, nothing, descriptor.load, folder, budget)
    if desc is None:
        return _sorted(problems + rules.failures)
    loaded = cross_file.Loaded()
    table_rows: dict[str, list[list[Any]]] = {}
    labels: dict[str, list[str]] = {}
    for res in desc["resources"]:
        name, file = res["name"], res["path"]
        no_text: tuple[str | None, list[Problem]] = (None, [])
        text, found = rules.run("files", file, no_text, files.read_text, folder, file, budget)
        problems += found
        if text is None:
            continue
        fields = [f["name"] for f in res["schema"]["fields"]]
        if res.get("format") == "geojson":
            data, found = rules.run("geojson-structure", file, nothing, geojson_rules.parse, file, text)
            problems += found
            if data is None:
                continue
            types = set(res.get("kurils:geometryTypes", ["Polygon", "MultiPolygon"]))
            no_shapes: tuple[dict[str, Any], list[Problem]] = ({}, [])
            shapes, found = rules.run("geometry", file, no_shapes, geojson_rules.geometry_problems, file, data, types)
            problems += found
            problems += rules.run("not-sorted", file, [], geojson_rules.order_problems, file, data)
            problems += rules.run(
                "unknown-property", file, [], geojson_rules.extra_property_problems, file, data, fields
            )
            if res.get("kurils:noOverlap"):
                problems += rules.run("overlap", file, [], geojson_rules.overlap_problems, file, shapes)
            problems += rules.run("area-mismatch", file, [], geojson_rules.area_problems, file, data, shapes)
            table_rows[name] = tables.property_rows(data, fields)
            labels[name] = [geojson_rules.feature_label(data, i) for i in range(len(data["features"]))]
            loaded.layers[name] = (data, shapes)
        else:
            no_rows: tuple[list[list[str]] | None, list[Problem]] = (None, [])
            rows, found = rules.run("csv", file, no_rows, tables.csv_rows, file, text)
            problems += found
            if rows is None:
                continue
            if not rows:
                problems.append(Problem(file, WHOLE_FILE, NO_FIELD, "empty-file", "no header row", ""))
                continue
            table_rows[name] = rows
            labels[name] = [row(i + 2) for i in range(len(rows) - 1)]
            loaded.tables[name] = [dict(zip(rows[0], r)) for r in rows[1:]]
        problems += rules.run("cells", file, [], _cell_problems, file, table_rows[name], labels[name])
    problems += rules.run("tables", DESCRIPTOR, [], tables.table_problems, desc, table_rows, labels)
    problems += rules.run("cross-file", DESCRIPTOR, [], cross_file.problems, loaded, labels)
    problems += rules.run("timeline", "timeline.csv", [], timeline_rules.problems, loaded, labels)
    problems += rules.run("translations", "translations.csv", [], translation_rules.problems, loaded, labels)
    problems += rules.run("duplicate-document", "sources.csv", [], source_rules.problems, loaded, labels)
    problems += rules.run("unreliable-source", "sources.csv", [], unreliable_rules.problems, loaded, labels)
    problems += rules.run("sourcing", "sources.csv", [], sourcing_rules.problems, loaded, labels)
    problems += rules.run("places", "events.csv", [], place_rules.problems, loaded, labels)
    problems += rules.run("maritime", "maritime.geojson", [], maritime_rules.problems, loaded, labels)
    return _sorted(problems + rules.failures)


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(cap(sorted(set(problems), key=_sort_key)), key=_sort_key)


def _sort_key(p: Problem) -> tuple[str, int, str, str, str, str, str]:
    last = p.where.rsplit(" ", 1)[-1]
    number = int(last) if last.isascii() and last.isdigit() and len(last) < 19 else 0
    return (p.file, number, p.where, p.field, p.code, p.message, p.value)
