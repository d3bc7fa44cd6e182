"""The app as Streamlit runs it (AppTest): the map page draws every island over offline land."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from kurils.paths import REPO_ROOT


def deck_spec(at: AppTest) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[0].proto.json)


def test_map_page_draws_islands_over_offline_land(monkeypatch):
    """Sea, land and island layers, all 36 islands, and no tile basemap."""
    monkeypatch.delenv("KURILS_GEODATA", raising=False)
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    spec = deck_spec(at)
    layers = {layer["id"]: layer for layer in spec["layers"]}
    assert list(layers) == ["sea", "land", "islands"]
    assert len(layers["islands"]["data"]["features"]) == 36
    # pydeck's sentinel tells Streamlit's frontend to draw no basemap (anything else means Carto tiles)
    assert spec["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in spec


def test_broken_geodata_shows_the_validator_report(monkeypatch, tiny):
    """On broken data the app shows the validator's lines as text, not a traceback."""
    (tiny / "sources.csv").write_bytes(b"id,title\n")
    monkeypatch.setenv("KURILS_GEODATA", str(tiny))
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert "did not pass `kurils validate`" in at.error[0].value
    assert "sources.csv:row 1: publisher: missing-label" in at.code[0].value
