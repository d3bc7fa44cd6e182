"""Load the geodata folder for the app and the commands (geopandas via pyogrio, pandas)."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import geopandas as gpd
import pandas as pd


def read_layer(folder: Path, name: str) -> gpd.GeoDataFrame:
    """A GeoJSON layer as a GeoDataFrame in EPSG:4326; ISO dates stay strings."""
    return gpd.read_file(folder / f"{name}.geojson", engine="pyogrio", datetime_as_string=True)


def read_table(folder: Path, name: str) -> pd.DataFrame:
    """A CSV table with every cell as a string ('' for empty), so ids and dates are not reinterpreted."""
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False, encoding="utf-8")


def rows(table: pd.DataFrame) -> list[dict[str, str]]:
    """A table read by read_table as row dicts (every cell a string)."""
    return cast(list[dict[str, str]], table.to_dict("records"))
