"""The words around the map on the mini fixture: the text alternative and the event card, whole (the
committed data's sentences are in tests/data/test_committed_words.py; the map's event steps and Play
are in the browser: tests/test_browser.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from kurils.present import words


def names(ds, lang: str) -> dict[str, str]:
    return {r["id"]: r[f"name_{lang}"] for r in ds.records["names"].values()}


@pytest.mark.parametrize(
    "day, sentence",
    [
        (
            "1860-01-01",
            "On 1 January 1860: Shumshu and Urup: held by the Russian Empire. "
            "Iturup, Polonsky and Zeleny: held by Japan.",
        ),
        (
            "1945-08-18",
            "On 18 August 1945: Shumshu: contested (fighting). The 4 islands from Urup to Zeleny: held by Japan.",
        ),
        (
            "1945-08-28",
            "On 28 August 1945: Shumshu, Urup and Iturup: held by the Soviet Union; also claimed by Japan. "
            "Polonsky and Zeleny: held by Japan.",
        ),
        (
            "1945-09-03",
            "On 3 September 1945: The 5 islands from Shumshu to Zeleny: held by the Soviet Union; "
            "also claimed by Japan.",
        ),
        (
            "1991-12-26",
            "On 26 December 1991: Shumshu and Urup: held by Russia. Iturup, Polonsky and Zeleny: held by Russia; "
            "also claimed by Japan.",
        ),
    ],
)
def test_text_alternative_whole_sentence(mini_ds, day, sentence):
    """The map in words: groups in chain order, four or more neighbours as a run, a fight without claimants."""
    day = dt.date.fromisoformat(day)
    assert words.text_alternative(mini_ds.history.status_at(day), day, mini_ds.chain) == sentence


@pytest.mark.parametrize(
    "lang, sentence",
    [
        (
            "ja",
            "1945年8月28日時点では、占守島、得撫島、択捉島：ソ連が保持（日本も領有を主張）。多楽島、志発島：日本が保持。",
        ),
        (
            "ru",
            "28 августа 1945 г.: Шумшу, Уруп и Итуруп: под контролем Советского Союза; также претендует: Япония. "
            "Полонского и Зелёный: под контролем Японии.",
        ),
    ],
)
def test_text_alternative_in_each_language(mini_ds, lang, sentence):
    """Names in the language's script, the state's phrase from the catalogue, the date by CLDR."""
    day = dt.date(1945, 8, 28)
    text = words.text_alternative(mini_ds.history.status_at(day), day, mini_ds.chain, lang, names(mini_ds, lang))
    assert text.replace("\u202f", " ").replace("\xa0", " ") == sentence


def test_event_card_whole(mini_ds):
    """The latest event on or before the day as one Markdown block, escaped."""
    assert words.event_card(mini_ds, dt.date(1945, 8, 30), "en", names(mini_ds, "en")) == (
        "*What happened · latest event on or before 30 August 1945*\n\n"
        "**Landings** (28 August 1945, exact)\n\n"
        "Soviet landings on Urup and Iturup\\.\n\n"
        "Where\\: Urup and Iturup \\(marked on the map at the island\\: the exact spot is not located here\\)\n\n"
        "Islands\\: Urup, Iturup\n\n"
        "Sources\\: [Source B](https://example.org/b) (official statement)"
    )
    assert words.event_card(mini_ds, dt.date(1800, 1, 1), "en", {}) is None


def test_event_card_in_russian_with_a_range(mini_ds):
    """The translated title and summary, a range of days, every source linked."""
    assert words.event_card(mini_ds, dt.date(1950, 1, 1), "ru", names(mini_ds, "ru")) == (
        "*Что произошло · последнее событие не позднее 1 января 1950 г\\.*\n\n"
        "**Высадка** (3 сентября 1945 г\\. – 4 сентября 1945 г\\., интервал)\n\n"
        "Сводка высадки\n\n"
        "Где\\: острова Хабомаи \\(на карте отмечено на острове\\: точное место здесь не установлено\\)\n\n"
        "Острова\\: Полонского, Зелёный\n\n"
        "Источники\\: [Source A](https://example.org/a) (первичный документ); "
        "[Source B](https://example.org/b) (официальное заявление)"
    )


# Words for people, not a database: days written out, sources by title, no codes or research notes.


def test_interval_words_are_for_people(mini_ds):
    """Days written out, the certainty in words, the sources by title (none without the table)."""
    iv = mini_ds.history.intervals["iturup"][1]
    assert words.interval_words(mini_ds.history, iv, "en", mini_ds.translate, mini_ds.records["sources"]) == {
        "since": "28 August 1945",
        "until": "26 December 1991",
        "controller": "Soviet Union",
        "administrator": "Soviet Union",
        "claimants": "Japan and Soviet Union",
        "event": "Landings",
        "certainty": "exact",
        "sources": "Source B",
    }
    assert words.interval_words(mini_ds.history, iv, "ru")["since"].startswith("28 августа 1945")
    assert words.interval_words(mini_ds.history, iv)["sources"] == ""  # never an id


def test_island_changes_has_no_codes_or_notes(mini_ds):
    """The Islands page's history table: reader-facing columns only, the open end as 'today'."""
    rows = words.island_changes(mini_ds, "iturup", "en")
    assert [(r["since"], r["until"], r["controller"], r["sources"]) for r in rows] == [
        ("7 February 1855", "28 August 1945", "Japan", "Source A"),
        ("28 August 1945", "26 December 1991", "Soviet Union", "Source B"),
        ("26 December 1991", "today", "Russia", "Source B"),
    ]
    assert set(rows[0]) == {
        "since",
        "until",
        "controller",
        "administrator",
        "claimants",
        "event",
        "certainty",
        "sources",
    }


def test_history_entries_keep_the_iso_day_for_the_button(mini_ds):
    """The panel's 'Go to this date' needs the ISO day; the text shows the day written out."""
    since, text = words.history_entries(mini_ds, "iturup", "en")[1]
    assert since == "1945-08-28" and text.startswith("28 August 1945 to 26 December 1991")


def test_event_rows_for_the_timeline(mini_ds):
    """The Timeline's events: days written out (a range as two), islands by name, sources by title."""
    rows = {r["day"]: r for r in words.event_rows(mini_ds, "en", names(mini_ds, "en"))}
    assert rows["1945-09-03"] == {
        "day": "1945-09-03",
        "island_ids": "polonsky;zeleny",
        "date": "3 September 1945 – 4 September 1945",
        "title": "Landing",
        "summary": "Soviet landing on the Habomai islands.",
        "islands": "Polonsky and Zeleny",
        "certainty": "range",
        "sources": "Source A; Source B",
    }
    assert rows["1855-02-07"]["islands"] == "all islands"


def test_population_table_has_no_ids_or_notes(mini_ds):
    rows = [{"year": 1945, "population": 2249, "who": "Japanese residents", "source_ids": "src_a", "note": "x"}]
    assert words.population_table(mini_ds, rows, "en") == [
        {"year": 1945, "population": 2249, "who": "Japanese residents", "sources": "Source A"}
    ]


def test_event_labels_write_the_day_out(mini_ds):
    assert words.event_labels(mini_ds, "en")["declaration"] == "19 October 1956 · Joint Declaration"
