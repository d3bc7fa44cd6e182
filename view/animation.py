"""The map page's "Play as a video": the map from 1855 to today, a slide per event, as an animated GIF
(kurils.present.animation), in the session's language and point of view.

Making it takes a core for about half a minute, so it is made only on a click, by `kurils animate` in a
subprocess of its own (at a lower priority, with a time limit), on a thread that no session's script
waits for: the page stays live, and a small fragment polls until the file is ready. One GIF is made
at a time on this server; each is made once per (data version, range, step, language, point of view)
and kept for every session that asks for the same."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from kurils.model.dataset import Dataset
from kurils.model.vocab import TIMELINE_START
from view import state

BUILD_SECONDS = 600  # the subprocess's time limit (the whole range takes about 35 s on one core)
KEPT = 8  # finished GIFs kept in memory (about 3 MB each)
POLL_SECONDS = 2.0
# The child lowers its own priority before importing anything (a preexec_fn is not safe in a threaded server).
_KURILS = "import os, sys; os.nice(10); from kurils.cli import main; sys.exit(main(sys.argv[1:]))"


@dataclass(frozen=True)
class Key:
    """What one GIF is made of."""

    digest: str  # the data version (Dataset.fingerprint)
    start: dt.date
    end: dt.date
    step: str
    lang: str
    pov: str

    def file_name(self) -> str:
        return f"kurils-{self.start.year}-{self.end.year}-{self.step}-{self.lang}-{self.pov}.gif"


@dataclass
class Build:
    """One GIF: being made until `done` is set, then its bytes, or why it failed."""

    done: threading.Event = field(default_factory=threading.Event)
    gif: bytes | None = None
    failure: str = ""
    started: float = field(default_factory=time.monotonic)


_LOCK = threading.Lock()
_BUILDS: OrderedDict[Key, Build] = OrderedDict()
_ONE_AT_A_TIME = threading.Semaphore(1)  # two cores: a second GIF waits rather than slowing every page


def make_gif(folder: Path, key: Key) -> bytes:
    """`kurils animate` on the validated copy `folder`, in a subprocess; a RuntimeError with its last
    line if it fails."""
    with tempfile.TemporaryDirectory(prefix="kurils-animate-") as tmp:
        out = Path(tmp) / "animation.gif"
        args = ["--from", str(key.start), "--to", str(key.end), "--step", key.step]
        args += ["--lang", key.lang, "--pov", key.pov, "--out", str(out)]
        try:
            done = subprocess.run(
                [sys.executable, "-c", _KURILS, "animate", *args],
                env={**os.environ, "KURILS_GEODATA": str(folder)},
                capture_output=True,
                text=True,
                timeout=BUILD_SECONDS,
            )
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"took more than {BUILD_SECONDS} s") from None
        if done.returncode != 0 or not out.is_file():
            said = done.stderr.strip().splitlines()
            raise RuntimeError(f"exit {done.returncode}: {said[-1] if said else 'no message'}")
        return out.read_bytes()


def _run(folder: Path, key: Key, build: Build) -> None:
    try:
        with _ONE_AT_A_TIME:
            build.gif = make_gif(folder, key)
    except (OSError, RuntimeError) as e:
        build.failure = str(e)
    finally:
        build.done.set()


def start(ds: Dataset, key: Key) -> None:
    """Start building `key` on a thread of its own, unless it is under way or done (a failed one starts again)."""
    with _LOCK:
        build = _BUILDS.get(key)
        if build is not None and not build.failure:
            _BUILDS.move_to_end(key)
            return
        build = Build()
        _BUILDS[key] = build
        threading.Thread(target=_run, args=(ds.folder, key, build), name="kurils-animate", daemon=True).start()
        finished = [k for k, b in _BUILDS.items() if b.done.is_set()]
        for old in finished[: max(0, len(finished) - KEPT)]:
            del _BUILDS[old]


def existing(key: Key) -> Build | None:
    with _LOCK:
        return _BUILDS.get(key)


def default_key(ds: Dataset) -> Key:
    """The whole atlas, a slide per event, as this session reads it."""
    return Key(ds.fingerprint, TIMELINE_START, state.today(), "event", state.lang(), st.session_state["pov"])


def download_button(ds: Dataset) -> None:
    """A button that prepares the GIF; while it is being made, a note that updates itself; then the
    download button."""
    key = default_key(ds)
    _ = state.gettext()
    build = existing(key)
    if build is None or build.failure:
        if build is not None:
            st.caption(_("The animation could not be made. Try again later."))
        st.button(
            _("Prepare the animation (GIF)"),
            icon=":material/movie:",
            key="animation-prepare",
            help=_("The map from 1855 to today, a slide per event, as an animated GIF. It takes about a minute."),
            on_click=start,
            args=(ds, key),
            width="stretch",
        )
    elif not build.done.is_set():
        _progress(key)
    else:
        _download(key, build)


def _download(key: Key, build: Build) -> None:
    _ = state.gettext()
    gif = build.gif or b""
    st.download_button(
        _("Download the animation (GIF)"),
        icon=":material/download:",
        key="animation-download",
        data=lambda: gif,  # handed over only when clicked, not sent with every run of the page
        file_name=key.file_name(),
        mime="image/gif",
        on_click="ignore",
        width="stretch",
    )


@st.fragment(run_every=POLL_SECONDS)
def _progress(key: Key) -> None:
    """Reruns itself until the GIF is ready, then reruns the page once to show the download button."""
    build = existing(key)
    if build is None or build.done.is_set():
        st.rerun(scope="app")
    _ = state.gettext()
    seconds = int(time.monotonic() - build.started)
    st.caption(_("Preparing the animation… ({seconds} s)").format(seconds=seconds))
