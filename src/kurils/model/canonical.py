"""The canonical form of the files of a geodata folder: what `kurils fmt` writes and the builders write.

One text per content, so that a pull request diffs cleanly and any valid reordering of a file (rows,
features, columns or properties shuffled, rings rotated or reversed, CRLF line endings, a BOM) comes
back byte for byte. Every file: UTF-8 without BOM, LF line endings, one final newline.

GeoJSON layers (islands, land, claims, maritime and any other `geojson` resource):
- the layout geojson_io has always written: `{`, `"type": "FeatureCollection",`, `"metadata": {…},`
  (keys sorted), any other member of the collection (sorted by name), `"features": [`, one feature
  per line (`", "` and `": "` separators, non-ASCII as is), `]`, `}`;
- features sorted by `properties.id` (the validator's `not-sorted` rule; a feature without an id first),
  features with the same id by their text;
- in a feature: `type`, `id`, `bbox`, `properties`, `geometry`, then any other member by name; the
  properties in the order of the layer's schema in datapackage.json, then any others by name;
- coordinates rounded to geojson_io.DECIMALS (-0.0 written 0.0);
- polygons (Polygon, MultiPolygon) in RFC 7946 winding: outer rings counter-clockwise, holes clockwise;
  each closed ring starts at its easternmost position (the southernmost of equals); holes, and the
  polygons of a MultiPolygon, sorted by their coordinates (by the longitude, then the latitude, of
  their start: west to east).
  Lines and points keep their order and direction: a line's direction may mean something.

CSV tables: the columns in the order of the schema (an optional column the file leaves out stays out;
a column the schema does not have goes last, by name), QUOTE_MINIMAL quoting, blank lines dropped, and
the rows in the order of ROW_ORDER, which is the order the app already reads them in (so formatting
changes no behaviour), rows with equal keys in the order of their cells (deterministic, whatever the
order they came in):
- island_names: north to south by `label_lat` (Dataset.chain's order), then `id`;
- events: `date`, then `id` (Dataset.load's order; History breaks same-day ties by id too);
- timeline: `island_id`, then `valid_from` (History's intervals);
- positions: `pov`, then `valid_from`, then `id` (History.position_at takes the first in force);
- population: `island_id`, then `year` (as a number), then `who`;
- story: `order` (as a number, Dataset._in_order), then `id`;
- sources: `id`; translations: `table`, `id`, `field`, `lang`; unreliable_domains: `domain`;
- any other table: its primary key, else the whole row.

Everything here is a pure function of text, except format_folder, which reads and writes a folder.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import json
import math
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kurils.model.geojson_io import DECIMALS, StrictJSONError, loads_strict

if TYPE_CHECKING:
    from kurils.model.validate.problems import Problem

BOM = "\ufeff"


class FormatError(ValueError):
    """A file that cannot be put in canonical form (it cannot be read as its format); the message is one line."""


# --- text --------------------------------------------------------------------------------------------


def _lf(text: str) -> str:
    """Without a leading BOM, with LF line endings (CRLF and lone CR both become LF)."""
    return text.removeprefix(BOM).replace("\r\n", "\n").replace("\r", "\n")


# --- GeoJSON geometry ----------------------------------------------------------------------------------

Position = list[float]
Ring = list[Position]


def _position(value: Any) -> Position:
    """A position with each number rounded to DECIMALS (-0.0 written 0.0)."""
    if (type(value) is not list and type(value) is not tuple) or len(value) < 2:
        raise FormatError(f"not a position: {_short(value)}")
    out = []
    for v in value:
        if type(v) is not float and type(v) is not int:  # JSON's true and false are bools, not numbers
            raise FormatError(f"not a position: {_short(value)}")
        rounded = round(float(v), DECIMALS)
        out.append(rounded if rounded else 0.0)
    return out


def _positions(value: Any) -> list[Position]:
    if type(value) is not list and type(value) is not tuple:
        raise FormatError(f"not a list of positions: {_short(value)}")
    return [_position(p) for p in value]


def _lists(value: Any) -> list[Any]:
    if type(value) is not list and type(value) is not tuple:
        raise FormatError(f"not a list: {_short(value)}")
    return list(value)


def _start_key(position: Position) -> tuple[float, list[float]]:
    """A ring starts at the position with the smallest key: the easternmost, the southernmost of equals."""
    return (-position[0], position[1:])


def _ring_key(ring: Ring) -> list[tuple[float, list[float]]]:
    return [_start_key(p) for p in ring]


def _twice_area(ring: Ring) -> float:
    """The shoelace sum (positive: counter-clockwise), exactly rounded: the same for every rotation of
    the ring, and exactly negated for the reversed ring, so its sign never depends on where a ring starts."""
    return math.fsum(p[0] * q[1] - q[0] * p[1] for p, q in itertools.pairwise(ring))


def _least_rotation(keys: list[tuple[float, list[float]]]) -> int:
    """Where the least rotation of `keys` starts (Booth's algorithm: linear, whatever repeats in them)."""
    doubled = keys + keys
    fail = [-1] * len(doubled)
    k = 0
    for j in range(1, len(doubled)):
        key = doubled[j]
        i = fail[j - k - 1]
        while i != -1 and key != doubled[k + i + 1]:
            if key < doubled[k + i + 1]:
                k = j - i - 1
            i = fail[i]
        if key != doubled[k + i + 1]:  # here i == -1
            if key < doubled[k]:
                k = j
            fail[j - k] = -1
        else:
            fail[j - k] = i + 1
    return k


def _rotated(ring: Ring) -> Ring:
    """A closed ring started at its smallest position (of several equal ones, the rotation that reads least)."""
    body = ring[:-1]
    keys = [_start_key(p) for p in body]
    least = min(keys)
    first = keys.index(least)
    start = first if keys.count(least) == 1 else _least_rotation(keys)
    best = body[start:] + body[:start]
    return best + [best[0]]


def canonical_ring(ring: Ring, outer: bool) -> Ring:
    """A ring (positions already rounded) counter-clockwise if `outer`, else clockwise, at its canonical
    start. A ring that is not closed is left as it is (the validator says `unclosed-ring`)."""
    if len(ring) < 2 or ring[0] != ring[-1]:
        return ring
    area = _twice_area(ring)
    if area == 0:  # no orientation: the reading that sorts first
        return min(_rotated(ring), _rotated(ring[::-1]), key=_ring_key)
    return _rotated(ring if (area > 0) == outer else ring[::-1])


def _polygon(rings: Any) -> list[Ring]:
    """A polygon's rings canonical: the outer ring, then the holes sorted by their coordinates."""
    rings = [_positions(r) for r in _lists(rings)]
    if not rings:
        return []
    return [canonical_ring(rings[0], outer=True), *sorted(canonical_ring(r, outer=False) for r in rings[1:])]


def canonical_coordinates(kind: str, coordinates: Any) -> Any:
    """The coordinates of a geometry of type `kind` in canonical form (FormatError if they do not nest as
    the type says)."""
    if kind == "Point":
        return _position(coordinates)
    if kind in ("LineString", "MultiPoint"):
        return _positions(coordinates)
    if kind == "MultiLineString":
        return [_positions(line) for line in _lists(coordinates)]
    if kind == "Polygon":
        return _polygon(coordinates)
    if kind == "MultiPolygon":
        return sorted(_polygon(p) for p in _lists(coordinates))
    raise FormatError(f"a geometry of type {_short(kind)}: not one of the types the layers take")


def _ordered(mapping: dict[str, Any], first: Sequence[str]) -> dict[str, Any]:
    """The mapping's members: those named in `first` in that order, then the others by name."""
    head = [k for k in first if k in mapping]
    return {k: mapping[k] for k in head + sorted(k for k in mapping if k not in first)}


def canonical_geometry(geometry: Any) -> Any:
    if geometry is None:
        return None
    if not isinstance(geometry, dict) or "coordinates" not in geometry or not isinstance(geometry.get("type"), str):
        raise FormatError(f"not a GeoJSON geometry: {_short(geometry)}")
    out = _ordered(geometry, ("type", "coordinates"))
    out["coordinates"] = canonical_coordinates(geometry["type"], geometry["coordinates"])
    return out


def canonical_feature(feature: Any, fields: Sequence[str] | None = None) -> dict[str, Any]:
    """A feature in canonical form: its members in order, its geometry canonical, its properties in the
    order of `fields` and then by name (or, without `fields`, in the order they come in)."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise FormatError(f"not a GeoJSON Feature: {_short(feature)}")
    if "properties" not in feature or "geometry" not in feature:
        raise FormatError(f"a Feature without properties or geometry: {_short(feature)}")
    props = feature["properties"]
    if props is not None and not isinstance(props, dict):
        raise FormatError(f"a Feature's properties are not an object: {_short(props)}")
    out = _ordered(feature, ("type", "id", "bbox", "properties", "geometry"))
    out["properties"] = props if props is None or fields is None else _ordered(props, fields)
    out["geometry"] = canonical_geometry(feature["geometry"])
    return out


def _feature_id(feature: dict[str, Any]) -> str:
    return str((feature.get("properties") or {}).get("id", ""))  # as the validator's not-sorted rule reads it


def _dumps(value: Any, sort_keys: bool = False) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "), sort_keys=sort_keys, allow_nan=False)


def _layout(features: list[str], metadata: dict[str, Any] | None, members: dict[str, Any] | None) -> str:
    """The text of a FeatureCollection whose features are already written, one a line, in order."""
    lines = ["{", '"type": "FeatureCollection",']
    if metadata is not None:
        lines.append(f'"metadata": {_dumps(metadata, sort_keys=True)},')
    for name, value in sorted((members or {}).items()):
        lines.append(f"{_dumps(name)}: {_dumps(value, sort_keys=True)},")
    lines.append('"features": [')
    lines.append(",\n".join(features))
    lines.append("]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def collection_text(
    features: Iterable[dict[str, Any]],
    metadata: dict[str, Any] | None = None,
    members: dict[str, Any] | None = None,
) -> str:
    """A FeatureCollection as canonical text: the one writer of the layers (geojson_io.dumps_collection
    for the builders and the exports; geojson_text for `kurils fmt`). Geometry canonical, features sorted
    by id (a stable sort: features with the same id, or none, keep the caller's order); `members` are any
    other members of the collection."""
    done = sorted((canonical_feature(f) for f in features), key=_feature_id)
    return _layout([_dumps(f) for f in done], metadata, members)


def geojson_text(text: str, fields: Sequence[str] = ()) -> str:
    """A GeoJSON layer's text in canonical form; `fields` are its schema's property names, in order."""
    try:
        data = loads_strict(_lf(text))
    except StrictJSONError as e:
        raise FormatError(f"{e} ({_short(e.value)})") from e
    except json.JSONDecodeError as e:
        raise FormatError(f"not JSON: {e.msg} (line {e.lineno}, column {e.colno})") from e
    except RecursionError as e:
        raise FormatError("JSON nested too deeply") from e
    except ValueError as e:  # e.g. an integer of more than 4,300 digits
        raise FormatError(f"cannot be read as JSON ({type(e).__name__})") from e
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise FormatError("not a GeoJSON FeatureCollection")
    if not isinstance(data.get("features"), list):
        raise FormatError("a FeatureCollection without a list of features")
    metadata = data.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise FormatError("the collection's metadata is not an object")
    members = {k: v for k, v in data.items() if k not in ("type", "metadata", "features")}
    try:
        done = [canonical_feature(f, fields) for f in data["features"]]
        # by id, and features with the same id (an error the validator reports) by their text
        written = sorted((_feature_id(f), _dumps(f)) for f in done)
        return _layout([text for _, text in written], metadata, members)
    except FormatError:
        raise
    except (RecursionError, OverflowError, TypeError, ValueError) as e:  # e.g. 1e400 read as infinity
        raise FormatError(f"cannot be written back ({type(e).__name__})") from e


# --- CSV tables ----------------------------------------------------------------------------------------

Row = dict[str, str]
RowKey = Callable[[Row], tuple[Any, ...]]


def _number(cell: str) -> tuple[int, float, str]:
    """A cell that should hold a number, for sorting: numbers first, by value, then any other text."""
    try:
        value = float(cell)
    except ValueError:
        return (1, 0.0, cell)
    return (0, value, "") if math.isfinite(value) else (1, 0.0, cell)


def _north_first(cell: str) -> tuple[int, float, str]:
    rank, value, text = _number(cell)
    return (rank, -value, text)


def _cells(*names: str) -> RowKey:
    return lambda row: tuple(row.get(n, "") for n in names)


# The rows' order in each table (see the module's docstring): the order the app reads them in.
ROW_ORDER: dict[str, RowKey] = {
    "island_names": lambda r: (_north_first(r.get("label_lat", "")), r.get("id", "")),
    "events": _cells("date", "id"),
    "timeline": _cells("island_id", "valid_from"),
    "positions": _cells("pov", "valid_from", "id"),
    "population": lambda r: (r.get("island_id", ""), _number(r.get("year", "")), r.get("who", "")),
    "story": lambda r: (_number(r.get("order", "")), r.get("id", "")),
    "sources": _cells("id"),
    "translations": _cells("table", "id", "field", "lang"),
    "unreliable_domains": _cells("domain"),
}


def row_order(name: str, primary_key: Sequence[str] = ()) -> RowKey:
    """The sort key of table `name`'s rows (before the whole row breaks ties)."""
    return ROW_ORDER.get(name) or _cells(*primary_key)


def csv_text(text: str, fields: Sequence[str], key: RowKey | None = None) -> str:
    """A CSV table's text in canonical form: `fields` are its schema's columns in order, `key` sorts its rows."""
    try:
        rows = [r for r in csv.reader(io.StringIO(_lf(text), newline="")) if r]
    except csv.Error as e:
        raise FormatError(f"not CSV: {e}") from e
    if not rows:
        raise FormatError("no header row")
    header, body = rows[0], rows[1:]
    if len(set(header)) != len(header):
        twice = sorted({h for h in header if header.count(h) > 1})
        raise FormatError(f"a column appears twice in the header: {_short(', '.join(twice))}")
    for number, values in enumerate(body, start=2):
        if len(values) != len(header):
            cells = f"{len(values)} cell{'s' if len(values) != 1 else ''}"
            raise FormatError(f"row {number} has {cells}, the header {len(header)}: not a table fmt can reorder")
    columns = [f for f in fields if f in header] + sorted(h for h in header if h not in fields)
    records = [dict(zip(header, values)) for values in body]
    order = key or (lambda r: ())
    records.sort(key=lambda r: (order(r), [r[c] for c in columns]))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([r[c] for c in columns] for r in records)
    return out.getvalue()


# --- a resource, a folder ------------------------------------------------------------------------------


def resource_text(resource: dict[str, Any], text: str) -> str:
    """The canonical text of a datapackage resource's file (`text` as read, a BOM already removed or not)."""
    schema = resource.get("schema") or {}
    fields = [f["name"] for f in schema.get("fields", []) if isinstance(f, dict) and isinstance(f.get("name"), str)]
    if resource.get("format") == "geojson":
        return geojson_text(text, fields)
    keys = schema.get("primaryKey", [])
    key = row_order(str(resource.get("name", "")), [keys] if isinstance(keys, str) else list(keys))
    return csv_text(text, fields, key)


def _short(value: object) -> str:
    """A value in a message: one line, at most 60 characters."""
    try:
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        text = type(value).__name__
    text = text if text.isprintable() else text.encode("unicode_escape").decode("ascii")
    return text if len(text) <= 60 else text[:59] + "…"


@dataclass
class Outcome:
    """What format_folder did: files it rewrote (or, checking, would rewrite), and files it could not
    format with the one-line reason."""

    changed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def write_atomically(path: Path, data: bytes) -> None:
    """`data` into `path` by a rename: a reader (or a crash) sees the old file or the new one, never half."""
    mode = os.stat(path).st_mode & 0o7777 if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def format_folder(folder: Path, write: bool = True) -> Outcome:
    """Every CSV and GeoJSON resource of the folder's datapackage.json in canonical form: rewritten when
    `write`, else only listed. A file that cannot be read or parsed is left as it is, with its reason.
    Files are read as the validator reads them (regular files directly in the folder, within its limits)."""
    from kurils.model.validate import descriptor, files

    outcome = Outcome()
    try:
        desc, problems = descriptor.load(folder)
    except Exception as e:  # not expected (the validator's reader never raises): said, not raised
        outcome.failed.append((descriptor.DESCRIPTOR, f"fmt stopped with {type(e).__name__} (a bug to report)"))
        return outcome
    if desc is None:
        why = _problem_reason(problems[0]) if problems else "cannot be read"
        outcome.failed.append((descriptor.DESCRIPTOR, f"{why}; without it no file was formatted"))
        return outcome
    budget = files.Budget()
    seen: set[str] = set()
    for res in desc["resources"]:
        name = res["path"]
        if name in seen or res.get("format") not in ("csv", "geojson"):
            continue
        seen.add(name)
        raw, problems = files.read_bytes(folder, name, budget)
        if raw is None:
            outcome.failed.append((name, _problem_reason(problems[0]) if problems else "cannot be read"))
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            line = raw[: e.start].count(b"\n") + 1
            outcome.failed.append((name, f"not UTF-8 at line {line}"))
            continue
        try:
            new = resource_text(res, text).encode("utf-8")
        except FormatError as e:
            outcome.failed.append((name, _reason(str(e))))
            continue
        except Exception as e:  # a bug here must not take the other files down, nor write anything
            outcome.failed.append((name, f"fmt stopped with {type(e).__name__} (a bug to report)"))
            continue
        if new == raw:
            continue
        if write:
            try:
                write_atomically(folder / name, new)
            except OSError as e:
                outcome.failed.append((name, f"cannot be written: {e.strerror or type(e).__name__}"))
                continue
        outcome.changed.append(name)
    return outcome


def _reason(text: str) -> str:
    return text if text.isprintable() else text.encode("unicode_escape").decode("ascii")


def _problem_reason(problem: Problem) -> str:
    """A validator Problem as the reason a file was left alone: its code, message and value, one line."""
    where = "" if problem.where == "*" else f"{problem.where}: "
    value = f" ({problem.value})" if problem.value else ""
    return _reason(f"{where}{problem.code}: {problem.message}{value}")
