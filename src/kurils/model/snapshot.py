"""One read of a geodata folder: the bytes of its regular files, taken once and named by their
content. The app validates a private copy of these bytes and loads the dataset from that same
copy, so what a visitor sees is exactly what passed validation, whatever happens to the folder
meanwhile (a file swapped, deleted or made unreadable), and nothing outside the folder is read.

Only regular files directly in the folder are taken (symlinks, devices, FIFOs and directories are
left out unopened, by name, so the validator can say why a resource is missing)."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from kurils.model.validate.files import Budget, read_bytes

MAX_FILES = 64  # the atlas has 14 data files; anything far beyond is not a geodata folder


class FolderError(Exception):
    """The folder cannot be read as a geodata folder (missing, unreadable, too large)."""


@dataclass(frozen=True)
class Snapshot:
    files: Mapping[str, bytes]  # file name -> bytes, regular files only
    left_out: tuple[str, ...]  # names in the folder that are not regular files (not opened)
    digest: str  # SHA-256 over the names and the bytes

    def write_copy(self, root: Path) -> Path:
        """The files in `root/<digest>/`, written once (atomically) and then only read."""
        target = root / self.digest
        if target.is_dir():
            return target
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".incoming-", dir=root))
        for name, data in self.files.items():
            (tmp / name).write_bytes(data)
        try:
            tmp.rename(target)
        except OSError:  # another thread wrote the same copy first: same bytes, keep theirs
            shutil.rmtree(tmp, ignore_errors=True)
        return target


def change_key(folder: Path) -> str:
    """Names, sizes, times, modes and inodes of the folder's entries: a cheap test of "has anything
    changed since", run on every page run (the bytes are read only when it changes)."""
    h = hashlib.sha256(str(folder).encode())
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as e:
        return f"unreadable:{type(e).__name__}"
    for entry in entries:
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        h.update(f"{entry.name}:{st.st_size}:{st.st_mtime_ns}:{st.st_mode}:{st.st_ino};".encode())
    return h.hexdigest()


def take(folder: Path) -> Snapshot:
    """Read every regular file directly in `folder` once, as the validator reads a file
    (validate.files.read_bytes: no link followed, within the same size limits). Raises FolderError
    when the folder cannot be read or holds more than a geodata folder may."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as e:
        raise FolderError(f"cannot list the folder: {e.strerror or type(e).__name__}") from None
    if len(entries) > MAX_FILES:
        raise FolderError(f"more than {MAX_FILES} entries in the folder ({len(entries)})")
    files: dict[str, bytes] = {}
    left_out = []
    budget = Budget()
    for entry in entries:
        data, problems = read_bytes(folder, entry.name, budget)
        if data is not None:
            files[entry.name] = data
        elif all(p.code in ("not-a-regular-file", "unsafe-path") for p in problems):
            left_out.append(entry.name)  # never opened; the validator says why if the descriptor names it
        else:
            raise FolderError(f"{entry.name}: {problems[0].message}")
    return of_files(files, tuple(left_out))


def of_files(files: Mapping[str, bytes], left_out: tuple[str, ...] = ()) -> Snapshot:
    """A snapshot of files already in memory (e.g. a served version with one file replaced by an
    upload), named by the same digest `take` gives the same files."""
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return Snapshot(MappingProxyType(dict(files)), left_out, h.hexdigest())
