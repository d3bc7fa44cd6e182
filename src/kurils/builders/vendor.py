"""deck.gl's standalone bundles ship with the code (frontend/vendor/), so `pip install -r
requirements.txt && streamlit run app.py` draws the map with no network at run time. The lock
file beside them (deck.gl.lock.json) is their one record: the release, each tarball's integrity as
the npm registry publishes it, and the SHA-512 of every file taken out of those tarballs.

    python -m kurils.builders.vendor --check            the shipped files match the lock (offline)
    python -m kurils.builders.vendor --verify-registry  the lock and the files match the registry
    python -m kurils.builders.vendor --update 9.5.0     move to another release (network)

An update reads the release's integrity from the registry's metadata, downloads each tarball,
refuses it unless it matches, writes the bundles and the lock whole or not at all, and names the
new files in frontend/index.html."""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import re
import sys
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kurils.present.mapview import FRONTEND

FOLDER = FRONTEND / "vendor"
LOCK = FOLDER / "deck.gl.lock.json"
REGISTRY = "https://registry.npmjs.org"
# The core and the standard layers (1.1 MB together; the all-in-one `deck.gl` bundle is 2.1 MB).
PACKAGE_NAMES = ("@deck.gl/core", "@deck.gl/layers")
LICENCE = "LICENSE-deck.gl.txt"
SCRIPT_TAG = re.compile(r'src="vendor/deck\.gl-(core|layers)-[^"/]+\.min\.js"')


_lock = json.loads(LOCK.read_text(encoding="utf-8"))
VERSION: str = _lock["version"]
PACKAGES: dict[str, str] = {name: entry["integrity"] for name, entry in _lock["packages"].items()}


def short(package: str) -> str:
    return package.rsplit("/", 1)[1]


def file_name(package: str, version: str = VERSION) -> str:
    return f"deck.gl-{short(package)}-{version}.min.js"


def target(package: str) -> Path:
    """Where a bundle is kept: frontend/vendor/deck.gl-core-9.4.0.min.js and so on."""
    return FOLDER / file_name(package)


def tarball(package: str, version: str = VERSION) -> str:
    return f"{REGISTRY}/{package}/-/{short(package)}-{version}.tgz"


def digest(blob: bytes, algo: str = "sha512") -> str:
    """An integrity string as npm writes them: sha512-<base64>."""
    return f"{algo}-{base64.b64encode(hashlib.new(algo, blob).digest()).decode()}"


def check(package: str, blob: bytes, integrity: str | None = None) -> None:
    """Refuse a tarball whose integrity is not the pinned one (or `integrity`, during an update)."""
    want = integrity or PACKAGES[package]
    got = digest(blob, want.split("-", 1)[0])
    if got != want:
        raise RuntimeError(f"{package}: integrity {got} is not the pinned {want}")


def check_files() -> list[str]:
    """What is wrong with the shipped files against the lock (nothing: an empty list)."""
    problems = []
    lock = json.loads((FOLDER / LOCK.name).read_text(encoding="utf-8"))
    for package, entry in lock["packages"].items():
        for name, want in {**entry["files"], **entry.get("licence", {})}.items():
            path = FOLDER / name
            if not path.exists():
                problems.append(f"{name}: missing")
            elif digest(path.read_bytes()) != want:
                problems.append(f"{name}: its SHA-512 is not the one the lock records for {package} {lock['version']}")
    return problems


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=120) as response:
        data: bytes = response.read()
        return data


def published_integrity(package: str, version: str) -> str:
    """The integrity the npm registry publishes for a release's tarball."""
    meta = json.loads(_get(f"{REGISTRY}/{package}/{version}"))
    integrity: str = meta["dist"]["integrity"]
    return integrity


@dataclass
class Release:
    version: str
    integrity: dict[str, str]  # package -> the registry's integrity
    bundles: dict[str, bytes]  # package -> dist.min.js
    licence: bytes


def fetch_release(version: str, integrity: dict[str, str] | None = None) -> Release:
    """Download a release's bundles, each tarball checked against `integrity` (by default what the
    registry publishes for it)."""
    wanted = integrity or {p: published_integrity(p, version) for p in PACKAGE_NAMES}
    bundles, licence = {}, b""
    for package in PACKAGE_NAMES:
        blob = _get(tarball(package, version))
        check(package, blob, wanted[package])
        with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
            bundles[package] = _member(tar, "package/dist.min.js")
            licence = _member(tar, "package/LICENSE")
    return Release(version, wanted, bundles, licence)


def _member(tar: tarfile.TarFile, name: str) -> bytes:
    member = tar.extractfile(name)
    if member is None:
        raise ValueError(f"{name} is not a file in the tarball")
    return member.read()


def verify_registry() -> list[str]:
    """The lock's integrity against the registry's metadata, and the shipped files against the
    tarballs downloaded now and checked against it: an empty list when all agree."""
    problems = []
    for package, pinned in PACKAGES.items():
        published = published_integrity(package, VERSION)
        if published != pinned:
            problems.append(f"{package} {VERSION}: the registry publishes {published}, the lock has {pinned}")
    if problems:
        return problems
    release = fetch_release(VERSION, PACKAGES)
    for package, bundle in release.bundles.items():
        if target(package).read_bytes() != bundle:
            problems.append(f"{target(package).name}: not the bytes of {tarball(package)}")
    if (FOLDER / LICENCE).read_bytes() != release.licence:
        problems.append(f"{LICENCE}: not the LICENSE of the tarballs")
    return problems


def _write(path: Path, blob: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(blob)
    tmp.replace(path)


def install(release: Release) -> None:
    """Write a release's bundles, the lock and the page's script tags; remove the old bundles."""
    old = {FOLDER / file_name(p) for p in PACKAGE_NAMES}
    lock: dict[str, Any] = {"version": release.version, "registry": REGISTRY, "packages": {}}
    for package in PACKAGE_NAMES:
        name = file_name(package, release.version)
        _write(FOLDER / name, release.bundles[package])
        lock["packages"][package] = {
            "tarball": tarball(package, release.version),
            "integrity": release.integrity[package],
            "files": {name: digest(release.bundles[package])},
        }
    _write(FOLDER / LICENCE, release.licence)
    lock["packages"][PACKAGE_NAMES[0]]["licence"] = {LICENCE: digest(release.licence)}
    _write(LOCK, (json.dumps(lock, indent=2) + "\n").encode())
    page = FRONTEND / "index.html"
    html = SCRIPT_TAG.sub(lambda m: f'src="vendor/deck.gl-{m[1]}-{release.version}.min.js"', page.read_text("utf-8"))
    _write(page, html.encode())
    for path in old - {FOLDER / file_name(p, release.version) for p in PACKAGE_NAMES}:
        path.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kurils.builders.vendor", description=__doc__.split("\n\n")[0])
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--check", action="store_true", help="the shipped files against the lock (default; offline)")
    what.add_argument("--verify-registry", action="store_true", help="the lock and files against the npm registry")
    what.add_argument("--update", metavar="VERSION", help="install another deck.gl release from the npm registry")
    args = parser.parse_args(argv)
    try:
        if args.update:
            install(fetch_release(args.update))
            print(f"deck.gl {args.update} installed in {FOLDER}; run the tests, then commit the folder and index.html")
            return 0
        problems = verify_registry() if args.verify_registry else check_files()
    except (OSError, RuntimeError, ValueError, KeyError) as exc:
        print(f"deck.gl: {exc}", file=sys.stderr)
        return 1
    for line in problems:
        print(line)
    if not problems:
        print(f"deck.gl {VERSION}: the shipped bundles match the lock" + (" and the registry" * args.verify_registry))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
