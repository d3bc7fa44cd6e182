"""The message catalogues are complete and consistent; dates and lists follow each language."""

from __future__ import annotations

import datetime as dt

import pytest
from babel.messages.pofile import read_po

from kurils.builders.catalogues import extract, placeholders
from kurils.present import i18n

MSGIDS = {m.id for m in extract() if m.id}


def _catalogue(lang: str):
    with i18n.catalogue_path(lang).open("rb") as f:
        return read_po(f, locale=i18n.LOCALES[lang])


def test_extraction_finds_the_ui():
    """The extractor finds the interface's strings in the code, the states' phrases among them."""
    assert {"Map", "Story", "Point of view", "held by the Soviet Union", "Printable map of this date (PDF)"} <= MSGIDS


@pytest.mark.parametrize("lang", ["ja", "ru"])
def test_every_msgid_is_translated(lang):
    """Each catalogue has exactly the extracted messages, each translated and none fuzzy."""
    cat = _catalogue(lang)
    entries = {m.id: m for m in cat if m.id}
    assert set(entries) == MSGIDS, "run `python -m kurils.builders.catalogues` and translate the new entries"
    assert [m.id for m in entries.values() if not m.string.strip()] == []
    assert [m.id for m in entries.values() if m.fuzzy] == []


@pytest.mark.parametrize("lang", ["ja", "ru"])
def test_translations_keep_their_placeholders(lang):
    """A translation has the same {placeholders} as its English, and formats without error."""
    cat = _catalogue(lang)
    wrong = [(m.id, m.string) for m in cat if m.id and placeholders(m.id) != placeholders(m.string)]
    assert wrong == []
    for m in cat:  # and format without error
        if m.id:
            m.string.format(**{p.strip("{}"): "x" for p in placeholders(m.string)})


@pytest.mark.parametrize("lang", ["ja", "ru"])
def test_translations_differ_from_english(lang):
    """A catalogue of copied English is not a translation (names like "Id" excepted)."""
    same = [m.id for m in _catalogue(lang) if m.id and m.string == m.id and len(m.id) > 3 and not m.id.startswith("{")]
    assert same == []


def test_gettext_falls_back_to_english():
    """English, an unknown language and an unknown message all give the English text."""
    assert i18n.gettext("en")("Map") == "Map"
    assert i18n.gettext("ja")("Map") != "Map"
    assert i18n.gettext("xx")("Map") == "Map"
    assert i18n.gettext("ru")("no such message") == "no such message"


def test_dates_and_lists_per_language():
    """Dates and lists by CLDR: day month year in English, 年月日 in Japanese, the genitive and г. in Russian."""
    day = dt.date(1945, 8, 28)
    assert i18n.day_text(day, "en") == "28 August 1945"
    assert i18n.day_text(day, "ja") == "1945年8月28日"
    assert i18n.day_text(day, "ru").replace("\u202f", " ").replace("\xa0", " ") == "28 августа 1945 г."
    assert i18n.join(["A", "B", "C"], "ru") == "A, B и C"
    assert i18n.join(["A", "B"], "ja") == "A、B"
