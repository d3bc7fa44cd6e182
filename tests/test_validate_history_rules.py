"""The history rules of `kurils validate`: one broken fixture per rule, with its exact line."""

from __future__ import annotations

import pytest
from fixture_edits import edit_json, edit_text

from kurils.model.validate import validate


def set_claim(key, value):
    def change(data):
        data["features"][0]["properties"][key] = value

    return change


CASES = {
    "unknown-island": (
        edit_text("timeline.csv", "zeleny,1945-09-03,,ussr", "zelenyy,1945-09-03,,ussr"),
        "timeline.csv:row 5: island_id: foreign-key: no islands row has this id (zelenyy)",
    ),
    "unknown-vocabulary": (
        edit_text(
            "timeline.csv", "zeleny,1945-09-03,,ussr,ussr,japan;ussr", "zeleny,1945-09-03,,ussr,ussr,japan;soviet_union"
        ),
        "timeline.csv:row 5: claimants: unknown-vocabulary: must be one of japan, russian_empire, ussr, russia (soviet_union)",
    ),
    "unknown-controller": (
        edit_text("timeline.csv", "zeleny,1945-09-03,,ussr", "zeleny,1945-09-03,,USSR"),
        "timeline.csv:row 5: controller: constraint-error: must be one of ['japan', 'russian_empire', 'ussr', 'russia', 'contested', 'none'] (USSR)",
    ),
    "bad-date": (
        edit_text("timeline.csv", "zeleny,1945-09-03,,ussr", "zeleny,1945-09-31,,ussr"),
        "timeline.csv:row 5: valid_from: type-error: must be a date YYYY-MM-DD (1945-09-31)",
    ),
    "end-before-start": (
        edit_text("timeline.csv", "zeleny,1855-02-07,1945-09-03", "zeleny,1855-02-07,1855-01-01"),
        "timeline.csv:row 4: valid_to: end-before-start: must be after valid_from 1855-02-07 (1855-01-01)",
    ),
    "overlap": (
        edit_text("timeline.csv", "zeleny,1855-02-07,1945-09-03", "zeleny,1855-02-07,1945-09-10"),
        "timeline.csv:row 5: valid_from: overlap: overlaps row 4 of zeleny, which runs to 1945-09-10 (1945-09-03)",
    ),
    "gap": (
        edit_text("timeline.csv", "zeleny,1855-02-07,1945-09-03", "zeleny,1855-02-07,1945-09-01"),
        "timeline.csv:row 5: valid_from: gap: zeleny has no status from 1945-09-01 (end of row 4) (1945-09-03)",
    ),
    "coverage-start": (
        edit_text("timeline.csv", "zeleny,1855-02-07,", "zeleny,1875-08-22,"),
        "timeline.csv:row 4: valid_from: coverage: the first interval of zeleny must start on 1855-02-07 (1875-08-22)",
    ),
    "coverage-end": (
        edit_text("timeline.csv", "zeleny,1945-09-03,,ussr", "zeleny,1945-09-03,1991-12-26,ussr"),
        "timeline.csv:row 5: valid_to: coverage: the last interval of zeleny must be open (empty valid_to) (1991-12-26)",
    ),
    "no-timeline": (
        lambda f: (f / "timeline.csv").write_text(
            "\n".join(
                line
                for line in (f / "timeline.csv").read_text(encoding="utf-8").splitlines()
                if not line.startswith("zeleny")
            )
            + "\n",
            encoding="utf-8",
        ),
        "islands.geojson:zeleny: id: no-timeline: island has no row in timeline.csv (zeleny)",
    ),
    "unknown-event": (
        edit_text("timeline.csv", "japan;ussr,landing,src_b,range,\n", "japan;ussr,landed,src_b,range,\n"),
        "timeline.csv:row 5: event_id: foreign-key: no events row has this id (landed)",
    ),
    "event-date-mismatch": (
        edit_text("events.csv", "landing,1945-09-03,range,1945-09-04", "landing,1945-09-05,range,1945-09-06"),
        "timeline.csv:row 3: event_id: event-date-mismatch: event landing is dated 1945-09-05..1945-09-06, not valid_from 1945-09-03 (landing)",
    ),
    "unresolvable-source": (
        edit_text("timeline.csv", "ussr,landing,src_b,range,range", "ussr,landing,src_z,range,range"),
        "timeline.csv:row 3: source_ids: unknown-source: no sources row has this id (src_z)",
    ),
    "event-unknown-island": (
        edit_text("events.csv", "polonsky;zeleny,src_a;src_b", "polonsky;shibotsu,src_a;src_b"),
        "events.csv:row 3: island_ids: unknown-island: no islands row has this id (shibotsu)",
    ),
    "range-without-end": (
        edit_text("events.csv", "landing,1945-09-03,range,1945-09-04", "landing,1945-09-03,range,"),
        "events.csv:row 3: date_range_end: range-without-end: a range needs its last day ()",
    ),
    "claim-bad-interval": (
        edit_json("claims.geojson", set_claim("valid_to", "1850-01-01")),
        "claims.geojson:line: valid_to: end-before-start: must be after valid_from 1855-02-07 (1850-01-01)",
    ),
    "claim-bad-date": (
        edit_json("claims.geojson", set_claim("valid_from", "7 Feb 1855")),
        "claims.geojson:line: valid_from: type-error: must be a date YYYY-MM-DD (7 Feb 1855)",
    ),
    "claim-unknown-kind": (
        edit_json("claims.geojson", set_claim("kind", "border")),
        "claims.geojson:line: kind: constraint-error: must be one of ['boundary', 'claim', 'offer', 'admin'] (border)",
    ),
    "claim-unknown-party": (
        edit_json("claims.geojson", set_claim("party", "japan;scap")),
        "claims.geojson:line: party: unknown-vocabulary: must be one of japan, russian_empire, ussr, russia, contested, none (scap)",
    ),
    "position-unknown-sovereign": (
        edit_text("positions.csv", ",japan,Japan's", ",nippon,Japan's"),
        "positions.csv:row 2: sovereign: constraint-error: must be one of ['japan', 'russian_empire', 'ussr', 'russia', 'undetermined', 'not_stated'] (nippon)",
    ),
}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_history_rule_reports_exact_line(tiny, rule):
    """Breaking one history rule prints exactly the documented line."""
    mutate, expected = CASES[rule]
    mutate(tiny)
    lines = [p.line() for p in validate(tiny)]
    assert expected in lines, "\n".join(lines)


def test_future_date_is_reported(tiny):
    """An interval cannot start after today."""
    edit_text("timeline.csv", "zeleny,1945-09-03,,ussr", "zeleny,2999-01-01,,ussr")(tiny)
    edit_text("timeline.csv", "zeleny,1855-02-07,1945-09-03", "zeleny,1855-02-07,2999-01-01")(tiny)
    lines = [p.line() for p in validate(tiny)]
    assert "timeline.csv:row 5: valid_from: future-date: is after today (2999-01-01)" in lines
