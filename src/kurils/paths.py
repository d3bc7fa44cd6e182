"""Where the geodata lives: $KURILS_GEODATA if set, else the repository's geodata/ folder."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_GEODATA = REPO_ROOT / "geodata"


def geodata_dir() -> Path:
    override = os.environ.get("KURILS_GEODATA", "").strip()
    return Path(override).expanduser().resolve() if override else DEFAULT_GEODATA
