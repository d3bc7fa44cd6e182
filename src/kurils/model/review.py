"""What a change to a geodata folder does (`kurils review`, and the app's report on an uploaded file):
the validator's verdict on the head, the rows and features added, removed and changed in each file,
field by field, the islands whose outline moved (areas, largest displacement), the status of the
islands the change touches on the dates it touches, and the sources added or removed.

`compare(base, head)` reads both folders as the validator reads them: regular files directly in the
folder, within its limits, parsed by its bounded parsers. So a head that fails validation, or one
made to hurt, is compared as far as it can be read, and `compare` never raises; what could not be
compared is said in `Review.notes`. Rendering (Markdown, JSON, pictures) is kurils.present.review_report.

Rows are matched by their key: the descriptor's primary key (`id` for most files; `table`, `id`,
`field`, `lang` for translations.csv); timeline.csv has none and is keyed by `island_id` and
`valid_from` (and a row whose `valid_from` moved is matched to the row of the same island and event,
so a moved date reads as a change, not as a row removed and another added); population.csv by
`island_id`, `year` and `who`. A feature's key is its `id`, else `feature N`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import shapely
from pyproj import Transformer

from kurils.model.geometry import area_km2
from kurils.model.timeline import History, Interval
from kurils.model.validate import Problem, geojson_rules, report, tables, validate
from kurils.model.validate import descriptor as descriptor_rules
from kurils.model.validate import files as file_rules
from kurils.model.validate.cross_file import LIST_KEYS, split_list
from kurils.model.validate.limits import MAX_REPORT_LINES
from kurils.model.vocab import valid_day

Key = tuple[str, ...]
T = TypeVar("T")

MAX_FILES = 64  # as kurils.model.snapshot: far more than a geodata folder holds
# Keys of the tables whose descriptor names none (their rows are unique on these: tests/data checks it).
FALLBACK_KEYS: dict[str, Key] = {
    "timeline.csv": ("island_id", "valid_from"),
    "population.csv": ("island_id", "year", "who"),
}
# A timeline row whose key changed (its valid_from moved) is the row of the same island opened by the
# same event, when exactly one row on each side has it.
PAIR_FIELDS: dict[str, Key] = {"timeline.csv": ("island_id", "event_id")}
STATUS_FIELDS = ("controller", "administrator", "claimants")  # as kurils.model.compare.FIELDS
# Outlines are sampled at most this far apart for the displacement (and at most MAX_SAMPLES points).
SAMPLE_STEP_M = 10.0
MAX_SAMPLES = 20_000
AZIMUTHAL = "+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m +no_defs"


# The records a Review is made of.


@dataclass(frozen=True)
class FieldChange:
    """One field of one row: its text before and after (None: the row had no such field)."""

    field: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class Shape:
    """A feature's geometry summarised (no coordinates): its type, its positions, its area if a polygon."""

    kind: str
    positions: int
    area_km2: float | None


@dataclass(frozen=True)
class Displacement:
    """How far an outline moved: the Hausdorff distance between the outlines before and after (km), in an
    azimuthal equidistant projection centred on the feature, and where: a point of one outline (lon, lat)
    and the nearest point of the other."""

    km: float
    before_at: tuple[float, float]
    after_at: tuple[float, float]


@dataclass(frozen=True)
class GeometryChange:
    before: Shape | None  # None: no geometry (null, or a feature that could not be built)
    after: Shape | None
    displacement: Displacement | None  # None when either side has no usable geometry


@dataclass(frozen=True)
class Row:
    """A row or feature added or removed: its key, its fields as text, its geometry summarised."""

    key: Key
    values: dict[str, str]
    shape: Shape | None = None


@dataclass(frozen=True)
class RowChange:
    key: Key  # the base's key
    fields: tuple[FieldChange, ...]
    geometry: GeometryChange | None = None
    new_key: Key | None = None  # the head's key where it differs (a timeline row whose valid_from moved)


@dataclass(frozen=True)
class FileChange:
    """One file that differs. `state`: changed (in both), added (head only), removed (base only).
    `unreadable` names the sides whose copy could not be read as its format (the validator says why);
    their rows are not compared. `kind`: table (CSV), layer (GeoJSON) or other (compared as bytes)."""

    file: str
    kind: str
    state: str
    key_fields: Key = ()
    added: tuple[Row, ...] = ()
    removed: tuple[Row, ...] = ()
    changed: tuple[RowChange, ...] = ()
    columns_added: tuple[str, ...] = ()
    columns_removed: tuple[str, ...] = ()
    unreadable: tuple[str, ...] = ()

    @property
    def rows_differ(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.columns_added or self.columns_removed)


@dataclass(frozen=True)
class IslandChange:
    """An island whose geometry changed (or that was added or removed): areas in km² in the equal-area
    projection islands.geojson's `area_km2` is computed in (kurils.model.geometry.area_km2), and how far
    its outline moved. The shapes (lon/lat, shapely) are for the picture; they are not compared."""

    island_id: str
    name: str
    area_before_km2: float | None
    area_after_km2: float | None
    displacement: Displacement | None
    before: Any = field(default=None, repr=False, compare=False)
    after: Any = field(default=None, repr=False, compare=False)

    @property
    def area_change_km2(self) -> float | None:
        if self.area_before_km2 is None or self.area_after_km2 is None:
            return None
        return self.area_after_km2 - self.area_before_km2

    @property
    def area_change_pct(self) -> float | None:
        change = self.area_change_km2
        if change is None or not self.area_before_km2:
            return None
        return 100 * change / self.area_before_km2


@dataclass(frozen=True)
class Held:
    """An island's interval on a day, as the status engine (kurils.model.timeline.History) gives it."""

    controller: str
    administrator: str
    claimants: tuple[str, ...]
    start: dt.date
    end: dt.date | None
    event_id: str

    @classmethod
    def of(cls, iv: Interval) -> Held:
        return cls(iv.controller, iv.administrator, iv.claimants, iv.start, iv.end, iv.event_id)

    def status(self) -> tuple[str, str, tuple[str, ...]]:
        return self.controller, self.administrator, self.claimants


@dataclass(frozen=True)
class IslandOnDay:
    """One island on one day in both versions (None: no status that day, or no such island)."""

    island_id: str
    name: str
    before: Held | None
    after: Held | None

    @property
    def status_differs(self) -> bool:
        """Holder, administrator or claimants differ, or one version has no status."""
        b, a = self.before, self.after
        return (b is None) != (a is None) or (b is not None and a is not None and b.status() != a.status())

    @property
    def interval_differs(self) -> bool:
        """Anything of the interval differs: its status, its dates or the event that opened it."""
        return self.before != self.after


@dataclass(frozen=True)
class Touch:
    """Why a day is checked: a row of `file` (`how`: added, removed, changed) begins or ends on it."""

    file: str
    key: Key
    how: str


@dataclass(frozen=True)
class DateCheck:
    day: dt.date
    why: tuple[Touch, ...]
    islands: tuple[IslandOnDay, ...]  # every island the change touches, north to south

    @property
    def differing(self) -> tuple[IslandOnDay, ...]:
        return tuple(i for i in self.islands if i.interval_differs)

    @property
    def same(self) -> tuple[IslandOnDay, ...]:
        return tuple(i for i in self.islands if not i.interval_differs)


@dataclass(frozen=True)
class SourceEntry:
    """A source added or removed, with the head's rows that cite it (for a removed one: still cite it)."""

    id: str
    title: str
    publisher: str
    cited_by: tuple[tuple[str, Key], ...] = ()


@dataclass(frozen=True)
class Review:
    base_label: str
    head_label: str
    problems: int  # how many problems the validator found in the head
    verdict: tuple[str, ...]  # its lines as `kurils validate` prints them (capped as it caps them)
    head_error: str | None  # the head cannot be read at all (then nothing else is compared)
    base_error: str | None
    files: tuple[FileChange, ...]
    islands: tuple[IslandChange, ...]
    dates: tuple[DateCheck, ...]
    sources_added: tuple[SourceEntry, ...]
    sources_removed: tuple[SourceEntry, ...]
    notes: tuple[str, ...]  # what could not be compared, and why

    @property
    def passes(self) -> bool:
        return self.head_error is None and self.problems == 0


# Reading one side, as the validator reads it.


@dataclass(frozen=True)
class _Table:
    header: tuple[str, ...]
    rows: tuple[tuple[Key, dict[str, str]], ...]  # key, values (a short row lacks its last fields)


@dataclass(frozen=True)
class _Feature:
    values: dict[str, str]
    geometry: Any  # the GeoJSON geometry as parsed (dict or None)


@dataclass(frozen=True)
class _Layer:
    fields: tuple[str, ...]
    rows: tuple[tuple[Key, _Feature], ...]


class _Side:
    """One folder: its regular files (read once each, within the validator's limits), parsed on demand."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.error: str | None = None
        self.names: list[str] = []
        self._bytes: dict[str, bytes | None] = {}
        self._parsed: dict[str, _Table | _Layer | None] = {}
        self._budget = file_rules.Budget()
        self.descriptor: dict[str, Any] | None = None
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as e:
            self.error = f"cannot list the folder: {e.strerror or type(e).__name__}"
            return
        if len(entries) > MAX_FILES:
            self.error = f"more than {MAX_FILES} entries in the folder ({len(entries)})"
            return
        for entry in entries:
            try:
                regular = entry.is_file(follow_symlinks=False)
            except OSError:
                regular = False
            if regular and file_rules.unsafe_reason(entry.name) is None:
                self.names.append(entry.name)
        if "datapackage.json" in self.names:
            try:
                self.descriptor, _problems = descriptor_rules.load(folder, file_rules.Budget())
            except Exception:  # the descriptor's loader is guarded; this is the last resort
                self.descriptor = None

    def raw(self, name: str) -> bytes | None:
        if name not in self._bytes:
            data = None
            if name in self.names:
                data, _problems = file_rules.read_bytes(self.folder, name, self._budget)
            self._bytes[name] = data
        return self._bytes[name]

    def text(self, name: str) -> str | None:
        data = self.raw(name)
        if data is None:
            return None
        try:
            return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        except UnicodeDecodeError:
            return None

    def resources(self) -> list[dict[str, Any]]:
        return list(self.descriptor["resources"]) if self.descriptor else []

    def parsed(self, name: str, key_fields: Callable[[str, tuple[str, ...]], Key]) -> _Table | _Layer | None:
        if name not in self._parsed:
            try:
                self._parsed[name] = self._parse(name, key_fields)
            except Exception:  # the parsers are bounded and do not raise; this keeps compare() from it
                self._parsed[name] = None
        return self._parsed[name]

    def _parse(self, name: str, key_fields: Callable[[str, tuple[str, ...]], Key]) -> _Table | _Layer | None:
        text = self.text(name)
        if text is None:
            return None
        if name.endswith(".geojson"):
            data, _problems = geojson_rules.parse(name, text)
            if data is None:
                return None
            features: list[tuple[Key, _Feature]] = []
            fields: dict[str, None] = {}
            for i, feat in enumerate(data["features"]):
                props = feat.get("properties") or {}
                fields.update(dict.fromkeys(props))
                values = {str(k): _as_text(v) for k, v in props.items()}
                features.append(((geojson_rules.feature_label(data, i),), _Feature(values, feat.get("geometry"))))
            return _Layer(tuple(fields), tuple(_unique(features)))
        if name.endswith(".csv"):
            rows, _problems = tables.csv_rows(name, text)
            if not rows:
                return None
            header = tuple(rows[0])
            keys = key_fields(name, header)
            keyed: list[tuple[Key, dict[str, str]]] = []
            for number, cells in enumerate(rows[1:], start=2):
                record = dict(zip(header, cells))
                key = tuple(record.get(k, "") for k in keys) if keys else (f"row {number}",)
                keyed.append((key, record))
            return _Table(header, tuple(_unique(keyed)))
        return None


def _as_text(value: object) -> str:
    """A GeoJSON property as text: strings as they are, null as empty, anything else as JSON."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False)


def _unique(items: list[tuple[Key, T]]) -> list[tuple[Key, T]]:
    """Keys made unique (a repeated key gets `#2`, `#3`: the validator reports the repeat)."""
    seen: dict[Key, int] = {}
    out = []
    for key, item in items:
        seen[key] = seen.get(key, 0) + 1
        out.append(((*key[:-1], f"{key[-1]} #{seen[key]}") if seen[key] > 1 else key, item))
    return out


# Geometry: summaries, areas, the largest displacement.


def _build(geometry: object) -> Any:
    """The shapely geometry of a parsed GeoJSON geometry, or None when there is none or it cannot be built."""
    if not isinstance(geometry, dict):
        return None
    try:
        shape = geojson_rules.build(geometry)
    except Exception:
        return None
    return None if shape is None or shape.is_empty else shape


def _polygonal(shape: Any) -> bool:
    return shape is not None and shape.geom_type in ("Polygon", "MultiPolygon")


def _area(shape: Any) -> float | None:
    try:
        return area_km2(shape) if _polygonal(shape) else None
    except Exception:
        return None


def _shape(shape: Any) -> Shape | None:
    if shape is None:
        return None
    return Shape(shape.geom_type, int(shapely.get_num_coordinates(shape)), _area(shape))


def _outline(shape: Any) -> Any:
    return shape.boundary if _polygonal(shape) else shape


def _pieces(outline: Any) -> Any:
    """The outline as an array of segments (two-point lines) and lone points, for a nearest-piece index."""
    out: list[Any] = []
    for part in shapely.get_parts(outline):
        coords = shapely.get_coordinates(part)
        if len(coords) >= 2:
            out.extend(shapely.linestrings(np.stack([coords[:-1], coords[1:]], axis=1)))
        elif len(coords) == 1:
            out.append(shapely.points(coords[0]))
    return np.array(out, dtype=object)


def _farthest(a: Any, b: Any) -> tuple[float, Any, Any]:
    """The directed Hausdorff distance from outline `a` to outline `b` (metres, projected): `a` sampled
    every SAMPLE_STEP_M (or more sparsely for very long outlines), each sample's distance to the nearest
    segment of `b`. Returns the distance, the farthest sample and its nearest point on `b`."""
    step = max(SAMPLE_STEP_M, float(a.length) / MAX_SAMPLES)
    samples = shapely.points(shapely.get_coordinates(shapely.segmentize(a, step)))
    pieces = _pieces(b)
    (which, nearest), distances = shapely.STRtree(pieces).query_nearest(
        samples, return_distance=True, all_matches=False
    )
    k = int(np.argmax(distances))
    far = samples[which[k]]
    near = shapely.get_coordinates(shapely.shortest_line(far, pieces[nearest[k]]))[1]
    return float(distances[k]), shapely.get_coordinates(far)[0], near


def displacement(before: Any, after: Any) -> Displacement | None:
    """How far the outline moved between two shapes (lon/lat), or None if either is missing: the
    Hausdorff distance between the outlines (a polygon's boundary; a line or point itself), measured
    in an azimuthal equidistant projection centred on the two shapes (at 100 km from the centre its
    scale differs from the ellipsoid's by about 0.01%)."""
    if before is None or after is None:
        return None
    try:
        west, south, east, north = shapely.union(shapely.envelope(before), shapely.envelope(after)).bounds
        local = AZIMUTHAL.format(lat=round((south + north) / 2, 6), lon=round((west + east) / 2, 6))
        there = Transformer.from_crs("EPSG:4326", local, always_xy=True)
        back = Transformer.from_crs(local, "EPSG:4326", always_xy=True)

        def project(shape: Any) -> Any:
            return shapely.transform(shape, lambda xy: np.column_stack(there.transform(xy[:, 0], xy[:, 1])))

        a, b = _outline(project(before)), _outline(project(after))
        ab, a_far, b_near = _farthest(a, b)
        ba, b_far, a_near = _farthest(b, a)
        at, to = (a_far, b_near) if ab >= ba else (a_near, b_far)

        def lonlat(xy: Any) -> tuple[float, float]:
            lon, lat = back.transform(float(xy[0]), float(xy[1]))
            return round(float(lon), 5), round(float(lat), 5)

        return Displacement(max(ab, ba) / 1000, lonlat(at), lonlat(to))
    except Exception:  # a shape GEOS or PROJ cannot take: no displacement, the rest of the review stands
        return None


# Comparing files.


def _changes(before: Mapping[str, str], after: Mapping[str, str], fields: Iterable[str]) -> tuple[FieldChange, ...]:
    return tuple(FieldChange(f, before.get(f), after.get(f)) for f in fields if before.get(f) != after.get(f))


def _ordered(*groups: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(f for g in groups for f in g))


@dataclass
class _Diff:
    """One file's comparison, with the whole rows touched (for the status check and the sources)."""

    change: FileChange
    touched: list[tuple[str, Key, dict[str, str] | None, dict[str, str] | None]]  # how, key, before, after


def _compare_table(name: str, state: str, old: _Table | None, new: _Table | None, keys: Key) -> _Diff:
    old = old or _Table((), ())
    new = new or _Table((), ())
    before, after = dict(old.rows), dict(new.rows)
    fields = _ordered(new.header, old.header)
    removed = [k for k in before if k not in after]
    added = [k for k in after if k not in before]
    touched: list[tuple[str, Key, dict[str, str] | None, dict[str, str] | None]] = []
    changed: list[RowChange] = []
    for k in after:
        if k in before:
            found = _changes(before[k], after[k], fields)
            if found:
                changed.append(RowChange(k, found))
                touched.append(("changed", k, before[k], after[k]))
    pair = PAIR_FIELDS.get(name)
    if pair:
        by_pair_old: dict[Key, list[Key]] = {}
        by_pair_new: dict[Key, list[Key]] = {}
        for k in removed:
            by_pair_old.setdefault(tuple(before[k].get(f, "") for f in pair), []).append(k)
        for k in added:
            by_pair_new.setdefault(tuple(after[k].get(f, "") for f in pair), []).append(k)
        for p, olds in by_pair_old.items():
            news = by_pair_new.get(p, [])
            if len(olds) == 1 and len(news) == 1:
                o, n = olds[0], news[0]
                changed.append(RowChange(o, _changes(before[o], after[n], fields), new_key=n))
                touched.append(("changed", o, before[o], after[n]))
                removed.remove(o)
                added.remove(n)
    touched += [("removed", k, before[k], None) for k in removed]
    touched += [("added", k, None, after[k]) for k in added]
    change = FileChange(
        name,
        "table",
        state,
        keys,
        added=tuple(Row(k, _filled(after[k])) for k in added),
        removed=tuple(Row(k, _filled(before[k])) for k in removed),
        changed=tuple(sorted(changed, key=lambda c: c.key)),
        columns_added=tuple(f for f in new.header if f not in old.header) if old.header else (),
        columns_removed=tuple(f for f in old.header if f not in new.header) if new.header else (),
    )
    return _Diff(change, touched)


def _filled(values: Mapping[str, str]) -> dict[str, str]:
    return {k: v for k, v in values.items() if v != ""}


def _same_shape(before: object, after: object) -> bool:
    """The same positions in another order only (rings started elsewhere, parts or holes reordered, as
    `kurils fmt` writes them): not a change a reviewer needs to see."""
    old, new = _build(before), _build(after)
    if old is None or new is None:
        return False
    try:
        return bool(shapely.equals_exact(shapely.normalize(old), shapely.normalize(new), tolerance=0))
    except shapely.errors.GEOSException:
        return False


def _compare_layer(name: str, state: str, old: _Layer | None, new: _Layer | None) -> tuple[_Diff, dict[Key, Any]]:
    """The layer's rows compared like a table's, plus its geometry; returns the diff and, by key, the
    shapes before and after of every feature whose geometry changed (or that was added or removed)."""
    old = old or _Layer((), ())
    new = new or _Layer((), ())
    before, after = dict(old.rows), dict(new.rows)
    fields = _ordered(new.fields, old.fields)
    touched: list[tuple[str, Key, dict[str, str] | None, dict[str, str] | None]] = []
    changed: list[RowChange] = []
    moved: dict[Key, Any] = {}
    for k, feat in after.items():
        if k not in before:
            continue
        found = _changes(before[k].values, feat.values, fields)
        geometry = None
        if before[k].geometry != feat.geometry and not _same_shape(before[k].geometry, feat.geometry):
            old_shape, new_shape = _build(before[k].geometry), _build(feat.geometry)
            geometry = GeometryChange(_shape(old_shape), _shape(new_shape), displacement(old_shape, new_shape))
            moved[k] = (old_shape, new_shape, geometry.displacement)
        if found or geometry:
            changed.append(RowChange(k, found, geometry))
            touched.append(("changed", k, before[k].values, feat.values))
    added = [k for k in after if k not in before]
    removed = [k for k in before if k not in after]
    for k in added:
        moved[k] = (None, _build(after[k].geometry), None)
        touched.append(("added", k, None, after[k].values))
    for k in removed:
        moved[k] = (_build(before[k].geometry), None, None)
        touched.append(("removed", k, before[k].values, None))
    change = FileChange(
        name,
        "layer",
        state,
        ("id",),
        added=tuple(Row(k, _filled(after[k].values), _shape(moved[k][1])) for k in added),
        removed=tuple(Row(k, _filled(before[k].values), _shape(moved[k][0])) for k in removed),
        changed=tuple(sorted(changed, key=lambda c: c.key)),
    )
    return _Diff(change, touched), moved


# The status of the islands on the days the change touches.


def _history(side: _Side, parse: Callable[[str], _Table | _Layer | None]) -> tuple[History | None, str | None]:
    """The status engine of one side, or None and why not."""
    if side.error is not None:
        return None, side.error
    found = {n: parse(f"{n}.csv") for n in ("timeline", "events", "positions", "island_names")}
    timeline = found["timeline"]
    if not isinstance(timeline, _Table):
        return None, "timeline.csv could not be read"

    def records(t: _Table | _Layer | None) -> list[dict[str, str]]:
        return [values for _key, values in t.rows] if isinstance(t, _Table) else []

    names = {r.get("id", ""): r.get("name_en", "") for r in records(found["island_names"])}
    try:
        return History(records(timeline), records(found["events"]), records(found["positions"]), names), None
    except Exception as e:  # a date that is not a date, a missing column: the validator says which
        return None, f"its status engine could not be built ({type(e).__name__}; the validator says where)"


def _held(history: History | None, island_id: str, day: dt.date) -> Held | None:
    if history is None or island_id not in history.intervals:
        return None
    try:
        return Held.of(history.interval_at(island_id, day))
    except ValueError:
        return None


def _day(text: str | None, today: dt.date) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(text or "")
    except ValueError:
        return None
    return day if valid_day(day, today) else None


def _date_checks(
    timeline: list[tuple[str, Key, dict[str, str] | None, dict[str, str] | None]],
    events: list[tuple[str, Key, dict[str, str] | None, dict[str, str] | None]],
    histories: tuple[History | None, History | None],
    names: Mapping[str, str],
    chain: Callable[[str], tuple[float, str]],
) -> tuple[DateCheck, ...]:
    """For each day a changed, added or removed timeline interval or event begins or ends on, every island
    those rows name, in both versions."""
    today = dt.date.today()
    why: dict[dt.date, list[Touch]] = {}
    islands: set[str] = set()
    everyone = {i for h in histories if h is not None for i in h.intervals}
    for file, touched, date_fields in (
        ("timeline.csv", timeline, ("valid_from", "valid_to")),
        ("events.csv", events, ("date",)),
    ):
        for how, key, before, after in touched:
            for row in (before, after):
                if row is None:
                    continue
                if file == "timeline.csv":
                    islands.add(row.get("island_id", ""))
                else:
                    ids = split_list(row.get("island_ids", ""))
                    islands.update(everyone if "all" in ids else ids)
                for f in date_fields:
                    day = _day(row.get(f), today)
                    if day is not None and Touch(file, key, how) not in why.setdefault(day, []):
                        why[day].append(Touch(file, key, how))
    order = sorted((i for i in islands if i), key=chain)
    base, head = histories
    return tuple(
        DateCheck(
            day,
            tuple(why[day]),
            tuple(IslandOnDay(i, names.get(i, i), _held(base, i, day), _held(head, i, day)) for i in order),
        )
        for day in sorted(why)
    )


# Sources.


def _citing(rows: Iterable[tuple[str, Key, Mapping[str, str]]]) -> dict[str, list[tuple[str, Key]]]:
    """source id -> (file, key) of every row citing it (LIST_KEYS's source columns)."""
    columns = [c for c, target in LIST_KEYS.items() if target == "sources"]
    out: dict[str, list[tuple[str, Key]]] = {}
    for file, key, values in rows:
        for c in columns:
            for source in split_list(values.get(c, "")):
                if (file, key) not in out.setdefault(source, []):
                    out[source].append((file, key))
    return out


# The review.


def compare(
    base: Path,
    head: Path,
    *,
    base_label: str | None = None,
    head_label: str | None = None,
    problems: list[Problem] | None = None,
) -> Review:
    """What changed from the geodata folder `base` to `head`. Never raises: a head that fails validation
    is compared as far as it can be read; one that cannot be read at all gives a Review saying so.
    `problems`: the validator's problems of `head` where the caller already has them (else it runs)."""
    base, head = Path(base), Path(head)
    found = validate(head) if problems is None else problems
    b, h = _Side(base), _Side(head)
    labels = (base_label or file_rules.folder_label(base), head_label or file_rules.folder_label(head))
    verdict = tuple(report(found, MAX_REPORT_LINES))
    if h.error is not None or b.error is not None:
        return Review(*labels, len(found), verdict, h.error, b.error, (), (), (), (), (), ())
    try:
        return _compare(b, h, labels, found)
    except Exception as e:  # every stage is guarded; this is the last resort, as validate()'s
        note = f"The comparison stopped with {type(e).__name__} (a bug to report); the validator's verdict stands."
        return Review(*labels, len(found), verdict, None, None, (), (), (), (), (), (note,))


def _compare(b: _Side, h: _Side, labels: tuple[str, str], found: list[Problem]) -> Review:
    descriptor_keys: dict[str, Key] = {}
    order: list[str] = []
    for side in (b, h):  # the head's keys win: it is the schema the change is checked against
        for res in side.resources():
            pk = res.get("schema", {}).get("primaryKey")
            path = str(res.get("path"))
            if pk:
                descriptor_keys[path] = (pk,) if isinstance(pk, str) else tuple(pk)
            if path not in order:
                order.append(path)

    def key_fields(name: str, header: tuple[str, ...]) -> Key:
        keys = descriptor_keys.get(name) or FALLBACK_KEYS.get(name) or (("id",) if "id" in header else header)
        return keys if all(k in header for k in keys) else ()

    def rank(name: str) -> tuple[int, str]:
        return (order.index(name) if name in order else len(order), name)

    names = sorted(set(b.names) | set(h.names), key=rank)
    diffs: dict[str, _Diff] = {}
    moved: dict[Key, Any] = {}
    notes: list[str] = []
    for name in names:
        if name in b.names and name in h.names:
            old_bytes, new_bytes = b.raw(name), h.raw(name)
            if old_bytes is not None and old_bytes == new_bytes:
                continue
            state = "changed"
        else:
            state = "added" if name in h.names else "removed"
        old = b.parsed(name, key_fields) if state != "added" else None
        new = h.parsed(name, key_fields) if state != "removed" else None
        unreadable = tuple(
            side
            for side, there, got in (("base", state != "added", old), ("head", state != "removed", new))
            if there and got is None
        )
        if unreadable or not name.endswith((".csv", ".geojson")):
            kind = "table" if name.endswith(".csv") else "layer" if name.endswith(".geojson") else "other"
            diffs[name] = _Diff(FileChange(name, kind, state, unreadable=unreadable if kind != "other" else ()), [])
            continue
        if isinstance(old, _Layer) or isinstance(new, _Layer):
            old_layer = old if isinstance(old, _Layer) else None
            new_layer = new if isinstance(new, _Layer) else None
            diffs[name], shapes = _compare_layer(name, state, old_layer, new_layer)
            if name == "islands.geojson":
                moved = shapes
        else:
            old_table = old if isinstance(old, _Table) else None
            new_table = new if isinstance(new, _Table) else None
            keys = key_fields(name, (new_table or old_table or _Table((), ())).header)
            diffs[name] = _compare_table(name, state, old_table, new_table, keys)

    def parse_head(name: str) -> _Table | _Layer | None:
        return h.parsed(name, key_fields)

    def parse_base(name: str) -> _Table | _Layer | None:
        return b.parsed(name, key_fields)

    # Island names and the chain's order (north to south by label point), the head's first.
    names_of: dict[str, str] = {}
    lat_of: dict[str, float] = {}
    for parse in (parse_base, parse_head):
        table = parse("island_names.csv")
        for _key, r in table.rows if isinstance(table, _Table) else ():
            names_of[r.get("id", "")] = r.get("name_en", "") or r.get("id", "")
            with contextlib.suppress(ValueError):
                lat_of[r.get("id", "")] = float(r.get("label_lat", ""))

    def chain(island_id: str) -> tuple[float, str]:
        return (-lat_of.get(island_id, -90.0), island_id)

    islands = tuple(
        IslandChange(
            key[0],
            names_of.get(key[0], key[0]),
            _area(before),
            _area(after),
            shift,
            before,
            after,
        )
        for key, (before, after, shift) in sorted(moved.items(), key=lambda kv: chain(kv[0][0]))
    )

    base_history, why_not = _history(b, parse_base)
    if why_not and ("timeline.csv" in diffs or "events.csv" in diffs):
        notes.append(f"The base's status could not be computed: {why_not}.")
    head_history, why_not = _history(h, parse_head)
    if why_not and ("timeline.csv" in diffs or "events.csv" in diffs):
        notes.append(f"The head's status could not be computed: {why_not}.")
    dates = _date_checks(
        diffs["timeline.csv"].touched if "timeline.csv" in diffs else [],
        diffs["events.csv"].touched if "events.csv" in diffs else [],
        (base_history, head_history),
        names_of,
        chain,
    )

    sources_added: tuple[SourceEntry, ...] = ()
    sources_removed: tuple[SourceEntry, ...] = ()
    if "sources.csv" in diffs:
        rows: list[tuple[str, Key, Mapping[str, str]]] = []
        for name in h.names:
            parsed = parse_head(name) if name.endswith((".csv", ".geojson")) else None
            if isinstance(parsed, _Table):
                rows += [(name, k, v) for k, v in parsed.rows]
            elif isinstance(parsed, _Layer):
                rows += [(name, k, f.values) for k, f in parsed.rows]
        cited = _citing(rows)

        def entry(r: Row) -> SourceEntry:
            sid = r.values.get("id", r.key[0])
            return SourceEntry(sid, r.values.get("title", ""), r.values.get("publisher", ""), tuple(cited.get(sid, ())))

        sources = diffs["sources.csv"].change
        sources_added = tuple(entry(r) for r in sources.added)
        sources_removed = tuple(entry(r) for r in sources.removed)
        if sources.unreadable:
            notes.append(f"sources.csv: the {' and the '.join(sources.unreadable)} copy could not be read.")

    return Review(
        *labels,
        len(found),
        tuple(report(found, MAX_REPORT_LINES)),
        None,
        None,
        tuple(d.change for d in diffs.values()),
        islands,
        dates,
        sources_added,
        sources_removed,
        tuple(notes),
    )
