"""pydeck decks built from the geodata (pure: no streamlit).

The status map reads its layers by URL (static files, fetched once and cached by the browser) and
selects the intervals valid on the chosen day with deck.gl's DataFilterExtension, so a date change
sends a few hundred bytes of deck spec instead of every vertex."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pydeck as pdk

from .mapdata import OPEN_END, day_number

LAND_RGBA = [206, 201, 189, 255]
SEA_RGB = [214, 226, 236]
ISLAND_RGBA = [120, 120, 120, 230]
OUTLINE_RGBA = [60, 60, 60, 255]
BOUNDARY_RGBA = [30, 30, 30, 255]

# The whole chain from Hokkaido to Kamchatka.
DEFAULT_VIEW = pdk.ViewState(longitude=150.4, latitude=46.7, zoom=4.75, min_zoom=3, max_zoom=12)
SEA = (120.0, 30.0, 180.0, 62.0)  # west, south, east, north: wider than any view the map allows

# Placeholders are escaped by deck.gl's tooltip; never paste data into these strings in Python.
TOOLTIPS = {
    "de_facto": "{name_en} · {name_ru} · {name_ja} ({name_ja_latn})\nHeld by: {controller}\nAdministered by: {administrator}\n"
    "Claimed by: {claimants}\nSince: {since} (until {until})\nEvent: {event}\nSources: {sources}",
}
TOOLTIPS["japan"] = TOOLTIPS["de_facto"] + "\n{position_japan}"
TOOLTIPS["russia"] = TOOLTIPS["de_facto"] + "\n{position_russia}"
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


def sea_layer(bounds: tuple[float, float, float, float] = SEA) -> pdk.Layer:
    """The sea: a rectangle behind everything (the offline basemap has no tiles)."""
    west, south, east, north = bounds
    ring = [[west, south], [east, south], [east, north], [west, north]]
    return pdk.Layer("PolygonLayer", [{"polygon": ring}], id="sea", get_polygon="polygon", get_fill_color=SEA_RGB, stroked=False)


def status_layers(urls: dict[str, str], day: dt.date, epoch: dt.date, shown: set[str], labels: list[dict], selected: str | None) -> list[pdk.Layer]:
    """Sea, land, claim areas, islands by controller with claimants as outline, boundaries, labels."""
    layers = [sea_layer(), pdk.Layer("GeoJsonLayer", urls["land.json"], id="land", stroked=False, get_fill_color=LAND_RGBA)]
    # Administrative units in neutral grey (they would vanish against their own state's fill);
    # offers and claims in the colour of the state that makes them.
    styles = {"admin": ([90, 90, 90, 255], 1), "offer": ("properties.colour", 2), "claim": ("properties.colour", 3)}
    for kind, (colour, width) in styles.items():
        if kind in shown:
            layers.append(_filtered(f"claims-{kind}", urls[f"claims_{kind}.json"], day, stroked=True, filled=False,
                                    get_line_color=colour, line_width_min_pixels=width, pickable=False))
    # The claimant ring is drawn under the fill, so it shows as a halo and the fill keeps the island's
    # colour; the fill's own outline in the same colour keeps even the smallest islet visible.
    layers.append(_filtered("claimants", urls["islands.json"], day, stroked=True, filled=False, pickable=False,
                            get_line_color="properties.outline", line_width_min_pixels=7, line_joint_rounded=True))
    layers.append(_filtered(
        "islands", urls["islands.json"], day, stroked=True, filled=True, pickable=False,
        get_fill_color="properties.fill", get_line_color="properties.fill", line_width_min_pixels=2, line_joint_rounded=True,
    ))
    if selected:
        layers.append(_selected_layer(urls["islands.json"], day, selected))
    if "boundary" in shown:
        layers.append(_filtered("claims-boundary", urls["claims_boundary.json"], day, get_line_color=BOUNDARY_RGBA,
                                line_width_min_pixels=3, pickable=False))
    # Hover and click: one invisible feature per island with the status of the day's epoch. A separate,
    # unfiltered layer because Streamlit's click selection does not survive the DataFilterExtension.
    layers.append(pdk.Layer("GeoJsonLayer", urls[f"pick_{epoch.isoformat()}.json"], id="pick", pickable=True, stroked=False,
                            filled=True, get_fill_color=[0, 0, 0, 0], auto_highlight=True, highlight_color=[255, 255, 255, 90]))
    if "labels" in shown:
        layers.append(pdk.Layer("TextLayer", labels, id="labels", get_position="position", get_text="text", get_size=13,
                                get_color=[20, 20, 20, 255], get_text_anchor="'start'", get_pixel_offset=[8, 0],
                                outline_width=3, outline_color=[255, 255, 255, 255], font_settings={"sdf": True},
                                # Hide labels that would overlap a larger island's label.
                                pickable=False))
    return layers


LABEL_MIN_KM2 = 20  # smaller islands are named in the list beside the map, not on it (labels would overlap)


def island_labels(names: list[dict], areas: dict[str, float], field: str = "name_en") -> list[dict]:
    """Label points and texts for the islands large enough to label at the overview zoom."""
    return [{"position": [float(r["label_lon"]), float(r["label_lat"])], "text": r[field]}
            for r in names if areas.get(r["id"], 0) >= LABEL_MIN_KM2]


def _selected_layer(url: str, day: dt.date, selected: str) -> pdk.Layer:
    """A dark outline around the selected island (the filter also keeps only that island's features)."""
    d = day_number(day)
    return pdk.Layer(
        "GeoJsonLayer", url, id="selected", stroked=True, filled=False, pickable=False,
        get_line_color=[20, 20, 20, 255], line_width_min_pixels=2,
        extensions=[{"@@type": "DataFilterExtension", "filterSize": 3}],
        get_filter_value=f"[properties.t0, properties.t1, properties.id == '{_js_literal(selected)}' ? 1 : 0]",
        filter_range=[[0, d], [d + 1, OPEN_END], [1, 1]],
    )


def _js_literal(island_id: str) -> str:
    """Island ids are validated slugs; refuse anything else rather than build an expression from it."""
    if not island_id.replace("_", "").isalnum() or not island_id.isascii():
        raise ValueError(f"not an island id: {island_id!r}")
    return island_id


def status_deck(urls: dict[str, str], day: dt.date, epoch: dt.date, pov: str, shown: set[str], labels: list[dict],
                selected: str | None = None, online_tiles: bool = False) -> pdk.Deck:
    """`epoch`: the last status change on or before `day` (mapdata.epoch_of), naming the pick layer's file."""
    kwargs = {"map_provider": "carto", "map_style": "light"} if online_tiles else {"map_provider": None}
    layers = status_layers(urls, day, epoch, shown, labels, selected)
    if online_tiles:
        layers = [layer for layer in layers if layer.id not in ("sea", "land")]
    return pdk.Deck(
        layers=layers, initial_view_state=DEFAULT_VIEW,
        tooltip={"text": TOOLTIPS[pov], "style": TOOLTIP_STYLE},
        **kwargs,  # map_provider=None keeps pydeck's map_style sentinel: no basemap, no request
    )


def overview_deck(islands: gpd.GeoDataFrame, land: gpd.GeoDataFrame, height_zoom: float = DEFAULT_VIEW.zoom) -> pdk.Deck:
    """All islands over the land, data inline: for small maps (island profiles)."""
    return pdk.Deck(
        layers=[sea_layer(), pdk.Layer("GeoJsonLayer", land.__geo_interface__, id="land", stroked=False, get_fill_color=LAND_RGBA),
                pdk.Layer("GeoJsonLayer", islands.__geo_interface__, id="islands", stroked=True, filled=True,
                          get_fill_color=ISLAND_RGBA, get_line_color=OUTLINE_RGBA, line_width_min_pixels=1)],
        initial_view_state=DEFAULT_VIEW, map_provider=None,
    )
