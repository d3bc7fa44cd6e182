"""The data a session sees. One read, one truth: when the geodata folder changes, its regular files
are read once (kurils.model.snapshot), a private copy of those bytes is validated in a subprocess
with a time and memory limit, off the visitors' script threads, and the dataset is loaded from
that same copy. Everything (the last good version, the map's static layer files, downloads) is
keyed by the content's digest. If the folder breaks, visitors keep the last version that passed.

The state lives in this module, not in Streamlit's caches: a client's `clear_cache` message (which
any visitor can send) cannot wipe the last good version."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from kurils.model import dataset, measure, snapshot
from kurils.paths import geodata_dir
from kurils.present import i18n, mapdata, maptext, words

STATIC = Path(__file__).resolve().parents[1] / "static"
COPIES = Path(tempfile.gettempdir()) / "kurils-geodata"  # private copies of validated bytes, by digest
LOADED = "_dataset"  # the session key of the dataset atlas.py loaded for this run
CHECK_SECONDS = 60  # the validator's time limit for one folder (the worst inputs take a few seconds)
CHECK_MEMORY = 1024**3  # and its address-space limit: a hostile folder costs at most this, once
FIRST_WAIT_SECONDS = CHECK_SECONDS + 5  # with no good version yet, a visitor waits for the verdict
REPORT_LINES = 200  # what a visitor is shown of a long report
PRUNE_AFTER_SECONDS = 24 * 3600  # old private copies and layer folders go after a day unused
PREVIEWS_KEPT = 4  # contributors' uploads kept loaded at once (view.preview), each about a dataset's memory
PREVIEW = "_preview"  # the session key of the upload this session previews: (digest, file name)


@dataclass(frozen=True)
class Verdict:
    """What the validator said of one state of the folder."""

    digest: str  # the content checked ("" if the folder could not be read at all)
    problems: tuple[str, ...]  # the report's lines; empty when it passed
    checked: dt.datetime


class _Store:
    """The module's state, shared by every session of this server process, behind one lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.verdicts: dict[str, Verdict] = {}  # folder change key -> verdict
        self.checking: dict[str, threading.Thread] = {}  # folder change key -> the check under way
        self.datasets: dict[str, dataset.Dataset] = {}  # digest -> dataset (the good ones only)
        self.last_good: dict[str, tuple[str, dt.datetime]] = {}  # folder -> (digest, since when)
        self.files: dict[str, dict[str, bytes]] = {}  # digest -> the snapshot's bytes (downloads)
        self.layer_urls: dict[str, dict[str, str]] = {}  # digest -> static layer URLs
        self.previews: dict[str, dataset.Dataset] = {}  # digest -> a contributor's passing upload (view.preview)


STORE = _Store()


# The child limits its own address space before importing anything heavy (a preexec_fn would not be
# safe in this threaded server).
_KURILS = (
    "import resource, sys; resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit})); "
    "from kurils.cli import main; sys.exit(main(sys.argv[1:]))"
)


def run_limited(args: list[str]) -> subprocess.CompletedProcess[str] | None:
    """`kurils ARGS` in a subprocess within CHECK_SECONDS and CHECK_MEMORY: whatever the bytes it reads
    do (time, memory, a crash), it costs that subprocess, not the server. None if it ran out of time."""
    try:
        return subprocess.run(
            [sys.executable, "-c", _KURILS.format(limit=CHECK_MEMORY), *args],
            capture_output=True,
            text=True,
            timeout=CHECK_SECONDS,
        )
    except subprocess.TimeoutExpired:
        return None


def validate_copy(copy: Path, name: str = "geodata") -> tuple[str, ...]:
    """`kurils validate` on a private copy, in a limited subprocess (run_limited). The copy's own
    name and path are replaced by the folder's `name` (a visitor sees no server path)."""
    done = run_limited(["validate", "--all", str(copy)])
    if done is None:
        return (f"datapackage.json:whole file: -: too-slow: the validator took more than {CHECK_SECONDS} s",)
    lines = tuple(
        line.replace(str(copy), name).replace(copy.name, name) for line in done.stdout.splitlines() if line.strip()
    )
    if done.returncode == 0 and not lines:
        return ()
    if done.returncode != 1 or not lines:  # not a report: the validator itself failed (memory, a crash)
        return (f"datapackage.json:whole file: -: validator-failed: the validator stopped (exit {done.returncode})",)
    return lines


def _check(folder: Path, key: str) -> None:
    """Read, validate and (if it passes) load one state of the folder; record the verdict."""
    now = dt.datetime.now(dt.UTC)
    try:
        snap = snapshot.take(folder)
    except snapshot.FolderError as e:
        verdict = Verdict("", (f"datapackage.json:whole file: -: unreadable-folder: {e}",), now)
    else:
        copy = snap.write_copy(COPIES)
        problems = validate_copy(copy, folder.name)
        verdict = Verdict(snap.digest, problems, now)
        if not problems and snap.digest not in STORE.datasets:
            ds = dataset.load(copy, version=snap.digest)
            with STORE.lock:
                STORE.datasets[snap.digest] = ds
                STORE.files[snap.digest] = dict(snap.files)
    with STORE.lock:
        STORE.verdicts[key] = verdict
        STORE.checking.pop(key, None)
        if not verdict.problems:
            previous = STORE.last_good.get(str(folder))
            since = previous[1] if previous and previous[0] == verdict.digest else now
            STORE.last_good[str(folder)] = (verdict.digest, since)
        _forget_old(folder)
    _write_health(folder)


def _forget_old(folder: Path) -> None:
    """Keep what is still served (every folder's last good version, the previews) and drop the rest: datasets,
    bytes, verdicts beyond a few, private copies and static layer folders. Called under the lock."""
    keep = {digest for digest, _ in STORE.last_good.values()} | set(STORE.previews)
    for digest in [d for d in STORE.datasets if d not in keep]:
        del STORE.datasets[digest]
        STORE.files.pop(digest, None)
        STORE.layer_urls.pop(digest, None)
    for key in list(STORE.verdicts)[:-16]:
        del STORE.verdicts[key]
    # Other processes (replicas, a second server) may serve other versions from the same folders:
    # only what has not been written for a day goes.
    for path in (*_stale(COPIES), *_stale(STATIC / "layers")):
        if not any(path.name.startswith(d[:16]) for d in keep):
            shutil.rmtree(path, ignore_errors=True)


def _stale(folder: Path) -> list[Path]:
    cutoff = time.time() - PRUNE_AFTER_SECONDS
    return [p for p in folder.iterdir() if p.is_dir() and p.stat().st_mtime < cutoff] if folder.is_dir() else []


def _verdict(folder: Path) -> Verdict | None:
    """The verdict on the folder as it is now. A change is checked on a thread of its own; a
    visitor waits for it only when there is no good version to show meanwhile."""
    key = snapshot.change_key(folder)
    with STORE.lock:
        if key in STORE.verdicts:
            return STORE.verdicts[key]
        worker = STORE.checking.get(key)
        if worker is None:
            worker = threading.Thread(target=_check, args=(folder, key), name="kurils-validate", daemon=True)
            STORE.checking[key] = worker
            worker.start()
        has_good = str(folder) in STORE.last_good
    if not has_good:
        worker.join(FIRST_WAIT_SECONDS)
    with STORE.lock:
        return STORE.verdicts.get(key)


def wait_for_checks(timeout: float = FIRST_WAIT_SECONDS) -> None:
    """Wait until no check is under way (tests, and the health check after a change)."""
    deadline = time.monotonic() + timeout
    while True:
        with STORE.lock:
            workers = list(STORE.checking.values())
        if not workers or time.monotonic() > deadline:
            return
        for worker in workers:
            worker.join(max(0.0, deadline - time.monotonic()))


def _write_health(folder: Path) -> None:
    """static/health.json, for a load balancer or a person: is there a good version, since when, and
    does the folder pass now. Served by Streamlit at app/static/health.json."""
    with STORE.lock:
        good = STORE.last_good.get(str(folder))
        current = STORE.verdicts.get(snapshot.change_key(folder))
    report = {
        "last_good": good is not None,
        "last_good_since": good[1].isoformat(timespec="seconds") if good else None,
        "folder_validates": None if current is None else not current.problems,
        "problems": None if current is None else len(current.problems),
    }
    STATIC.mkdir(exist_ok=True)
    tmp = STATIC / "health.json.tmp"
    tmp.write_text(json.dumps(report) + "\n", encoding="utf-8")
    tmp.replace(STATIC / "health.json")


def report_lines(problems: tuple[str, ...]) -> str:
    """A report as a visitor sees it: the first lines and a count of the rest."""
    shown = "\n".join(problems[:REPORT_LINES])
    return shown + (f"\n… and {len(problems) - REPORT_LINES} more" if len(problems) > REPORT_LINES else "")


def load_or_report() -> dataset.Dataset:
    """The dataset to serve: the folder's, if it passes; if it is broken now, the last good version
    with the report above it; if it never was good, the report alone."""
    folder = geodata_dir()
    verdict = _verdict(folder)
    last_good = served()
    _ = i18n.gettext(st.session_state.get("lang") or "en")
    if PREVIEW in st.session_state:  # this session previews a contributor's upload (view.preview)
        previewed = preview_dataset(st.session_state[PREVIEW][0])
        if previewed is not None:
            st.session_state[LOADED] = previewed
            return previewed
        del st.session_state[PREVIEW]
        st.info(
            _(
                "Your uploaded file is no longer kept on the server (other contributors' uploads came after it). "
                "Showing the atlas's own data; upload it again to go on."
            )
        )
    if verdict is not None and not verdict.problems and last_good is not None:
        st.session_state[LOADED] = last_good
        return last_good
    if verdict is None:  # a change is being checked
        if last_good is None:
            st.error(_("The geodata is still being checked. Reload in a minute."))
            st.stop()
        st.session_state[LOADED] = last_good
        return last_good
    summary = _("The geodata in {folder} does not pass `kurils validate` ({n} problems).").format(
        folder=folder.name, n=len(verdict.problems)
    )
    if last_good is None:
        st.error(summary + " " + _("Fix them and reload."))
        st.code(report_lines(verdict.problems), language=None)
        st.stop()
    st.warning(summary + " " + _("Showing the last version that passed."))
    with st.expander(_("Validator report")):
        st.code(report_lines(verdict.problems), language=None)
    st.session_state[LOADED] = last_good
    return last_good


def served() -> dataset.Dataset | None:
    """The version the folder's visitors see (the last that passed), whatever this session previews."""
    with STORE.lock:
        good = STORE.last_good.get(str(geodata_dir()))
        return STORE.datasets.get(good[0]) if good else None


def current() -> dataset.Dataset:
    """The dataset atlas.py loaded for this run."""
    ds: dataset.Dataset = st.session_state[LOADED]
    return ds


def dataset_for(digest: str) -> dataset.Dataset:
    """A served dataset by its digest (download makers run on other threads)."""
    with STORE.lock:
        return STORE.datasets.get(digest) or STORE.previews[digest]


def add_preview(ds: dataset.Dataset, files: dict[str, bytes]) -> None:
    """Keep a contributor's passing upload for the sessions previewing it; the oldest beyond
    PREVIEWS_KEPT go (their sessions are told, see `preview_dataset`)."""
    with STORE.lock:
        STORE.previews.pop(ds.fingerprint, None)
        STORE.previews[ds.fingerprint] = ds
        STORE.files[ds.fingerprint] = files
        for digest in list(STORE.previews)[:-PREVIEWS_KEPT]:
            del STORE.previews[digest]
            if digest not in STORE.datasets:
                STORE.files.pop(digest, None)
                STORE.layer_urls.pop(digest, None)


def preview_dataset(digest: str) -> dataset.Dataset | None:
    with STORE.lock:
        return STORE.previews.get(digest)


def files(ds: dataset.Dataset) -> dict[str, bytes]:
    """The bytes the served dataset was validated and loaded from: what downloads offer."""
    with STORE.lock:
        return STORE.files.get(ds.fingerprint, {})


def folder_verdict() -> Verdict | None:
    """The validator's verdict on the folder as it is now (None while it is being checked)."""
    return _verdict(geodata_dir())


def static_urls(ds: dataset.Dataset) -> dict[str, str]:
    """The map's layer files for this version, written once to static/layers/<version>/."""
    with STORE.lock:
        urls = STORE.layer_urls.get(ds.fingerprint)
    if urls is not None:
        return urls
    version = f"{ds.fingerprint[:16]}-{i18n.catalogues_digest()}-v{mapdata.FORMAT}"  # the files hold translations
    target = STATIC / "layers" / version
    target.mkdir(parents=True, exist_ok=True)
    urls = {}
    layers = mapdata.static_layers(ds.history, ds.islands, ds.land, ds.claims, ds.maritime, ds.translate)
    for name, data in {**layers, **maptext.text_files(ds)}.items():
        path = target / name
        if not path.exists():
            # One temporary name per writer: two sessions (or replicas sharing the folder) may write
            # the same file at once, and each must replace it whole.
            tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
            tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            tmp.replace(path)
        # Relative URL: works at the root and behind a reverse proxy's path prefix alike.
        urls[name] = f"app/static/layers/{version}/{name}"
    with STORE.lock:
        STORE.layer_urls[ds.fingerprint] = urls
    return urls


@functools.lru_cache(maxsize=24)
def _island_names(digest: str, lang: str) -> dict[str, str]:
    return dataset_for(digest).island_names(lang)


@functools.lru_cache(maxsize=24)
def _event_labels(digest: str, lang: str) -> dict[str | None, str]:
    return words.event_labels(dataset_for(digest), lang)


@functools.lru_cache(maxsize=256)
def _land_sentence(digest: str, since: dt.date, lang: str) -> str:
    ds = dataset_for(digest)
    return words.area_sentence(measure.areas(ds.history.status_at(since), ds.areas), lang)


def land_sentence(ds: dataset.Dataset, day: dt.date, lang: str) -> str:
    """The land each state holds and claims on `day` (words.area_sentence): the same for every day of a
    status epoch, so made once per epoch and language, not on every move of the map."""
    changes = ds.history.change_dates()
    return _land_sentence(ds.fingerprint, changes[bisect.bisect_right(changes, day) - 1], lang)


def island_names(ds: dataset.Dataset, lang: str) -> dict[str, str]:
    """Island names in the language's script."""
    return _island_names(ds.fingerprint, lang)


def event_labels(ds: dataset.Dataset, lang: str) -> dict[str | None, str]:
    return _event_labels(ds.fingerprint, lang)


@functools.lru_cache(maxsize=8)
def _chain_bounds(digest: str) -> tuple[float, float, float, float]:
    west, south, east, north = (float(v) for v in dataset_for(digest).islands.total_bounds)
    return west, south, east, north


def chain_bounds(ds: dataset.Dataset) -> tuple[float, float, float, float]:
    """West, south, east, north of every island: what the map is fitted to."""
    return _chain_bounds(ds.fingerprint)
