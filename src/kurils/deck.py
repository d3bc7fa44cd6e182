"""pydeck decks built from the geodata (pure: no streamlit).

The status map reads its layers by URL (static files, fetched once and cached by the browser) and
selects the intervals valid on the chosen day with deck.gl's DataFilterExtension, so a date change
sends a few hundred bytes of deck spec instead of every vertex."""

from __future__ import annotations

import datetime as dt

import functools
import json

import pydeck as pdk
import pydeck.bindings.deck as _pydeck_deck
import pydeck.bindings.json_tools as _pydeck_json

from .i18n import gettext
from .mapdata import OPEN_END, day_number, pick_file

class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation: pydeck indents by 2 and sorts keys, which costs time
    and bytes on every move (Streamlit sends `to_json()` as it is)."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=_pydeck_json.default_serialize, separators=(",", ":"))


# pydeck looks for its Jupyter extension on every Deck(): ~2 ms of import machinery per rerun of the
# map. The answer cannot change while the process runs, so ask once.
_pydeck_deck.has_jupyter_extra = functools.lru_cache(maxsize=1)(_pydeck_deck.has_jupyter_extra)

LAND_RGBA = [206, 201, 189, 255]
SEA_RGB = [214, 226, 236]
SEA_CSS = "#d6e2ec"
ISLAND_RGBA = [120, 120, 120, 230]
OUTLINE_RGBA = [60, 60, 60, 255]
BOUNDARY_RGBA = [30, 30, 30, 255]

# The whole chain from Hokkaido to Kamchatka.
DEFAULT_VIEW = pdk.ViewState(longitude=150.4, latitude=46.7, zoom=4.75, min_zoom=3, max_zoom=12)
SEA = (120.0, 30.0, 180.0, 62.0)  # west, south, east, north: wider than any view the map allows

# Placeholders are escaped by deck.gl's tooltip; never paste data into these strings in Python.
NAME_LINES = {
    "en": "{name_en} · {name_ru} · {name_ja} ({name_ja_latn})",
    "ja": "{name_ja} · {name_ru} · {name_en}",
    "ru": "{name_ru} · {name_ja} · {name_en}",
}


def tooltip_text(pov: str, lang: str = "en") -> str:
    """The hover text: names in three scripts, the status, and the point of view's position."""
    _ = gettext(lang)
    lines = [NAME_LINES[lang], _("Held by: {controller}"), _("Administered by: {administrator}"), _("Claimed by: {claimants}"),
             _("Since: {since} (until {until})"), _("Event: {event}"), _("Sources: {sources}")]
    text = "\n".join(lines)
    return text + ("\n{position_" + pov + "}" if pov in ("japan", "russia") else "")


TOOLTIP_STYLE = {"backgroundColor": "#1f2630", "color": "#f5f5f5", "fontSize": "14px", "maxWidth": "480px", "whiteSpace": "pre-wrap"}


def _filtered(layer_id: str, url: str, day: dt.date, **props) -> pdk.Layer:
    """A GeoJsonLayer from a static file, showing only features whose [t0, t1) contains `day`."""
    d = day_number(day)
    return pdk.Layer(
        "GeoJsonLayer", url, id=layer_id,
        extensions=[{"@@type": "DataFilterExtension", "filterSize": 2}],
        get_filter_value="[properties.t0, properties.t1]",
        filter_range=[[0, d], [d + 1, OPEN_END]],
        **props,
    )


def colour_by_day(prefix: str, day: dt.date, intervals: int) -> str:
    """A deck.gl expression choosing, per island, the colour of its interval containing `day`:
    `properties.e0 > D ? properties.f0 : properties.e1 > D ? properties.f1 : ...` (e<k>: end day).
    Only this short string changes with the date; the geometry stays where the browser cached it."""
    d = day_number(day)
    terms = [f"properties.e{k} > {d} ? properties.{prefix}{k}" for k in range(intervals - 1)]
    return " : ".join([*terms, f"properties.{prefix}{intervals - 1}"])


def sea_layer(bounds: tuple[float, float, float, float] = SEA) -> pdk.Layer:
    """The sea: a rectangle behind everything (the offline basemap has no tiles)."""
    west, south, east, north = bounds
    ring = [[west, south], [east, south], [east, north], [west, north]]
    return pdk.Layer("PolygonLayer", [{"polygon": ring}], id="sea", get_polygon="polygon", get_fill_color=SEA_RGB, stroked=False)


def status_layers(urls: dict[str, str], day: dt.date, epoch: dt.date, intervals: int, shown: set[str], labels: list[dict],
                  selected: str | None, lang: str = "en", present: bool = False) -> list[pdk.Layer]:
    """Sea, land, claim areas, islands by controller with claimants as outline, boundaries, labels."""
    # The sea is the chart's CSS background (pages/common.py), not a layer: a full-canvas polygon
    # costs a whole extra pass per frame where there is no GPU.
    layers = [pdk.Layer("GeoJsonLayer", urls["land.json"], id="land", stroked=False, get_fill_color=LAND_RGBA)]
    # Administrative units in neutral grey (they would vanish against their own state's fill);
    # offers and claims in the colour of the state that makes them.
    styles = {"admin": ([90, 90, 90, 255], 1), "offer": ("properties.colour", 2), "claim": ("properties.colour", 3)}
    for kind, (colour, width) in styles.items():
        if kind in shown:
            layers.append(_filtered(f"claims-{kind}", urls[f"claims_{kind}.json"], day, stroked=True, filled=False,
                                    get_line_color=colour, line_width_min_pixels=width, pickable=False))
    # The claimant ring is drawn under the fill, so it shows as a halo and the fill keeps the island's
    # colour; the fill's own outline in the same colour keeps even the smallest islet visible.
    ring, fill = colour_by_day("r", day, intervals), colour_by_day("f", day, intervals)
    # Projector mode: thicker rings and a black coastline, so the colours hold on a washed-out screen.
    layers.append(pdk.Layer("GeoJsonLayer", urls["islands.json"], id="claimants", stroked=True, filled=False, pickable=False,
                            get_line_color=ring, line_width_min_pixels=10 if present else 7, line_joint_rounded=True))
    layers.append(pdk.Layer("GeoJsonLayer", urls["islands.json"], id="islands", stroked=True, filled=True, pickable=False,
                            get_fill_color=fill, get_line_color=OUTLINE_RGBA if present else fill, line_width_min_pixels=2,
                            line_joint_rounded=True))
    if selected:
        layers.append(_selected_layer(urls["islands.json"], selected))
    if "boundary" in shown:
        layers.append(_filtered("claims-boundary", urls["claims_boundary.json"], day, get_line_color=BOUNDARY_RGBA,
                                line_width_min_pixels=3, pickable=False))
    # Hover and click: one invisible feature per island with the status of the day's epoch. A separate,
    # unfiltered layer because Streamlit's click selection does not survive the DataFilterExtension.
    layers.append(pdk.Layer("GeoJsonLayer", urls[pick_file(lang, epoch)], id="pick", pickable=True, stroked=False,
                            filled=True, get_fill_color=[0, 0, 0, 0], auto_highlight=True, highlight_color=[255, 255, 255, 90]))
    if "labels" in shown:
        # deck.gl's font atlas holds ASCII unless told: 'auto' collects the labels' characters
        # (quoted: pydeck turns a bare string, or a list of strings, into an expression).
        layers.append(pdk.Layer("TextLayer", labels, id="labels", get_position="position", get_text="text", get_size=20 if present else 13,
                                get_color=[0, 0, 0, 255] if present else [20, 20, 20, 255], get_text_anchor="'start'",
                                get_pixel_offset=[10, 0] if present else [8, 0], character_set="'auto'",
                                **({"font_weight": 700} if present else {}),
                                outline_width=4 if present else 3, outline_color=[255, 255, 255, 255], font_settings={"sdf": True},
                                pickable=False))
    return layers


LABEL_MIN_KM2 = 20  # smaller islands are named in the list beside the map, not on it (labels would overlap)


def island_labels(names: list[dict], areas: dict[str, float], lang: str = "en") -> list[dict]:
    """Label points and texts for the islands large enough to label at the overview zoom."""
    return [{"position": [float(r["label_lon"]), float(r["label_lat"])], "text": r[f"name_{lang}"]}
            for r in names if areas.get(r["id"], 0) >= LABEL_MIN_KM2]


def _selected_layer(url: str, selected: str) -> pdk.Layer:
    """A dark outline around the selected island."""
    return pdk.Layer(
        "GeoJsonLayer", url, id="selected", stroked=True, filled=False, pickable=False, line_width_min_pixels=2,
        get_line_color=f"properties.id == '{_js_literal(selected)}' ? [20, 20, 20, 255] : [0, 0, 0, 0]",
    )


def _js_literal(island_id: str) -> str:
    """Island ids are validated slugs; refuse anything else rather than build an expression from it."""
    if not island_id.replace("_", "").isalnum() or not island_id.isascii():
        raise ValueError(f"not an island id: {island_id!r}")
    return island_id


def status_deck(urls: dict[str, str], day: dt.date, epoch: dt.date, intervals: int, pov: str, shown: set[str], labels: list[dict],
                selected: str | None = None, online_tiles: bool = False, lang: str = "en", present: bool = False,
                view: pdk.ViewState | None = None) -> pdk.Deck:
    """`epoch`: the last status change on or before `day` (mapdata.epoch_of), naming the pick layer's
    file; `intervals`: the most intervals any island has (mapdata.max_intervals)."""
    kwargs = {"map_provider": "carto", "map_style": "light"} if online_tiles else {"map_provider": None}
    layers = status_layers(urls, day, epoch, intervals, shown, labels, selected, lang, present)
    if online_tiles:
        layers = [layer for layer in layers if layer.id != "land"]
    return CompactDeck(
        layers=layers, initial_view_state=view or DEFAULT_VIEW,
        tooltip={"text": tooltip_text(pov, lang), "style": TOOLTIP_STYLE},
        **kwargs,  # map_provider=None keeps pydeck's map_style sentinel: no basemap, no request
    )

def framed_view(bounds: tuple[float, float, float, float], width_px: int = 1100, height_px: int = 600, pad: float = 0.25) -> pdk.ViewState:
    """A view that shows `bounds` (west, south, east, north) with a margin, in a map of about this size."""
    import math

    west, south, east, north = bounds
    lon_span = max(east - west, 0.05) * (1 + pad)
    merc = lambda lat: math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))  # noqa: E731
    lat_span = max(merc(north) - merc(south), 0.001) * (1 + pad)
    zoom_x = math.log2(width_px * 360 / (512 * lon_span))
    zoom_y = math.log2(height_px * 2 * math.pi / (512 * lat_span))
    zoom = max(DEFAULT_VIEW.min_zoom, min(10.0, zoom_x, zoom_y))
    return pdk.ViewState(longitude=(west + east) / 2, latitude=(south + north) / 2, zoom=round(zoom, 2), min_zoom=3, max_zoom=12)
