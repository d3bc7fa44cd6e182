"""Fetch deck.gl's standalone bundles from the npm registry once, checked against the integrity the
registry published for the pinned release, and keep them beside the map component: the map then
needs no CDN (classrooms without internet). `python -m kurils.builders.vendor` (run by `make`)."""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import tarfile
import urllib.request
from pathlib import Path

from kurils.present.mapview import FRONTEND

VERSION = "9.4.0"
# Two of deck.gl's standalone bundles: the core and the standard layers (1.1 MB together; the
# all-in-one `deck.gl` bundle is 2.1 MB). Integrity: what the npm registry publishes for each tarball.
PACKAGES = {
    "@deck.gl/core": "sha512-0isP+x2eGNxteO7lT650lYO7oiAYXAu4aF1jG+BMi8aKYh38HtPugLq1TlQTravIXzBSi5Oe1oZNuVj8h4ZEjA==",
    "@deck.gl/layers": (
        "sha512-jSL/xje2Ez7DmnP8AAIdhhg6IAtfXMmnXiUAKNgpl/TTaEL+iL5TAnagCdt39H3azmKVcCG33kOlIoWFAuLuRg=="
    ),
}
FOLDER = FRONTEND / "vendor"


def target(package: str) -> Path:
    """Where a bundle is kept: frontend/vendor/deck.gl-core-9.4.0.min.js and so on."""
    return FOLDER / f"deck.gl-{package.rsplit('/', 1)[1]}-{VERSION}.min.js"


def tarball(package: str) -> str:
    return f"https://registry.npmjs.org/{package}/-/{package.rsplit('/', 1)[1]}-{VERSION}.tgz"


def check(package: str, blob: bytes) -> None:
    algo, want = PACKAGES[package].split("-", 1)
    got = base64.b64encode(hashlib.new(algo, blob).digest()).decode()
    if got != want:
        raise RuntimeError(f"{tarball(package)}: integrity {algo}-{got} is not the pinned {PACKAGES[package]}")


def _member(tar: tarfile.TarFile, name: str) -> bytes:
    member = tar.extractfile(name)
    if member is None:
        raise ValueError(f"{name} is not a file in the tarball")
    return member.read()


def fetch(package: str) -> Path:
    path = target(package)
    if path.exists():
        return path
    with urllib.request.urlopen(tarball(package), timeout=120) as response:
        blob = response.read()
    check(package, blob)
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
        script, licence = (_member(tar, name) for name in ("package/dist.min.js", "package/LICENSE"))
    FOLDER.mkdir(parents=True, exist_ok=True)
    (FOLDER / "LICENSE-deck.gl.txt").write_bytes(licence)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(script)
    tmp.replace(path)
    return path


def fetch_all() -> list[Path]:
    return [fetch(package) for package in PACKAGES]


if __name__ == "__main__":
    try:
        print(*fetch_all(), sep="\n")
    except (OSError, RuntimeError) as exc:
        sys.exit(f"could not fetch deck.gl {VERSION}: {exc}")
