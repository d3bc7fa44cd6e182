"""datapackage.json: read like any other file, parsed within the JSON limits, its shape checked
against datapackage.schema.json, then what a schema cannot say: resource names and paths unique,
each path a plain file name in the folder, keys naming fields that exist, patterns that compile.
Only a descriptor that passes all of this is handed to the rules (and to frictionless)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema

from kurils.model.validate import files, jsontext
from kurils.model.validate.problems import NO_FIELD, WHOLE_FILE, Problem

DESCRIPTOR = "datapackage.json"
SCHEMA = json.loads((Path(__file__).parent / "datapackage.schema.json").read_text(encoding="utf-8"))
CODE = "descriptor-structure"
# A field's marker: its column may be left out of the file (tables.present_fields), so a folder
# written before the column was added stays valid; missing reads as every cell empty.
OPTIONAL = "kurils:optional"


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:59] + "…"


def _names(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def load(folder: Path, budget: files.Budget | None = None) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The descriptor, or None with every reason it cannot be used."""
    text, problems = files.read_text(folder, DESCRIPTOR, budget)
    if text is None:
        return None, problems
    data, found, parsed = jsontext.parse(DESCRIPTOR, text, with_column=False)
    if not parsed:
        return None, problems + found
    errors = sorted(
        jsonschema.Draft202012Validator(SCHEMA).iter_errors(data), key=lambda e: list(map(str, e.absolute_path))
    )
    for err in errors:
        field = ".".join(map(str, err.absolute_path)) or NO_FIELD
        message = "must be a name or a list of names" if err.validator in ("oneOf", "anyOf") else err.message
        problems.append(Problem(DESCRIPTOR, WHOLE_FILE, field, CODE, message[:100], _short(err.instance)))
    if errors:
        return None, problems
    found = meaning_problems(data)
    return (None if found else data), problems + found


def meaning_problems(descriptor: dict[str, Any]) -> list[Problem]:
    """What the JSON Schema cannot check (the descriptor already has the schema's shape)."""
    problems = []

    def add(field: str, code: str, message: str, value: str) -> None:
        problems.append(Problem(DESCRIPTOR, WHOLE_FILE, field, code, message, value))

    resources = descriptor["resources"]
    fields_of = {res["name"]: [f["name"] for f in res["schema"]["fields"]] for res in resources}
    # an optional column may be absent from its file: no rule may then need it
    optional_of = {res["name"]: {f["name"] for f in res["schema"]["fields"] if f.get(OPTIONAL)} for res in resources}
    not_a_key = "an optional column cannot be a key"
    seen_names: set[str] = set()
    seen_paths: set[str] = set()
    for i, res in enumerate(resources):
        at = f"resources.{i}"
        if res["name"] in seen_names:
            add(f"{at}.name", "duplicate-resource", "another resource has this name", res["name"])
        if res["path"] in seen_paths:
            add(f"{at}.path", "duplicate-resource", "another resource has this path", res["path"])
        seen_names.add(res["name"])
        seen_paths.add(res["path"])
        reason = files.unsafe_reason(res["path"])
        if reason is not None:
            add(f"{at}.path", "unsafe-path", f"the path {reason}", res["path"])
        schema = res["schema"]
        names = [f["name"] for f in schema["fields"]]
        if len(set(names)) != len(names):
            add(f"{at}.schema.fields", CODE, "two fields have the same name", ", ".join(names)[:200])
        for j, fld in enumerate(schema["fields"]):
            if fld.get(OPTIONAL) and fld.get("constraints", {}).get("required"):
                add(f"{at}.schema.fields.{j}", CODE, "an optional column cannot be required", fld["name"])
            pattern = fld.get("constraints", {}).get("pattern")
            if pattern is not None:
                try:
                    re.compile(pattern)
                except re.error:
                    add(f"{at}.schema.fields.{j}.constraints.pattern", CODE, "not a regular expression", pattern)
        for key in _names(schema.get("primaryKey", [])):
            if key not in names:
                add(f"{at}.schema.primaryKey", CODE, "names no field of this resource", key)
            elif key in optional_of[res["name"]]:
                add(f"{at}.schema.primaryKey", CODE, not_a_key, key)
        for k, fk in enumerate(schema.get("foreignKeys", [])):
            where = f"{at}.schema.foreignKeys.{k}"
            own, target = _names(fk["fields"]), fk["reference"]["resource"]
            theirs = _names(fk["reference"]["fields"])
            for key in own:
                if key not in names:
                    add(f"{where}.fields", CODE, "names no field of this resource", key)
                elif key in optional_of[res["name"]]:
                    add(f"{where}.fields", CODE, not_a_key, key)
            if target not in fields_of:
                add(f"{where}.reference.resource", CODE, "names no resource", target)
            else:
                for key in theirs:
                    if key not in fields_of[target]:
                        add(f"{where}.reference.fields", CODE, f"names no field of {target}", key)
                    elif key in optional_of[target]:
                        add(f"{where}.reference.fields", CODE, not_a_key, key)
            if len(own) != len(theirs):
                add(f"{where}.fields", CODE, "as many fields as the reference names", str(len(own)))
    return problems
