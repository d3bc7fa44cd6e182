"""The words and steps around the map: event navigation, Play, the text alternative."""

from __future__ import annotations

import datetime as dt

from kurils import dataset, summary
from kurils.paths import DEFAULT_GEODATA

DS = dataset.load(DEFAULT_GEODATA)
TODAY = dt.date(2026, 11, 26)


def test_play_by_event_steps_to_the_next_event_and_loops():
    """By event: the next event's day; after the last event, back to 1855-02-07."""
    assert summary.play_step(DS.history, dt.date(1945, 8, 20), "event", TODAY) == dt.date(1945, 8, 21)
    last = summary.event_dates(DS.history)[-1]
    assert summary.play_step(DS.history, last, "event", TODAY) == dt.date(1855, 2, 7)


def test_play_by_year_steps_a_year_and_loops_after_today():
    """By year: the same day a year later; past today, back to the start; 29 February survives."""
    assert summary.play_step(DS.history, dt.date(1900, 5, 1), "year", TODAY) == dt.date(1901, 5, 1)
    assert summary.play_step(DS.history, dt.date(1904, 2, 29), "year", TODAY) == dt.date(1905, 2, 28)
    assert summary.play_step(DS.history, dt.date(2026, 1, 1), "year", TODAY) == dt.date(1855, 2, 7)


def test_previous_and_next_event_dates():
    """The neighbours of a day among the event dates; none before the first."""
    assert summary.next_event_date(DS.history, dt.date(1945, 8, 18)) == dt.date(1945, 8, 19)
    assert summary.previous_event_date(DS.history, dt.date(1945, 8, 18)) == dt.date(1945, 8, 15)
    assert summary.previous_event_date(DS.history, dt.date(1855, 2, 7)) is None


def test_latest_event_prefers_the_one_that_changed_a_status():
    """On 1 September 1945 two landings happened; the card shows one of them, not an unrelated event."""
    assert summary.latest_event(DS.history, dt.date(1945, 9, 1))["id"] in {"kunashir_landing", "shikotan_landing"}


def test_text_alternative_whole_sentence():
    """The map in words on the day the surrender was signed."""
    assert summary.text_alternative(DS.history, dt.date(1945, 9, 2), DS.chain) == (
        "On 2 September 1945: The 26 islands from Atlasov to Shikotan: held by the Soviet Union; "
        "also claimed by Japan. The Habomai islands: held by Japan."
    )


def test_text_alternative_in_each_language():
    """Names in the language's script, the state's phrase from the catalogue, the date by CLDR."""
    day = dt.date(1945, 9, 2)
    for lang, must in (("ja", ["1945年9月2日", "色丹島", "歯舞"]), ("ru", ["2 сентября 1945", "Шикотан", "Хабомаи"])):
        names = {r["id"]: r[f"name_{lang}"] for r in DS.records["names"].values()}
        text = summary.text_alternative(DS.history, day, DS.chain, None, lang, names)
        assert all(m in text for m in must), text
        assert "held by" not in text and "Shikotan" not in text
