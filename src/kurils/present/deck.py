"""What the maps share (pure: no streamlit): colours, the overview, the hover text, label points.
The status map itself is drawn by deck.gl in the browser (kurils.present.mapview); the island page's small
maps and the naive benchmark page use pydeck."""

from __future__ import annotations

from typing import Any

import pydeck as pdk

from kurils.present.i18n import N_, gettext
from kurils.present.words import HABOMAI

LAND_RGBA = [206, 201, 189, 255]
SEA_RGB = [214, 226, 236]
SEA_CSS = "#d6e2ec"
ISLAND_RGBA = [120, 120, 120, 230]
OUTLINE_RGBA = [60, 60, 60, 255]
BOUNDARY_RGBA = [30, 30, 30, 255]
SELECTED_RGBA = [20, 20, 20, 255]

# The whole chain from Hokkaido to Kamchatka.
MIN_ZOOM, MAX_ZOOM = 3, 12
DEFAULT_VIEW = pdk.ViewState(longitude=150.4, latitude=46.7, zoom=4.75, min_zoom=MIN_ZOOM, max_zoom=MAX_ZOOM)

# Administrative units in neutral grey (they would vanish against their own state's fill); offers
# and claims in the colour of the state that makes them ("party": the feature's own colour).
CLAIM_STYLES = {
    "admin": {"colour": [90, 90, 90, 255], "width": 1},
    "offer": {"colour": "party", "width": 2},
    "claim": {"colour": "party", "width": 3},
    "boundary": {"colour": BOUNDARY_RGBA, "width": 3},
}
SEA = (120.0, 30.0, 180.0, 62.0)  # west, south, east, north: wider than any view the map allows

# The hover text's first line (mapview.tooltip_text). The browser fills the placeholders and shows
# the text as text (mapview/frontend/map.js); never paste data into these strings in Python.
NAME_LINES = {
    "en": "{name_en} · {name_ru} · {name_ja} ({name_ja_latn})",
    "ja": "{name_ja} · {name_ru} · {name_en}",
    "ru": "{name_ru} · {name_ja} · {name_en}",
}


def sea_layer(bounds: tuple[float, float, float, float] = SEA) -> pdk.Layer:
    """The sea: a rectangle behind everything (the offline basemap has no tiles)."""
    west, south, east, north = bounds
    ring = [[west, south], [east, south], [east, north], [west, north]]
    return pdk.Layer(
        "PolygonLayer", [{"polygon": ring}], id="sea", get_polygon="polygon", get_fill_color=SEA_RGB, stroked=False
    )


# The printed handout's map names only islands this large (the rest are in the list beside it). The
# browser's map gets every island's label and places them itself (frontend/labels.js: by area, without
# overlaps, inside the map), so it needs no such cut.
LABEL_MIN_KM2 = 20

HABOMAI_GROUP = "habomai"  # the group label's id, and the `group` of its islets
# TRANSLATORS: the maps' label for the Habomai islets together (ja 歯舞群島, ru острова Хабомаи)
HABOMAI_NAME = N_("Habomai islands")  # the browser map's and the handouts' label, one translation


def island_labels(names: list[dict[str, Any]], areas: dict[str, float], lang: str = "en") -> list[dict[str, Any]]:
    """Every island's label candidate in `lang`: id, text, position (its label point), priority (its area in
    km², larger placed first) and, for the Habomai islets, group "habomai". Then one more candidate for the
    group itself (isGroup): its name at the centre of the islets' label points, its priority their total
    area. The browser shows the group's name instead of the islets' when they lie close together on screen."""
    _ = gettext(lang)
    labels: list[dict[str, Any]] = []
    for r in names:
        label: dict[str, Any] = {
            "id": r["id"],
            "text": r[f"name_{lang}"],
            "position": [float(r["label_lon"]), float(r["label_lat"])],
            "priority": round(float(areas.get(r["id"], 0)), 2),
        }
        if r["id"] in HABOMAI:
            label["group"] = HABOMAI_GROUP
        labels.append(label)
    islets = [label for label in labels if label.get("group") == HABOMAI_GROUP]
    if islets:
        labels.append(
            {
                "id": HABOMAI_GROUP,
                "text": _(HABOMAI_NAME),
                "position": [round(sum(i["position"][k] for i in islets) / len(islets), 4) for k in (0, 1)],
                "priority": round(sum(i["priority"] for i in islets), 2),
                "group": HABOMAI_GROUP,
                "isGroup": True,
            }
        )
    return labels
