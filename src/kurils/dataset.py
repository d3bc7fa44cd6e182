"""The geodata folder loaded as one object, with a fingerprint that changes when any file changes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from .io import read_layer


@dataclass(frozen=True)
class Dataset:
    folder: Path
    islands: gpd.GeoDataFrame
    land: gpd.GeoDataFrame


def fingerprint(folder: Path) -> str:
    """Names, sizes and modification times of the folder's files: a cheap cache key."""
    h = hashlib.sha256(str(folder).encode())
    for path in sorted(folder.glob("*")):
        if path.is_file():
            st = path.stat()
            h.update(f"{path.name}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()


def load(folder: Path) -> Dataset:
    islands = read_layer(folder, "islands").sort_values("id", kind="stable").reset_index(drop=True)
    land = read_layer(folder, "land").sort_values("id", kind="stable").reset_index(drop=True)
    return Dataset(folder, islands, land)
