"""Read GSHHG shorelines through Debian's `gmt` and turn them into land polygons.

`gmt coast -M` dumps shoreline pieces cut at the 1-degree bins of the GSHHG files, not closed
polygons. We node those pieces with the bin grid, polygonize every face, and ask `gmt select`
(same resolution and area/level filter) which faces are land.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile

import shapely
from shapely.geometry import LineString
from shapely.ops import polygonize, unary_union

# -A0/1/1: keep features of any area, shoreline level 1 only (lakes filled, islands in lakes ignored).
AREA_LEVEL = "-A0/1/1"


class GmtMissing(RuntimeError):
    """Raised when the `gmt` program (Debian package `gmt`) is not installed."""


def _gmt(args: list[str], stdin: str | None = None) -> str:
    exe = shutil.which("gmt")
    if exe is None:
        raise GmtMissing("`gmt` not found: install it with `apt-get install --no-install-recommends gmt`")
    # gmt writes a gmt.history file into its working directory: keep it out of the checkout.
    with tempfile.TemporaryDirectory() as scratch:
        done = subprocess.run([exe, *args], input=stdin, capture_output=True, text=True, check=True, cwd=scratch)
    return done.stdout


def gshhg_version() -> str:
    """The GSHHG version that `gmt coast` reports, e.g. '2.3.7'."""
    exe = shutil.which("gmt")
    if exe is None:
        raise GmtMissing("`gmt` not found")
    with tempfile.TemporaryDirectory() as scratch:
        log = subprocess.run(
            [exe, "coast", "-R150/151/45/46", "-Df", "-M", "-W", "-Vl"],
            capture_output=True,
            text=True,
            check=True,
            cwd=scratch,
        ).stderr
    for line in log.splitlines():
        if "GSHHG version" in line:
            return line.rsplit(" ", 1)[-1].strip()
    raise RuntimeError("gmt did not report a GSHHG version")


def _region(bounds: tuple[int, int, int, int]) -> str:
    west, east, south, north = bounds
    return f"-R{west}/{east}/{south}/{north}"


def _parse_segments(text: str) -> list[LineString]:
    segments: list[LineString] = []
    current: list[tuple[float, float]] = []
    for line in text.splitlines():
        if line.startswith(">"):
            if len(current) > 1:
                segments.append(LineString(current))
            current = []
        elif line.strip():
            x, y = line.split()[:2]
            current.append((float(x), float(y)))
    if len(current) > 1:
        segments.append(LineString(current))
    return segments


def _bin_grid(bounds: tuple[int, int, int, int]) -> list[LineString]:
    west, east, south, north = bounds
    meridians = [LineString([(x, south), (x, north)]) for x in range(west, east + 1)]
    parallels = [LineString([(west, y), (east, y)]) for y in range(south, north + 1)]
    return meridians + parallels


def land_parts(bounds: tuple[int, int, int, int], resolution: str = "f") -> list[shapely.Polygon]:
    """Every land polygon of GSHHG inside `bounds` (west, east, south, north, whole degrees), sorted
    by a stable key so that the same data always gives the same order."""
    region = _region(bounds)
    shore = _parse_segments(_gmt(["coast", region, f"-D{resolution}", AREA_LEVEL, "-M", "-W"]))
    faces = list(polygonize(unary_union(shore + _bin_grid(bounds))))
    probes = "\n".join(f"{p.x:.10f} {p.y:.10f} {i}" for i, p in enumerate(f.representative_point() for f in faces))
    # -Ns/k: skip points in water, keep points on land.
    kept = _gmt(["select", region, f"-D{resolution}", AREA_LEVEL, "-Ns/k"], stdin=probes)
    land = sorted({int(line.split()[2]) for line in kept.splitlines() if line and not line.startswith(">")})
    merged = unary_union([faces[i] for i in land])
    parts = list(getattr(merged, "geoms", [merged]))
    return sorted(parts, key=lambda p: (round(p.bounds[0], 6), round(p.bounds[1], 6), round(p.area, 12)))
