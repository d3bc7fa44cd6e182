"""The story's chapters: which one a link asks for."""

from __future__ import annotations

from kurils.present.urlstate import MAX_PARAM_CHARS, inert


def parse_chapter(value: str | None, ids: list[str]) -> tuple[int, str | None]:
    """The chapter index a `?chapter=` value names (its number from 1, or its id), and the inert
    bad value when it names none (then the first chapter)."""
    if value is None or value == "":
        return 0, None
    text = value.strip()
    if len(text) <= MAX_PARAM_CHARS:
        if text.isdigit() and text.isascii() and 1 <= int(text) <= len(ids):
            return int(text) - 1, None
        if text in ids:
            return ids.index(text), None
    return 0, inert(value)
