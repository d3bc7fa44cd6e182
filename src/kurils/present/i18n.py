"""Languages: the user interface through gettext catalogues (Babel), dates through CLDR.

UI strings are English msgids marked with `_()` where used, or `N_()` where defined as constants
and translated at display. The catalogues are `locale/<lang>/LC_MESSAGES/kurils.po`, read with
Babel (no compile step); `scripts/update-catalogues` re-extracts the msgids. Data text (event
titles, story chapters) is translated in geodata/translations.csv, not here."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable
from pathlib import Path

from babel.dates import format_date
from babel.lists import format_list
from babel.messages.pofile import read_po

LANGS = ("en", "ja", "ru")
LANG_NAMES = {"en": "English", "ja": "日本語", "ru": "Русский"}
LOCALES = {"en": "en_GB", "ja": "ja_JP", "ru": "ru_RU"}
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "kurils"


def N_(message: str) -> str:
    """Mark a constant for extraction; translate it where it is shown."""
    return message


def catalogue_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def catalogue(lang: str) -> dict[str, str]:
    """msgid -> msgstr for one language; English is the msgids themselves. Fuzzy and empty
    entries are left out, so an unfinished translation shows the English, never a blank."""
    if lang == "en":
        return {}
    with catalogue_path(lang).open("rb") as f:
        cat = read_po(f, locale=LOCALES[lang], domain=DOMAIN)
    table = {}
    for m in cat:
        if isinstance(m.id, str) and isinstance(m.string, str) and m.id and m.string and not m.fuzzy:  # no plurals here
            table[m.id] = m.string
    return table


@functools.cache
def catalogues_digest() -> str:
    """A digest of the catalogues: files that hold translated text are named by it too, so a
    translation change reaches browsers that cached the old files."""
    digest = hashlib.sha256()
    for lang in LANGS[1:]:
        digest.update(catalogue_path(lang).read_bytes())
    return digest.hexdigest()[:8]


def gettext(lang: str) -> Callable[[str], str]:
    table = catalogue(lang if lang in LANGS else "en")
    return lambda message: table.get(message, message)


def day_text(day: dt.date, lang: str) -> str:
    """A day written out: 28 August 1945 · 1945年8月28日 · 28 августа 1945 г."""
    return format_date(day, format="long", locale=LOCALES.get(lang, "en_GB"))


def join(items: list[str], lang: str) -> str:
    """A list in words: A, B and C · A、B、C · A, B и C."""
    return format_list(items, locale=LOCALES.get(lang, "en_GB")) if items else ""
