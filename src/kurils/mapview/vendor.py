"""Fetch deck.gl's standalone bundle from the npm registry once, checked against the integrity the
registry published for the pinned release, and keep it beside the map component: the map then needs
no CDN (classrooms without internet). `python -m kurils.mapview.vendor` (run by `make`)."""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import tarfile
import urllib.request
from pathlib import Path

PACKAGE, VERSION = "deck.gl", "9.4.0"
TARBALL = f"https://registry.npmjs.org/{PACKAGE}/-/{PACKAGE}-{VERSION}.tgz"
INTEGRITY = "sha512-8q5R1CwUNZUYTZ41BC8l6avRvLIEzT9uceh0PHc6Me74dLlpBvYt92pFLpY25i0HFSg9cRiVuidTXFRpmuZbJg=="
MEMBER = "package/dist.min.js"
TARGET = Path(__file__).parent / "frontend" / "vendor" / f"deck.gl-{VERSION}.min.js"


def check(blob: bytes) -> None:
    algo, want = INTEGRITY.split("-", 1)
    got = base64.b64encode(hashlib.new(algo, blob).digest()).decode()
    if got != want:
        raise RuntimeError(f"{TARBALL}: integrity {algo}-{got} is not the pinned {INTEGRITY}")


def fetch(target: Path = TARGET) -> Path:
    if target.exists():
        return target
    with urllib.request.urlopen(TARBALL, timeout=120) as response:
        blob = response.read()
    check(blob)
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
        script = tar.extractfile(MEMBER).read()
        licence = tar.extractfile("package/LICENSE").read()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.with_name("LICENSE-deck.gl.txt").write_bytes(licence)
    tmp = target.with_suffix(".tmp")
    tmp.write_bytes(script)
    tmp.replace(target)
    return target


if __name__ == "__main__":
    try:
        print(fetch())
    except (OSError, RuntimeError) as exc:
        sys.exit(f"could not fetch deck.gl {VERSION}: {exc}")
