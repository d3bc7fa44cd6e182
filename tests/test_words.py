"""The words around the map: the latest event and the text alternative (the map's event steps and
Play are in the browser: tests/test_browser.py)."""

from __future__ import annotations

import datetime as dt

from kurils.model import dataset
from kurils.paths import DEFAULT_GEODATA
from kurils.present import words

DS = dataset.load(DEFAULT_GEODATA)
TODAY = dt.date(2026, 11, 26)


def test_latest_event_prefers_the_one_that_changed_a_status():
    """On 1 September 1945 two landings happened; the card shows one of them, not an unrelated event."""
    assert DS.history.latest_event(dt.date(1945, 9, 1))["id"] in {"kunashir_landing", "shikotan_landing"}


def test_text_alternative_whole_sentence():
    """The map in words on the day the surrender was signed."""
    assert words.text_alternative(DS.history.status_at(dt.date(1945, 9, 2)), dt.date(1945, 9, 2), DS.chain) == (
        "On 2 September 1945: The 26 islands from Atlasov to Shikotan: held by the Soviet Union; "
        "also claimed by Japan. The Habomai islands: held by Japan."
    )


def test_text_alternative_in_each_language():
    """Names in the language's script, the state's phrase from the catalogue, the date by CLDR."""
    day = dt.date(1945, 9, 2)
    for lang, must in (("ja", ["1945年9月2日", "色丹島", "歯舞"]), ("ru", ["2 сентября 1945", "Шикотан", "Хабомаи"])):
        names = {r["id"]: r[f"name_{lang}"] for r in DS.records["names"].values()}
        text = words.text_alternative(DS.history.status_at(day), day, DS.chain, lang, names)
        assert all(m in text for m in must), text
        assert "held by" not in text and "Shikotan" not in text
