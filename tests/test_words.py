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
        "**Landings** (1945\\-08\\-28, exact)\n\n"
        "Soviet landings on Urup and Iturup\\.\n\n"
        "Islands\\: Urup, Iturup\n\n"
        "Sources\\: [Source B](https://example.org/b)"
    )
    assert words.event_card(mini_ds, dt.date(1800, 1, 1), "en", {}) is None


def test_event_card_in_russian_with_a_range(mini_ds):
    """The translated title and summary, a range of days, every source linked."""
    assert words.event_card(mini_ds, dt.date(1950, 1, 1), "ru", names(mini_ds, "ru")) == (
        "*Что произошло · последнее событие не позднее 1 января 1950 г\\.*\n\n"
        "**Высадка** (1945\\-09\\-03 – 1945\\-09\\-04, интервал)\n\n"
        "Сводка высадки\n\n"
        "Острова\\: Полонского, Зелёный\n\n"
        "Источники\\: [Source A](https://example.org/a); [Source B](https://example.org/b)"
    )
