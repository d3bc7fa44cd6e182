"""The sea's rules (maritime.geojson), beyond what the schema checks in each cell:

- `unknown-coast`: a token of `coasts` or `median_with` names no island or land feature and no
  `group:<group>` of island_names.csv;
- `rule-incomplete`: a computed belt needs `breadth_nm` and `coasts`; an overlap names two other
  features in `of`; only an overlap has `of`;
- `stale-geometry` is not checked here (rebuilding takes seconds): the test suite rebuilds the
  committed file and compares it byte for byte.
"""

from __future__ import annotations

from typing import Any

from kurils.model.validate.cross_file import Loaded, split_list
from kurils.model.validate.problems import Problem
from kurils.model.vocab import COAST_GROUP_PREFIX

FILE = "maritime.geojson"


def feature_problems(
    label: str, props: dict[str, Any], coasts: set[str], groups: set[str], ids: set[str]
) -> list[Problem]:
    out = []

    def problem(field: str, code: str, message: str, value: str) -> None:
        out.append(Problem(FILE, label, field, code, message, value))

    for field in ("coasts", "median_with"):
        for token in split_list(props.get(field)):
            known = (
                token[len(COAST_GROUP_PREFIX) :] in groups if token.startswith(COAST_GROUP_PREFIX) else token in coasts
            )
            if not known:
                problem(
                    field, "unknown-coast", "not an island or land id, nor group:<group> of island_names.csv", token
                )
    kind, computed = props.get("kind"), props.get("basis") == "computed"
    parts = split_list(props.get("of"))
    if kind == "overlap":
        if len(parts) != 2 or props.get("id") in parts:
            problem(
                "of",
                "rule-incomplete",
                "an overlap names the two other features whose common waters it is",
                ";".join(parts),
            )
        for part in parts:
            if part not in ids:
                problem("of", "rule-incomplete", "no feature of this layer has this id", part)
    elif parts:
        problem("of", "rule-incomplete", "only an overlap names features in `of`", ";".join(parts))
    elif computed:
        if props.get("breadth_nm") in (None, ""):
            problem("breadth_nm", "rule-incomplete", "a computed belt needs its breadth in nautical miles", "")
        if not split_list(props.get("coasts")):
            problem("coasts", "rule-incomplete", "a computed belt needs the coasts it is measured from", "")
    return out


def problems(loaded: Loaded, labels: dict[str, list[str]]) -> list[Problem]:
    if "maritime" not in loaded.layers:
        return []
    islands, land = loaded.ids("islands"), loaded.ids("land")
    if islands is None or land is None:
        return []  # a layer that did not load is reported once, as itself
    coasts = islands | land
    groups = {str(r.get("group")) for r in loaded.tables.get("island_names", [])}
    ids = loaded.ids("maritime") or set()
    out = []
    for label, props in zip(labels["maritime"], loaded.records("maritime")):
        out += feature_problems(label, props, coasts, groups, ids)
    return out
