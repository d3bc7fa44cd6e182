"""Rules that look at more than one file: list-valued foreign keys and island names in sync."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kurils.model.validate.limits import MAX_LIST_ITEMS, MAX_PROBLEMS_PER_CODE
from kurils.model.validate.problems import Problem

# ';'-separated columns and the resource whose `id` each value must name (the datapackage holds
# single-valued foreign keys; frictionless cannot check lists).
LIST_KEYS = {
    "name_source_ids": "sources",
    "area_source_id": "sources",
    "source_ids": "sources",
    "declared_in": "sources",
    "place_source_ids": "sources",
    "island_ids": "islands",
    "place_islands": "islands",
    "event_ids": "events",
}
NAME_FIELDS = ["name_en", "name_ru", "name_ja", "name_ja_latn", "group"]


@dataclass
class Loaded:
    """What parsed: GeoJSON layers (data, valid shapes by label) and CSV tables (rows as dicts)."""

    layers: dict[str, tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=dict)
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # ids by resource, built once: rules look an id up per row, so building the set per lookup
    # was quadratic (25,000 rows in events.csv took two minutes). Filled after loading is done.
    _ids: dict[str, set[str] | None] = field(default_factory=dict, repr=False, compare=False)

    def records(self, name: str) -> list[dict[str, Any]]:
        if name in self.tables:
            return self.tables[name]
        if name in self.layers:
            return [f.get("properties") or {} for f in self.layers[name][0]["features"]]
        return []

    def ids(self, name: str) -> set[str] | None:
        """The `id` values of a table or layer (None if it did not load); one set per resource."""
        if name not in self._ids:
            loaded = name in self.tables or name in self.layers
            self._ids[name] = {str(r.get("id")) for r in self.records(name)} if loaded else None
        return self._ids[name]


def split_list(value: object) -> list[str]:
    """The items of a ';'-separated cell; empty for an empty cell."""
    if not isinstance(value, str):
        return []
    return [v.strip() for v in value.split(";") if v.strip()]


FILES = {
    "islands": "islands.geojson",
    "land": "land.geojson",
    "claims": "claims.geojson",
    "maritime": "maritime.geojson",
}


def file_of(name: str) -> str:
    return FILES.get(name, f"{name}.csv")


def list_key_problems(loaded: Loaded, labels: dict[str, list[str]]) -> list[Problem]:
    problems = []
    known_ids = {target: loaded.ids(target) for target in set(LIST_KEYS.values())}
    made: dict[tuple[str, str], int] = {}
    for name in [*loaded.tables, *loaded.layers]:
        for label, record in zip(labels[name], loaded.records(name)):
            for column, target in LIST_KEYS.items():
                known = known_ids[target]
                if column not in record or known is None:
                    continue
                items = split_list(record[column])
                if len(items) > MAX_LIST_ITEMS:
                    message = f"more than {MAX_LIST_ITEMS} items in one cell"
                    problems.append(Problem(file_of(name), label, column, "too-many-items", message, str(len(items))))
                    continue
                for item in items:
                    if item not in known and not (target == "islands" and item == "all"):
                        code = {"sources": "unknown-source", "islands": "unknown-island"}.get(target, "unknown-event")
                        made[name, code] = made.get((name, code), 0) + 1
                        if made[name, code] > MAX_PROBLEMS_PER_CODE + 1:
                            continue  # cap() keeps MAX_PROBLEMS_PER_CODE a code and says the rest were left out
                        problems.append(
                            Problem(file_of(name), label, column, code, f"no {target} row has this id", item)
                        )
    return problems


def names_sync_problems(loaded: Loaded) -> list[Problem]:
    """islands.geojson is built from island_names.csv: the two must agree."""
    if "islands" not in loaded.layers or "island_names" not in loaded.tables:
        return []
    table = {str(r.get("id")): r for r in loaded.tables["island_names"]}
    problems = []
    for props in loaded.records("islands"):
        fid = str(props.get("id"))
        if fid not in table:
            continue  # reported by the foreign key
        for name in NAME_FIELDS:
            if props.get(name) != table[fid].get(name):
                problems.append(
                    Problem(
                        "islands.geojson",
                        fid,
                        name,
                        "names-out-of-sync",
                        f"differs from island_names.csv ({table[fid].get(name)}); "
                        "run `kurils build-geodata --names-only`",
                        str(props.get(name)),
                    )
                )
    missing = {str(i) for i in table} - {str(p.get("id")) for p in loaded.records("islands")}
    problems += [
        Problem("island_names.csv", str(m), "id", "missing-island", "no feature in islands.geojson", str(m))
        for m in sorted(missing)
    ]
    return problems


def problems(loaded: Loaded, labels: dict[str, list[str]]) -> list[Problem]:
    return list_key_problems(loaded, labels) + names_sync_problems(loaded)
