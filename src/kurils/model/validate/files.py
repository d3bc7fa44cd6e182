"""Checks on a file as bytes, before any parsing: a plain name in the folder, a regular file (not a
symbolic link, directory, device or FIFO), readable, present, size, UTF-8, BOM, line endings, and
characters that hide text (control characters, bidirectional overrides).

Only regular files directly inside the folder are opened, each once, without following a symbolic
link (O_NOFOLLOW, then fstat on the open descriptor), and never more bytes than the limits allow.
No problem line holds a path of the server: only the file's own name and the folder's name.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from kurils.model.validate.limits import MAX_BYTES, MAX_FOLDER_BYTES, MAX_LINE_PROBLEMS
from kurils.model.validate.problems import NO_FIELD, RUN_FMT, WHOLE_FILE, Problem

_CHUNK = 1024 * 1024
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


@dataclass
class Budget:
    """Bytes the folder may still hand to the validator (MAX_FOLDER_BYTES for the whole folder)."""

    left: int = field(default_factory=lambda: MAX_FOLDER_BYTES)


def folder_label(folder: Path) -> str:
    """The folder's own name, never its place on the server."""
    return os.path.basename(os.path.abspath(folder)) or "-"


def unsafe_reason(name: object) -> str | None:
    """Why `name` is not a plain file name inside the folder, or None when it is one."""
    if not isinstance(name, str) or not name:
        return "must be a file name"
    if "\x00" in name:
        return "holds a NUL character"
    if os.path.isabs(name) or name.startswith(("/", "\\")):
        return "is an absolute path"
    if ".." in name.replace("\\", "/").split("/"):
        return "goes up out of the folder (..)"
    if "/" in name or "\\" in name or (os.altsep and os.altsep in name):
        return "names a file in another directory; only files directly in the folder are read"
    if name in (".", "..") or name.strip() != name:
        return "must be a file name"
    return None


def _kind(mode: int) -> str | None:
    """What a non-regular file is, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _io_problem(name: str, folder: Path, error: OSError) -> Problem:
    if isinstance(error, (FileNotFoundError, NotADirectoryError)):
        return Problem(name, WHOLE_FILE, NO_FIELD, "missing-file", "file not found in the folder", folder_label(folder))
    reason = error.strerror or type(error).__name__  # strerror holds no path; str(error) would
    return Problem(name, WHOLE_FILE, NO_FIELD, "unreadable-file", f"cannot be read: {reason}", "")


def read_bytes(folder: Path, name: str, budget: Budget | None = None) -> tuple[bytes | None, list[Problem]]:
    """The bytes of the regular file `name` directly in `folder`, or None with the reason."""
    budget = budget if budget is not None else Budget()
    reason = unsafe_reason(name)
    if reason is not None:
        return None, [Problem(str(name)[:80], WHOLE_FILE, NO_FIELD, "unsafe-path", f"the path {reason}", str(name))]
    path = folder / name
    try:
        before = os.lstat(path)
    except OSError as e:
        return None, [_io_problem(name, folder, e)]
    kind = _kind(before.st_mode)
    if kind is not None:
        message = f"{kind}: only regular files inside the folder are read"
        return None, [Problem(name, WHOLE_FILE, NO_FIELD, "not-a-regular-file", message, "")]
    if before.st_size > MAX_BYTES:
        message = f"more than {MAX_BYTES} bytes"
        return None, [Problem(name, WHOLE_FILE, NO_FIELD, "file-too-large", message, str(before.st_size))]
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as e:
        return None, [_io_problem(name, folder, e)]
    try:
        now = os.fstat(fd)
        if not stat.S_ISREG(now.st_mode) or (now.st_dev, now.st_ino) != (before.st_dev, before.st_ino):
            message = "replaced while being read: only regular files inside the folder are read"
            return None, [Problem(name, WHOLE_FILE, NO_FIELD, "not-a-regular-file", message, "")]
        allowed = min(MAX_BYTES, budget.left)
        data = bytearray()
        while len(data) <= allowed:
            chunk = os.read(fd, min(_CHUNK, allowed + 1 - len(data)))
            if not chunk:
                break
            data += chunk
    except OSError as e:
        return None, [_io_problem(name, folder, e)]
    finally:
        os.close(fd)
    if len(data) > MAX_BYTES:
        return None, [Problem(name, WHOLE_FILE, NO_FIELD, "file-too-large", f"more than {MAX_BYTES} bytes", "")]
    if len(data) > budget.left:
        message = f"the folder's files together hold more than {MAX_FOLDER_BYTES} bytes"
        return None, [Problem(name, WHOLE_FILE, NO_FIELD, "folder-too-large", message, "")]
    budget.left -= len(data)
    return bytes(data), []


def read_text(folder: Path, name: str, budget: Budget | None = None) -> tuple[str | None, list[Problem]]:
    """The file's text, or None when it cannot be read as UTF-8; with every byte-level problem."""
    raw, problems = read_bytes(folder, name, budget)
    if raw is None:
        return None, problems
    if raw.startswith(b"\xef\xbb\xbf"):
        message = f"file starts with a UTF-8 byte-order mark; {RUN_FMT}"
        problems.append(Problem(name, WHOLE_FILE, NO_FIELD, "bom", message, "EF BB BF"))
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        bad = raw[e.start : e.start + 4].hex(" ")
        return None, problems + [Problem(name, f"line {line}", NO_FIELD, "not-utf8", "file is not valid UTF-8", bad)]
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        message = f"line endings must be LF only; {RUN_FMT}"
        problems.append(Problem(name, f"line {line}", NO_FIELD, "crlf", message, "\\r"))
    problems += _invisible_characters(name, text)
    if text and not text.endswith("\n"):
        message = f"file must end with one newline; {RUN_FMT}"
        problems.append(Problem(name, WHOLE_FILE, NO_FIELD, "no-final-newline", message, text[-20:]))
    return text, problems


# C0 controls other than tab and newline (NUL and friends), DEL, and the bidirectional embeddings,
# overrides and isolates that can make text display differently from what it is ("Trojan Source").
HIDDEN = (
    {chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)}
    | {"\x7f"}
    | {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
)
_HIDDEN_RE = re.compile("[" + "".join(re.escape(c) for c in sorted(HIDDEN)) + "]")


def _invisible_characters(name: str, text: str) -> list[Problem]:
    """One problem per line that holds a hidden character (first one named by its code point), for
    the first MAX_LINE_PROBLEMS such lines, then one line saying where the next one is (the rest are
    not counted: a file of millions of such lines is reported in constant time). Linear: a regular
    expression finds a line's first one, and the search goes on from the next line."""
    out: list[Problem] = []
    number, counted_to, pos = 1, 0, 0
    while (match := _HIDDEN_RE.search(text, pos)) is not None:
        number += text.count("\n", counted_to, match.start())
        counted_to = match.start()
        found = match.group()
        code = "control-character" if ord(found) < 0x80 else "bidi-control"
        if len(out) == MAX_LINE_PROBLEMS:
            message = f"more lines hold hidden characters; only the first {MAX_LINE_PROBLEMS} are listed"
            out.append(Problem(name, f"line {number}", NO_FIELD, code, message, f"U+{ord(found):04X}"))
            break
        message = "a character that does not show, or reorders the text"
        out.append(Problem(name, f"line {number}", NO_FIELD, code, message, f"U+{ord(found):04X}"))
        end = text.find("\n", match.start())
        if end < 0:
            break
        pos = end + 1
    return out
