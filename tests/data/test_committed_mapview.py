"""The committed history in the map component's spec: the events and epochs the slider steps through."""

from __future__ import annotations

import datetime as dt

from kurils.present import mapview


def test_committed_spec_carries_the_history(committed_ds):
    """Every committed event and epoch date, in order (the 1956 Joint Declaration among the events);
    the Russian texts and Japan's position in the tooltip."""
    spec = mapview.spec(
        committed_ds.history,
        {"islands.json": "app/static/layers/abc-v4/islands.json"},
        day=dt.date(1945, 8, 28),
        nonce=3,
        today=dt.date(2026, 11, 26),
        lang="ru",
        pov="japan",
        shown={"claim", "labels"},
        bounds=(145.4, 43.2, 156.8, 50.9),
    )
    assert spec["base"] == "app/static/layers/abc-v4/" and spec["day"] == "1945-08-28" and spec["max"] == "2026-11-26"
    assert spec["start"] == "1855-02-07" and spec["shown"] == ["claim", "labels"] and spec["nonce"] == 3
    assert (
        "1945-08-28" in spec["epochs"] and spec["events"] == sorted(spec["events"]) and "1956-10-19" in spec["events"]
    )
    assert (
        spec["text"]["play"] == "Пуск" and spec["text"]["next"] != "Next event" and "{stance_japan}" in spec["tooltip"]
    )
    assert spec["bounds"] == [145.4, 43.2, 156.8, 50.9] and spec["tiles"] is None and spec["controls"] is True
