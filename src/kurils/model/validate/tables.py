"""Table rules from geodata/datapackage.json, checked by frictionless: fields, types, enums,
patterns, uniqueness and foreign keys, for the CSV tables and the GeoJSON feature properties alike."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from typing import Any

from frictionless import Package

from kurils.model.validate.descriptor import OPTIONAL
from kurils.model.validate.limits import MAX_COLUMNS, MAX_LINE_CHARS, MAX_ROWS_PER_TABLE
from kurils.model.validate.problems import NO_FIELD, RUN_FMT, WHOLE_FILE, Problem, row

# primary-key repeats unique-error (every key field is also unique); the rest are never raised here.
_SKIPPED = {"primary-key"}


def csv_rows(name: str, text: str) -> tuple[list[list[str]] | None, list[Problem]]:
    """The rows of a CSV file (header first), or None with the reason: more lines than
    MAX_ROWS_PER_TABLE or a line longer than MAX_LINE_CHARS (both before parsing), a row wider than
    MAX_COLUMNS, a cell over the csv module's field limit (a quoted cell across lines), or another
    CSV syntax error."""
    lines = text.count("\n")
    if lines > MAX_ROWS_PER_TABLE + 1:
        message = f"more than {MAX_ROWS_PER_TABLE} rows"
        return None, [Problem(name, WHOLE_FILE, NO_FIELD, "too-many-rows", message, str(lines - 1))]
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE_CHARS:
            message = f"a line holds more than {MAX_LINE_CHARS} characters; the table was not read"
            return None, [Problem(name, f"line {number}", NO_FIELD, "too-long", message, str(len(line)))]
    reader = csv.reader(io.StringIO(text))
    rows: list[list[str]] = []
    try:
        for values in reader:
            if len(values) > MAX_COLUMNS:
                message = f"more than {MAX_COLUMNS} columns"
                return None, [
                    Problem(name, row(len(rows) + 1), NO_FIELD, "too-many-columns", message, str(len(values)))
                ]
            rows.append(values)
    except csv.Error as e:
        where = f"line {reader.line_num}"
        if "field larger than field limit" in str(e):
            message = f"a cell holds more than {csv.field_size_limit()} characters; the table was not read"
            return None, [Problem(name, where, NO_FIELD, "too-long", message, "")]
        return None, [Problem(name, where, NO_FIELD, "bad-csv", f"not CSV: {str(e)[:80]}", "")]
    return rows, []


def property_rows(data: dict[str, Any], fields: list[str]) -> list[list[Any]]:
    """GeoJSON feature properties as a table with the schema's columns (missing → None)."""
    rows: list[list[Any]] = [fields]
    for feat in data["features"]:
        props = feat.get("properties") or {}
        rows.append([props.get(f) for f in fields])
    return rows


def present_fields(fields: list[dict[str, Any]], rows: list[list[Any]]) -> list[dict[str, Any]]:
    """The schema's fields less the optional ones whose column the header lacks, so that a file
    written before an optional column was added stays valid. A column the header has is checked
    like any other (its place, type and constraints)."""
    header = set(rows[0]) if rows else set()
    return [f for f in fields if not f.get(OPTIONAL) or f["name"] in header]


def table_problems(
    descriptor: dict[str, Any], tables: dict[str, list[list[Any]]], labels: dict[str, list[str]]
) -> list[Problem]:
    """Validate in-memory `tables` (resource name → rows, header first) against `descriptor`.

    `labels[name][i]` names data row i (a feature id or `row N`) for the messages. Resources
    missing from `tables` (unreadable files) are left out, with the foreign keys that point at them.
    """
    resources = []
    reordered = set()
    for res in descriptor["resources"]:
        if res["name"] not in tables:
            continue
        schema = dict(res["schema"])
        schema["fields"] = present_fields(schema["fields"], tables[res["name"]])
        if _only_reordered([f["name"] for f in schema["fields"]], tables[res["name"]]):
            reordered.add(res["name"])
        schema["foreignKeys"] = [fk for fk in schema.get("foreignKeys", []) if fk["reference"]["resource"] in tables]
        resources.append({"name": res["name"], "data": tables[res["name"]], "schema": schema})
    report = Package({"name": "geodata", "resources": resources}).validate()
    files = {res["name"]: res["path"] for res in descriptor["resources"]}
    problems = []
    for task in report.tasks:
        for err in task.errors:
            if err.type in _SKIPPED:
                continue
            problem = _problem(files[task.name], labels[task.name], err)
            if err.type == "incorrect-label" and task.name in reordered:
                problem = dataclasses.replace(problem, message=f"{problem.message}; {_REORDER}")
            problems.append(problem)
    return problems


_REORDER = f"the header has the schema's columns in another order: {RUN_FMT}"


def _only_reordered(fields: list[str], rows: list[list[Any]]) -> bool:
    """The header holds exactly the schema's columns, in another order, and every row as many cells:
    `kurils fmt` puts the columns in place without touching a value."""
    header = rows[0] if rows else []
    return (
        header != fields
        and len(header) == len(fields)
        and set(header) == set(fields)
        and all(len(r) == len(header) for r in rows[1:])
    )


def _problem(file: str, names: list[str], err: Any) -> Problem:
    number = getattr(err, "row_number", None)
    where = names[number - 2] if number and 2 <= number <= len(names) + 1 else row(number or 1)
    field = (
        getattr(err, "field_name", None)
        or ",".join(getattr(err, "field_names", []) or [])
        or getattr(err, "label", None)
        or NO_FIELD
    )
    value = getattr(err, "cell", None)
    if err.type == "foreign-key":
        value = ";".join(map(str, err.field_cells))
    elif value is None:
        value = getattr(err, "label", "")
    return Problem(file, where, field, err.type, _message(err), str(value))


_LABEL_MESSAGES = {
    "missing-label": "column missing from the header",
    "extra-label": "column not in the schema",
    "incorrect-label": "header has another column here",
    "duplicate-label": "column appears twice in the header",
    "blank-label": "header has an empty column name",
}


def _message(err: Any) -> str:
    """A sentence a contributor can act on, from frictionless's terse note."""
    note: str = err.note or err.title
    if err.type == "foreign-key":
        return f"no {err.reference_name} row has this {', '.join(err.reference_field_names)}"
    if err.type == "constraint-error":
        # note looks like: constraint "enum" is "['a', 'b']"
        match = re.fullmatch(r'constraint "(\w+)" is "(.*)"', note, flags=re.S)
        if match:
            kind, rule = match.groups()
            messages = {
                "required": "a value is required",
                "unique": "must be unique",
                "enum": f"must be one of {rule}",
                "pattern": f"must match {rule}",
                "minimum": f"must be at least {rule}",
                "maximum": f"must be at most {rule}",
            }
            return messages.get(kind, note)
    if err.type == "type-error":
        kind = note.split('"')[1].split("/")[0] if '"' in note else "value"
        return {
            "date": "must be a date YYYY-MM-DD",
            "number": "must be a number",
            "integer": "must be a whole number",
        }.get(kind, f"must be of type {kind}")
    if err.type == "unique-error":
        return "must be unique; " + note
    return _LABEL_MESSAGES.get(str(err.type), note)
