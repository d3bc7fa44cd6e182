"""Checks on a file as bytes, before any parsing: present, size, UTF-8, BOM, line endings, and
characters that hide text (control characters, bidirectional overrides)."""

from __future__ import annotations

from pathlib import Path

from kurils.model.validate.problems import NO_FIELD, WHOLE_FILE, Problem

MAX_BYTES = 16 * 1024 * 1024  # far above any real layer; stops a pasted raster or a runaway export


def read_text(path: Path) -> tuple[str | None, list[Problem]]:
    """The file's text, or None when it cannot be read as UTF-8; with every byte-level problem."""
    name = path.name
    if not path.is_file():
        return None, [
            Problem(name, WHOLE_FILE, NO_FIELD, "missing-file", "file not found in the folder", str(path.parent))
        ]
    size = path.stat().st_size
    if size > MAX_BYTES:
        return None, [Problem(name, WHOLE_FILE, NO_FIELD, "file-too-large", f"more than {MAX_BYTES} bytes", str(size))]
    raw = path.read_bytes()
    problems = []
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(
            Problem(name, WHOLE_FILE, NO_FIELD, "bom", "file starts with a UTF-8 byte-order mark", "EF BB BF")
        )
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        bad = raw[e.start : e.start + 4].hex(" ")
        return None, problems + [Problem(name, f"line {line}", NO_FIELD, "not-utf8", "file is not valid UTF-8", bad)]
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        problems.append(Problem(name, f"line {line}", NO_FIELD, "crlf", "line endings must be LF only", "\\r"))
    problems += _invisible_characters(name, text)
    if text and not text.endswith("\n"):
        problems.append(
            Problem(name, WHOLE_FILE, NO_FIELD, "no-final-newline", "file must end with one newline", text[-20:])
        )
    return text, problems


# C0 controls other than tab and newline (NUL and friends), DEL, and the bidirectional embeddings,
# overrides and isolates that can make text display differently from what it is ("Trojan Source").
HIDDEN = (
    {chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)}
    | {"\x7f"}
    | {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
)


def _invisible_characters(name: str, text: str) -> list[Problem]:
    """One problem per line that holds a hidden character (first one named by its code point)."""
    out = []
    for number, line in enumerate(text.split("\n"), start=1):
        found = next((c for c in line if c in HIDDEN), None)
        if found is not None:
            code = "control-character" if ord(found) < 0x80 else "bidi-control"
            out.append(
                Problem(
                    name,
                    f"line {number}",
                    NO_FIELD,
                    code,
                    "a character that does not show, or reorders the text",
                    f"U+{ord(found):04X}",
                )
            )
    return out
