"""The committed names and texts on the printable map: every glyph in the fonts."""

from __future__ import annotations

import datetime as dt
import warnings

import pytest

from kurils.present import handout


@pytest.mark.parametrize("lang", ["en", "ja", "ru"])
def test_committed_handout_has_every_glyph(committed_ds, lang):
    """No 'Glyph missing from font' warning for the committed islands, events and positions."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = handout.map_handout(committed_ds, dt.date(1956, 10, 19), lang, "japan", "png")
    assert png.startswith(b"\x89PNG")
