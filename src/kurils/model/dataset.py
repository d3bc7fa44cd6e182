"""The geodata folder loaded as one object, with a fingerprint that changes when any file changes."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from kurils.model.io import read_layer, read_table, rows
from kurils.model.timeline import History


@dataclass(frozen=True)
class Dataset:  # frozen, but cached_property needs __dict__: fine for a dataclass without slots
    folder: Path
    fingerprint: str
    islands: gpd.GeoDataFrame
    land: gpd.GeoDataFrame
    claims: gpd.GeoDataFrame
    maritime: gpd.GeoDataFrame
    names: pd.DataFrame
    events: pd.DataFrame
    sources: pd.DataFrame
    population: pd.DataFrame
    timeline: pd.DataFrame
    positions: pd.DataFrame
    story: pd.DataFrame
    translations: pd.DataFrame
    history: History

    def island_ids(self) -> list[str]:
        return list(self._island_ids)

    @functools.cached_property
    def _island_ids(self) -> tuple[str, ...]:
        return tuple(self.islands["id"])

    @functools.cached_property
    def chain(self) -> list[str]:
        """Island ids from north to south (by label point), the order people read the chain in."""
        order = self.names.assign(lat=self.names["label_lat"].astype(float)).sort_values(
            ["lat", "id"], ascending=[False, True]
        )
        return list(order["id"])

    @functools.cached_property
    def records(self) -> dict[str, dict[str, dict[str, Any]]]:
        """Rows by id of the small tables the pages look things up in (computed once per load)."""
        return {
            name: {r["id"]: r for r in rows(frame)}
            for name, frame in (("names", self.names), ("events", self.events), ("sources", self.sources))
        }

    @functools.cached_property
    def _texts(self) -> dict[tuple[str, str, str, str], str]:
        return {(r["table"], r["id"], r["field"], r["lang"]): r["text"] for r in self.translations.to_dict("records")}

    def translate(self, table: str, row_id: str, fld: str, lang: str, english: str) -> str:
        """mapdata.Translate: a row's `fld` in `lang`, English when `lang` is English or the text is
        missing (which the validator reports)."""
        return english if lang == "en" else self._texts.get((table, row_id, fld, lang), english)

    def text(self, table: str, row: dict[str, Any], fld: str, lang: str) -> str:
        """A row's text in `lang`, from its `<field>_en` column or its translation."""
        return self.translate(table, row["id"], fld, lang, row[f"{fld}_en"])

    def island_names(self, lang: str) -> dict[str, str]:
        """Island id -> its name in the language's script (island_names.csv)."""
        return {r["id"]: r[f"name_{lang}"] for r in self.records["names"].values()}

    @functools.cached_property
    def areas(self) -> dict[str, float]:
        return dict(zip(self.islands["id"], self.islands["area_km2"].astype(float)))


def fingerprint(folder: Path) -> str:
    """Names, sizes and modification times of the folder's files: a cheap cache key."""
    h = hashlib.sha256(str(folder).encode())
    for path in sorted(folder.glob("*")):
        if path.is_file():
            st = path.stat()
            h.update(f"{path.name}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()


def _layer(folder: Path, name: str) -> gpd.GeoDataFrame:
    gdf = read_layer(folder, name)
    text_columns = [c for c in gdf.columns if c != "geometry" and gdf[c].dtype == object]
    gdf[text_columns] = gdf[text_columns].fillna("")
    return gdf.sort_values("id", kind="stable").reset_index(drop=True)


def history_of(timeline: pd.DataFrame, events: pd.DataFrame, positions: pd.DataFrame, names: pd.DataFrame) -> History:
    """The status engine over tables already read."""
    return History(
        rows(timeline),
        rows(events),
        rows(positions),
        names=dict(zip(names["id"], names["name_en"])),
    )


def load_history(folder: Path) -> History:
    """Only the status engine (no geometry): what `kurils status` needs."""
    return history_of(*(read_table(folder, n) for n in ("timeline", "events", "positions", "island_names")))


def load(folder: Path, version: str | None = None) -> Dataset:
    """The folder's dataset; `version` names its content (a snapshot's digest) where the caller
    knows it, else the folder's fingerprint does."""
    tables = {
        n: read_table(folder, n)
        for n in ("island_names", "events", "sources", "population", "positions", "story", "translations", "timeline")
    }
    events = tables["events"].sort_values(["date", "id"], kind="stable").reset_index(drop=True)
    return Dataset(
        folder=folder,
        fingerprint=version or fingerprint(folder),
        islands=_layer(folder, "islands"),
        land=_layer(folder, "land"),
        claims=_layer(folder, "claims"),
        maritime=_layer(folder, "maritime"),
        names=tables["island_names"],
        events=events,
        sources=tables["sources"],
        population=tables["population"],
        timeline=tables["timeline"],
        positions=tables["positions"],
        story=_in_order(_with_map_style(tables["story"])),
        translations=tables["translations"],
        history=history_of(tables["timeline"], events, tables["positions"], tables["island_names"]),
    )


# How a chapter's map is drawn (story.csv `map_style`, an optional column: see datapackage.json).
STATUS_MAP = "status"  # the status map at the chapter's map_date
BEFORE_BORDERS = "before_borders"  # no borders, fills or rings: the chain in one neutral colour, the Ainu's homeland


def _with_map_style(story: pd.DataFrame) -> pd.DataFrame:
    """Every chapter with its `map_style`: STATUS_MAP where the cell is empty or the column is
    missing (a story.csv written before the column existed)."""
    styles = story["map_style"] if "map_style" in story.columns else pd.Series("", index=story.index)
    return story.assign(map_style=styles.where(styles != "", STATUS_MAP))


def _in_order(story: pd.DataFrame) -> pd.DataFrame:
    """Chapters by their `order` number (a string in the CSV: "10" must come after "9")."""
    return story.iloc[story["order"].astype(int).argsort(kind="stable")].reset_index(drop=True)
