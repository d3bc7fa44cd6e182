"""pydeck layers and decks built from the geodata (pure: no streamlit)."""

from __future__ import annotations

import geopandas as gpd
import pydeck as pdk

LAND_RGBA = [206, 201, 189, 255]
SEA_RGB = [214, 226, 236]
ISLAND_RGBA = [120, 120, 120, 230]
OUTLINE_RGBA = [60, 60, 60, 255]

# The whole chain from Hokkaido to Kamchatka.
DEFAULT_VIEW = pdk.ViewState(longitude=150.3, latitude=46.9, zoom=5.1, min_zoom=3, max_zoom=12)


def geojson_data(gdf: gpd.GeoDataFrame) -> dict:
    """Plain GeoJSON for deck.gl, features in the frame's order."""
    return gdf.__geo_interface__


def sea_layer(*frames: gpd.GeoDataFrame) -> pdk.Layer:
    """The sea as the rectangle the land was clipped to, so the clip edge reads as the map's frame."""
    west = min(f.total_bounds[0] for f in frames)
    south = min(f.total_bounds[1] for f in frames)
    east = max(f.total_bounds[2] for f in frames)
    north = max(f.total_bounds[3] for f in frames)
    ring = [[west, south], [east, south], [east, north], [west, north]]
    return pdk.Layer("PolygonLayer", [{"polygon": ring}], id="sea", get_polygon="polygon", get_fill_color=SEA_RGB, stroked=False)


def land_layer(land: gpd.GeoDataFrame) -> pdk.Layer:
    return pdk.Layer(
        "GeoJsonLayer", geojson_data(land), id="land", stroked=False, filled=True, get_fill_color=LAND_RGBA, pickable=False
    )


def islands_layer(islands: gpd.GeoDataFrame) -> pdk.Layer:
    return pdk.Layer(
        "GeoJsonLayer",
        geojson_data(islands),
        id="islands",
        stroked=True,
        filled=True,
        get_fill_color=ISLAND_RGBA,
        get_line_color=OUTLINE_RGBA,
        line_width_min_pixels=1,
        pickable=True,
    )


def overview_deck(islands: gpd.GeoDataFrame, land: gpd.GeoDataFrame) -> pdk.Deck:
    """All islands over the offline land layer; no tile server (map_provider=None)."""
    return pdk.Deck(
        layers=[sea_layer(land, islands), land_layer(land), islands_layer(islands)],
        initial_view_state=DEFAULT_VIEW,
        # map_provider=None with pydeck's default map_style sentinel: no basemap, no request.
        # Passing map_style=None instead makes Streamlit fall back to Carto tiles (online).
        map_provider=None,
        # Placeholders are escaped by pydeck; never paste data into this string in Python.
        tooltip={"text": "{name_en}\n{name_ru}\n{name_ja} ({name_ja_latn})\n{area_km2} km² (computed)"},
    )
