"""The map's layers as plain GeoJSON, built once per geodata folder and served as static files.

Each island appears once per interval of its history, with the interval as two day numbers
(t0, t1) and its status, colours and tooltip text as properties. The browser loads these files
once; a date change only moves deck.gl's DataFilterExtension range, so no geometry crosses the
wire again (see README, Performance)."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable

import geopandas as gpd
import shapely

from .i18n import LANGS, N_, gettext
from .palette import CLAIM_KINDS, claim_outline, rgba, state_name
from .timeline import History
from .vocab import TIMELINE_START

OPEN_END = 1_000_000  # day number for "still true"
FORMAT = 3  # bump when the files' layout changes: it is part of their URL, so browsers refetch


def day_number(day: dt.date) -> int:
    """Days since the atlas starts (1855-02-07 is day 0)."""
    return (day - TIMELINE_START).days


def _day_or_open(day: dt.date | str | None) -> int:
    if not day:
        return OPEN_END
    return day_number(day if isinstance(day, dt.date) else dt.date.fromisoformat(day))


def _names(props: dict) -> dict:
    return {k: props[k] for k in ("name_en", "name_ru", "name_ja", "name_ja_latn")}


def islands_with_history(history: History, islands: gpd.GeoDataFrame) -> dict:
    """One feature per island (geometry sent once) carrying its whole history as flat properties:
    the end day `e<k>`, fill colour `f<k>` and claimant ring colour `r<k>` of its k-th interval.
    The deck picks the interval for the day with an expression (deck.colour_by_day)."""
    geometry = {row.id: row.geometry.__geo_interface__ for row in islands.itertuples()}
    features = []
    for island_id, intervals in history.intervals.items():
        props: dict = {"id": island_id}
        for k, iv in enumerate(intervals):
            props[f"e{k}"] = _day_or_open(iv.end)
            props[f"f{k}"] = rgba(iv.controller, 235)
            props[f"r{k}"] = claim_outline(iv.controller, list(iv.claimants))
        features.append({"type": "Feature", "properties": props, "geometry": geometry[island_id]})
    return {"type": "FeatureCollection", "features": features}


def max_intervals(history: History) -> int:
    return max(len(ivs) for ivs in history.intervals.values())


PICK_TOLERANCE_DEG = 0.004  # pick shapes only catch the pointer: coarse is enough, and small


def pick_file(lang: str, epoch: dt.date) -> str:
    return f"pick_{lang}_{epoch.isoformat()}.json"


def epoch_of(history: History, day: dt.date) -> dt.date:
    """The last day on or before `day` on which some status changed: statuses are constant in between."""
    changes = history.change_dates()
    return changes[bisect.bisect_right(changes, day) - 1]


def pick_shapes(islands: gpd.GeoDataFrame) -> dict[str, dict]:
    """A coarse outline per island for hover and click (the drawn outline stays the exact one)."""
    out = {}
    for row in islands.itertuples():
        coarse = shapely.set_precision(row.geometry.simplify(PICK_TOLERANCE_DEG), 0.001)
        if coarse.is_empty:  # an islet smaller than the tolerance: a small disc instead
            coarse = shapely.set_precision(row.geometry.centroid.buffer(0.003), 0.001)
        out[row.id] = shapely.geometry.mapping(coarse)
    return out


Translate = Callable[[str, str, str, str, str], str]  # (table, row id, field, lang, English) -> text


def english(table: str, row_id: str, field: str, lang: str, text: str) -> str:
    return text


def pick_layer(history: History, islands: gpd.GeoDataFrame, epoch: dt.date, shapes: dict[str, dict], lang: str = "en",
               translate: Translate = english) -> dict:
    """One feature per island (sorted by id) with its status during `epoch` in `lang`: what the
    tooltip shows and what a click selects. Streamlit reports a click as a position in this list."""
    names = {row["id"]: row for row in islands.drop(columns="geometry").to_dict("records")}
    features = []
    for island_id in history.intervals:
        iv = history.interval_at(island_id, epoch)
        props = _status_properties(history, iv, names[island_id], lang, translate)
        features.append({"type": "Feature", "properties": props, "geometry": shapes[island_id]})
    return {"type": "FeatureCollection", "features": features}


def _status_properties(history: History, iv, base: dict, lang: str, translate: Translate) -> dict:
    _ = gettext(lang)
    event = history.events.get(iv.event_id, {})
    props = {
        "id": iv.island_id, **_names(base),
        "controller": state_name(iv.controller, lang), "administrator": state_name(iv.administrator, lang),
        "claimants": ", ".join(state_name(c, lang) for c in iv.claimants) or _("none"),
        "since": iv.start.isoformat(), "until": iv.end.isoformat() if iv.end else _("today"),
        "event": translate("events", iv.event_id, "title", lang, event.get("title_en", iv.event_id)),
        "sources": ", ".join(iv.source_ids), "certainty": _(CERTAINTY.get(iv.certainty, iv.certainty)),
    }
    for pov in ("japan", "russia"):
        pos = history.position_at(pov, iv.island_id, iv.start)
        props[f"position_{pov}"] = (f"{pos.attributed_to}: {translate('positions', pos.id, 'statement', lang, pos.statement)}" if pos
                                    else _("No separate position recorded for this period."))
    return props


CERTAINTY = {"exact": N_("exact"), "range": N_("range"), "approximate": N_("approximate"), "uncertain": N_("uncertain")}


def claims_of_kind(claims: gpd.GeoDataFrame, kind: str) -> dict:
    """The claim features of one kind, with their interval as day numbers."""
    features = []
    for row in claims[claims["kind"] == kind].sort_values("id").itertuples():
        props = {
            "id": row.id, "kind": row.kind, "party": row.party, "name_en": row.name_en,
            "valid_from": row.valid_from, "valid_to": row.valid_to or "today",
            "t0": _day_or_open(row.valid_from), "t1": _day_or_open(row.valid_to),
            "colour": rgba(row.party.split(";")[0] if kind != "boundary" else "none", 255),
            "sources": row.source_ids.replace(";", ", "), "note": row.note,
        }
        features.append({"type": "Feature", "properties": props, "geometry": row.geometry.__geo_interface__})
    return {"type": "FeatureCollection", "features": features}


def static_layers(history: History, islands: gpd.GeoDataFrame, land: gpd.GeoDataFrame, claims: gpd.GeoDataFrame,
                  translate: Translate = english) -> dict[str, dict]:
    """File name → GeoJSON for every static layer of the map (pick layers per language and epoch)."""
    files = {"islands.json": islands_with_history(history, islands), "land.json": land.__geo_interface__}
    for kind in CLAIM_KINDS:
        files[f"claims_{kind}.json"] = claims_of_kind(claims, kind)
    shapes = pick_shapes(islands)
    for lang in LANGS:
        for epoch in history.change_dates():
            files[pick_file(lang, epoch)] = pick_layer(history, islands, epoch, shapes, lang, translate)
    return files
