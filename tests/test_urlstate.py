"""URL state: every parameter parsed, checked and written back; bad values fall back with a notice."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kurils.present.urlstate import DEFAULT_LAYERS, inert, parse

TODAY = dt.date(2026, 11, 26)
IDS = ["iturup", "kunashir"]


def test_good_parameters_round_trip():
    """A full link parses to its state and serialises back to the same parameters."""
    params = {"date": "1956-12-12", "pov": "japan", "island": "iturup", "layers": "admin,offer"}
    state = parse(params, IDS, TODAY)
    assert (state.day, state.pov, state.island, state.layers, state.notices) == (
        dt.date(1956, 12, 12),
        "japan",
        "iturup",
        {"admin", "offer"},
        [],
    )
    assert state.to_params() == params


def test_defaults_are_left_out_of_the_link():
    """With nothing chosen, the link carries only the date."""
    assert parse({}, IDS, TODAY).to_params() == {"date": "2026-11-26"}
    assert parse({}, IDS, TODAY).layers == DEFAULT_LAYERS


@pytest.mark.parametrize(
    "name,value",
    [
        ("date", "2026-11-27"),
        ("date", "1855-02-06"),
        ("date", "1945-02-30"),
        ("date", "yesterday"),
        ("date", "9" * 300),
        ("pov", "nippon"),
        ("island", "../etc/passwd"),
        ("lang", "fr"),
        ("layers", "claim,<b>x</b>"),
        ("present", "yes"),
    ],
)
def test_bad_values_fall_back_with_one_notice(name, value):
    """Each bad value gives one notice and its default; nothing raises."""
    state = parse({name: value}, IDS, TODAY)
    assert len(state.notices) == 1 and f"`{name}`" in state.notices[0]
    default = parse({}, IDS, TODAY)
    assert (state.day, state.pov, state.island, state.lang) == (default.day, default.pov, default.island, default.lang)


def test_inert_makes_values_safe_for_a_code_span():
    """Backticks and control characters cannot end the code span or break the line."""
    assert inert("a`b\nc") == "a?b?c"
    assert len(inert("x" * 500)) == 40


def test_language_and_projector_mode_round_trip():
    params = {"date": "1945-09-02", "lang": "ja", "present": "1"}
    state = parse(params, IDS, TODAY)
    assert (state.lang, state.present, state.notices) == ("ja", True, [])
    assert state.to_params() == params


def test_notices_speak_the_links_language():
    """A bad value in a Japanese link gets a Japanese notice (the value itself still inert)."""
    state = parse({"lang": "ru", "pov": "<b>x</b>"}, IDS, TODAY)
    assert state.lang == "ru" and "<b>x</b>" in state.notices[0] and "The link" not in state.notices[0]


PARAMS = ["date", "pov", "island", "layers", "lang", "present", "chapter", "x"]


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from(PARAMS), st.text(max_size=300), max_size=len(PARAMS)))
def test_any_query_string_parses_without_raising(params):
    """Fuzzed: any text in any parameter gives a valid state; a notice per bad known value; the
    state's own link parses back to itself without notices."""
    state = parse(params, IDS, TODAY)
    assert dt.date(1855, 2, 7) <= state.day <= TODAY and state.pov in ("de_facto", "japan", "russia")
    assert state.island in (None, *IDS) and state.lang in ("en", "ja", "ru")
    assert all("\n" not in n for n in state.notices)
    again = parse(state.to_params(), IDS, TODAY)
    assert again.notices == [] and again.to_params() == state.to_params()
