"""Small edits that break one thing in a copy of the tiny geodata fixture."""

from __future__ import annotations

import json
from pathlib import Path


def edit_json(name: str, change):
    def apply(folder: Path):
        path = folder / name
        data = json.loads(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")

    return apply


def edit_text(name: str, old: str, new: str):
    def apply(folder: Path):
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture no longer contains {old!r}"
        path.write_bytes(text.replace(old, new, 1).encode("utf-8"))

    return apply


def write_bytes(name: str, data: bytes):
    def apply(folder: Path):
        (folder / name).write_bytes(data)

    return apply


def prepend_bytes(name: str, prefix: bytes):
    def apply(folder: Path):
        path = folder / name
        path.write_bytes(prefix + path.read_bytes())

    return apply


def add_sources(folder: Path, *urls: str, kind: str = "official", publisher: str = "Publisher") -> list[str]:
    """Append one source per URL to the fixture's sources.csv (src_c, src_d, …: rows 4, 5, …); their ids."""
    path = folder / "sources.csv"
    ids = [f"src_{chr(ord('c') + i)}" for i in range(len(urls))]
    rows = [f"{i},Source,{publisher},{url},2026-11-26,{kind},en,,,,,\n" for i, url in zip(ids, urls)]
    path.write_text(path.read_text(encoding="utf-8") + "".join(rows), encoding="utf-8")
    return ids
