"""The committed data in words: the latest event and the text alternative on days checked by hand."""

from __future__ import annotations

import datetime as dt

from kurils.present import words


def test_committed_latest_event_prefers_the_one_that_changed_a_status(committed_ds):
    """On 1 September 1945 two landings happened; the card shows one of them, not an unrelated event."""
    assert committed_ds.history.latest_event(dt.date(1945, 9, 1))["id"] in {"kunashir_landing", "shikotan_landing"}


def test_committed_text_alternative_whole_sentence(committed_ds):
    """The map in words on the day the surrender was signed."""
    day = dt.date(1945, 9, 2)
    assert words.text_alternative(committed_ds.history.status_at(day), day, committed_ds.chain) == (
        "On 2 September 1945: The 26 islands from Atlasov to Shikotan: held by the Soviet Union; "
        "also claimed by Japan. The Habomai islands: held by Japan."
    )


def test_committed_text_alternative_in_each_language(committed_ds):
    """Names in the language's script (Habomai named as a group), the date by CLDR."""
    day = dt.date(1945, 9, 2)
    for lang, must in (("ja", ["1945年9月2日", "色丹島", "歯舞"]), ("ru", ["2 сентября 1945", "Шикотан", "Хабомаи"])):
        names = {r["id"]: r[f"name_{lang}"] for r in committed_ds.records["names"].values()}
        text = words.text_alternative(committed_ds.history.status_at(day), day, committed_ds.chain, lang, names)
        assert all(m in text for m in must), text
        assert "held by" not in text and "Shikotan" not in text
