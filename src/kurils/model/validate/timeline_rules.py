"""Rules for the history tables: every island covered from 1855-02-07 to today by consecutive
half-open intervals, known vocabulary, and intervals that agree with the events that open them."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from typing import Any

from kurils.model.validate.cross_file import Loaded, split_list
from kurils.model.validate.problems import Problem, row
from kurils.model.vocab import CONTROL, STATES, TIMELINE_START


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None  # reported by the table schema as a type-error


def interval_problems(file: str, label: str, start: str, end: str) -> list[Problem]:
    """valid_to must come after valid_from; an empty valid_to means still true."""
    a, b = _date(start), _date(end)
    if a and b and b <= a:
        return [Problem(file, label, "valid_to", "end-before-start", f"must be after valid_from {start}", end)]
    if a and a > dt.date.today():
        return [Problem(file, label, "valid_from", "future-date", "is after today", start)]
    return []


def claimant_problems(rows: list[dict[str, Any]]) -> list[Problem]:
    problems = []
    for i, r in enumerate(rows):
        for item in split_list(r.get("claimants")):
            if item not in STATES:
                problems.append(
                    Problem(
                        "timeline.csv",
                        row(i + 2),
                        "claimants",
                        "unknown-vocabulary",
                        f"must be one of {', '.join(STATES)}",
                        item,
                    )
                )
    return problems


def coverage_problems(rows: list[dict[str, Any]], island_ids: set[str] | None) -> list[Problem]:
    """Per island: starts on TIMELINE_START, no gap, no overlap, last interval open."""
    by_island: dict[str, list[tuple[int, dt.date, dt.date | None]]] = defaultdict(list)
    for i, r in enumerate(rows):
        start = _date(r.get("valid_from", ""))
        if start is None:
            continue
        end = _date(r.get("valid_to", ""))
        by_island[r.get("island_id", "")].append((i + 2, start, end))
    problems = []
    for island, spans in sorted(by_island.items()):
        spans.sort(key=lambda s: s[1])
        first_row, first_start, _ = spans[0]
        if first_start != TIMELINE_START:
            problems.append(
                Problem(
                    "timeline.csv",
                    row(first_row),
                    "valid_from",
                    "coverage",
                    f"the first interval of {island} must start on {TIMELINE_START}",
                    str(first_start),
                )
            )
        for (n0, _s0, e0), (n1, s1, _) in itertools.pairwise(spans):
            if e0 is None or e0 > s1:
                problems.append(
                    Problem(
                        "timeline.csv",
                        row(n1),
                        "valid_from",
                        "overlap",
                        f"overlaps row {n0} of {island}, which runs to {e0 or 'today'}",
                        str(s1),
                    )
                )
            elif e0 < s1:
                problems.append(
                    Problem(
                        "timeline.csv",
                        row(n1),
                        "valid_from",
                        "gap",
                        f"{island} has no status from {e0} (end of row {n0})",
                        str(s1),
                    )
                )
        last_row, _, last_end = spans[-1]
        if last_end is not None:
            problems.append(
                Problem(
                    "timeline.csv",
                    row(last_row),
                    "valid_to",
                    "coverage",
                    f"the last interval of {island} must be open (empty valid_to)",
                    str(last_end),
                )
            )
    for island in sorted((island_ids or set()) - set(by_island)):
        problems.append(
            Problem("islands.geojson", island, "id", "no-timeline", "island has no row in timeline.csv", island)
        )
    return problems


def event_date_problems(rows: list[dict[str, Any]], events: dict[str, dict[str, Any]]) -> list[Problem]:
    """The event that opens an interval happened on its first day (or within the event's range)."""
    problems = []
    for i, r in enumerate(rows):
        ev = events.get(r.get("event_id", ""))
        start = _date(r.get("valid_from", ""))
        if ev is None or start is None:
            continue
        first = _date(ev.get("date", ""))
        last = _date(ev.get("date_range_end", "")) or first
        if first and last and not first <= start <= last:
            span = str(first) if first == last else f"{first}..{last}"
            problems.append(
                Problem(
                    "timeline.csv",
                    row(i + 2),
                    "event_id",
                    "event-date-mismatch",
                    f"event {ev['id']} is dated {span}, not valid_from {start}",
                    r["event_id"],
                )
            )
    return problems


def range_problems(file: str, rows: list[dict[str, Any]]) -> list[Problem]:
    """An event with date_certainty=range needs its last day, after its first."""
    problems = []
    for i, r in enumerate(rows):
        first, last = _date(r.get("date", "")), _date(r.get("date_range_end", ""))
        if r.get("date_certainty") == "range" and last is None:
            problems.append(
                Problem(
                    file,
                    row(i + 2),
                    "date_range_end",
                    "range-without-end",
                    "a range needs its last day",
                    r.get("date_range_end", ""),
                )
            )
        elif first and last and last <= first:
            problems.append(
                Problem(
                    file, row(i + 2), "date_range_end", "end-before-start", f"must be after date {first}", str(last)
                )
            )
    return problems


def problems(loaded: Loaded, labels: dict[str, list[str]]) -> list[Problem]:
    found = []
    timeline = loaded.tables.get("timeline")
    events = {str(r.get("id")): r for r in loaded.tables.get("events", [])}
    if timeline is not None:
        found += claimant_problems(timeline)
        found += coverage_problems(timeline, loaded.ids("islands"))
        found += event_date_problems(timeline, events)
        for i, r in enumerate(timeline):
            found += interval_problems("timeline.csv", row(i + 2), r.get("valid_from", ""), r.get("valid_to", ""))
    if "events" in loaded.tables:
        found += range_problems("events.csv", loaded.tables["events"])
    for i, r in enumerate(loaded.tables.get("positions", [])):
        found += interval_problems("positions.csv", row(i + 2), r.get("valid_from", ""), r.get("valid_to", ""))
    for layer in ("claims", "maritime"):
        if layer in loaded.layers:
            found += layer_interval_problems(f"{layer}.geojson", labels[layer], loaded.records(layer))
    return found


def layer_interval_problems(file: str, labels: list[str], records: list[dict[str, Any]]) -> list[Problem]:
    """A dated layer's features: valid intervals, and parties from the vocabulary."""
    found = []
    for label, props in zip(labels, records):
        found += interval_problems(file, label, str(props.get("valid_from") or ""), str(props.get("valid_to") or ""))
        for item in split_list(props.get("party")):
            if item not in CONTROL:
                message = f"must be one of {', '.join(CONTROL)}"
                found.append(Problem(file, label, "party", "unknown-vocabulary", message, item))
    return found
