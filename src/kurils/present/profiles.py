"""An island's profile: names, areas, population, administrative units, history."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pandas as pd


def admin_units(claims: gpd.GeoDataFrame, island_id: str, day: dt.date) -> dict[str, list[str]]:
    """Administrative units (claims of kind admin) that name the island and are valid on `day`, by party."""
    out: dict[str, list[str]] = {}
    iso = day.isoformat()
    for row in claims[claims["kind"] == "admin"].itertuples():
        if (
            island_id in row.island_ids.split(";")
            and row.valid_from <= iso
            and (not row.valid_to or iso < row.valid_to)
        ):
            out.setdefault(row.party, []).append(row.name_en)
    return out


def population_rows(population: pd.DataFrame, island_id: str) -> pd.DataFrame:
    rows = population[population["island_id"] == island_id].astype({"year": int, "population": int})
    return rows.sort_values("year")[["year", "population", "who", "source_ids", "note"]].reset_index(drop=True)
