"""Try a change: a contributor uploads one edited geodata file (an islands.geojson saved from a web
editor, a timeline.csv...) and sees the whole atlas with it, for their session only.

Nothing of the upload reaches the geodata folder or another session. Its bytes replace one file in
the served version's validated bytes (view.data's copy, never the folder), and that new version is
treated as a change to the folder is: written to a private copy named by its digest, checked by
`kurils validate` and, if it passes, reported on by `kurils review` against the served version, all
in limited subprocesses (view.data.run_limited) on a thread of its own, one trial at a time, so a hostile file
costs a subprocess and no visitor's page run waits for it. Only if it passes is a dataset loaded
from that copy and kept among a few previews (view.data.add_preview); the session's key then points
at it (data.PREVIEW) and every page shows it, under a banner with a way back."""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from kurils.model import dataset, snapshot
from view import data, state

UPLOAD_LIMIT_MB = 5  # = server.maxUploadSize (.streamlit/config.toml); the largest data file is 2.2 MB
TRIALS_KEPT = 16  # verdicts and reports remembered (a session asks again for its own)
TRIALS_WAITING = 8  # trials queued at once (each holds its upload): beyond, "busy, try again"
TRIAL = "_trial"  # the session key of the trial this session started (its digest)
BASE_LABEL = "the atlas's data"
# The file names the page offers and repeats in its Markdown (banner, verdict): plain names only, so
# no name in the folder can carry markup.
SAFE_NAME = re.compile(r"[A-Za-z0-9_-]+\.(csv|geojson)")


@dataclass(frozen=True)
class Trial:
    """An uploaded file's verdict and its review against the served version."""

    file: str  # the data file it replaces
    digest: str  # the version with it (formatted)
    formatted: bytes  # the upload as `kurils fmt` writes it: what a pull request should carry
    problems: tuple[str, ...]  # `kurils validate`'s lines, empty when it passes
    review_md: str  # `kurils review`'s report ("" if it could not be made)
    review_json: str
    pictures: dict[str, bytes]  # the report's picture file names -> PNG


class _Trials:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.done: dict[str, Trial] = {}
        self.checking: dict[str, threading.Thread] = {}
        self.one_at_a_time = threading.Lock()  # each trial may take a subprocess's whole time and memory limit


TRIALS = _Trials()


def replaceable(ds: dataset.Dataset) -> list[str]:
    """The data files an upload may replace: every CSV and GeoJSON of the version (not the
    descriptor, which says how every file is read: the committed one stays in charge)."""
    return sorted(name for name in data.files(ds) if SAFE_NAME.fullmatch(name))


def default_target(upload_name: str, choices: list[str]) -> str:
    """The file an upload most likely replaces: its own name, else by kind (a web editor saves
    `map.geojson`)."""
    if upload_name in choices:
        return upload_name
    kind = "islands.geojson" if upload_name.lower().endswith((".geojson", ".json")) else "timeline.csv"
    return kind if kind in choices else choices[0]


def start(base: dataset.Dataset, target: str, content: bytes) -> str | None:
    """Check the version `base` with `target` replaced by `content`, on a thread of its own; its key,
    or None when TRIALS_WAITING trials are already queued."""
    base_files = dict(data.files(base))
    candidate = snapshot.of_files({**base_files, target: content})
    with TRIALS.lock:
        if candidate.digest not in TRIALS.done and candidate.digest not in TRIALS.checking:
            if len(TRIALS.checking) >= TRIALS_WAITING:
                return None
            worker = threading.Thread(
                target=_try, args=(base_files, candidate, target), name="kurils-trial", daemon=True
            )
            TRIALS.checking[candidate.digest] = worker
            worker.start()
    return candidate.digest


def _formatted(files: dict[str, bytes]) -> dict[str, bytes]:
    """The files as `kurils fmt` writes them (in a limited subprocess: parsing is the upload's first
    contact with a parser). A web editor saves valid GeoJSON in its own layout, which the validator
    would refuse as "run `kurils fmt`", and a contributor without Python cannot run it. A file fmt
    cannot parse stays as it was, for the validator to say why."""
    work = Path(tempfile.mkdtemp(prefix="kurils-upload-"))
    try:
        for name, content in files.items():
            (work / name).write_bytes(content)
        data.run_limited(["fmt", str(work)])
        return {name: (work / name).read_bytes() for name in files}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _try(base_files: dict[str, bytes], candidate: snapshot.Snapshot, target: str) -> None:
    version = snapshot.of_files(candidate.files)
    try:
        with TRIALS.one_at_a_time:
            version = snapshot.of_files(_formatted(dict(candidate.files)))
            base_copy = snapshot.of_files(base_files).write_copy(data.COPIES)
            copy = version.write_copy(data.COPIES)
            problems = data.validate_copy(copy)
            review_md, review_json, pictures = "", "", {}
            if not problems:  # a file that fails gets the validator's lines only: a review would be bounded
                review_md, review_json, pictures = _review(base_copy, copy, target)  # by data that passed
                data.add_preview(dataset.load(copy, version=version.digest), dict(version.files))
        trial = Trial(target, version.digest, version.files[target], problems, review_md, review_json, pictures)
    except Exception as e:  # loading what passed failed: still a report line, never a dead thread
        line = f"datapackage.json:whole file: -: preview-failed: {type(e).__name__}"
        trial = Trial(target, version.digest, version.files[target], (line,), "", "", {})
    with TRIALS.lock:
        TRIALS.done[candidate.digest] = trial
        TRIALS.checking.pop(candidate.digest, None)
        for digest in list(TRIALS.done)[:-TRIALS_KEPT]:
            del TRIALS.done[digest]


def _review(base_copy: Path, copy: Path, target: str) -> tuple[str, str, dict[str, bytes]]:
    """`kurils review` of the upload against the served version, in a limited subprocess."""
    out = Path(tempfile.mkdtemp(prefix="kurils-review-"))
    try:
        args = ["review", "--base", str(base_copy), "--head", str(copy), "--out", str(out)]
        done = data.run_limited([*args, "--base-label", BASE_LABEL, "--head-label", f"your {target}"])
        if done is None or done.returncode not in (0, 1) or not (out / "review.md").is_file():
            return "", "", {}
        hide = {str(base_copy): "geodata", str(copy): "geodata"}  # no server path in what a visitor sees

        def text(name: str) -> str:
            body = (out / name).read_text(encoding="utf-8")
            for path, shown in hide.items():
                body = body.replace(path, shown)
            return body

        return text("review.md"), text("review.json"), {p.name: p.read_bytes() for p in sorted(out.glob("*.png"))}
    finally:
        shutil.rmtree(out, ignore_errors=True)


def shown_in_page(review_md: str) -> str:
    """The review's Markdown under the page's own headings: its headings two levels down, its
    pictures left out (the page shows them from memory)."""
    lines = review_md.splitlines()
    return "\n".join("##" + line if line.startswith("#") else line for line in lines if not line.startswith("!["))


def trial(key: str) -> Trial | None:
    with TRIALS.lock:
        return TRIALS.done.get(key)


def wait(key: str, timeout: float) -> Trial | None:
    """The trial's outcome, waiting up to `timeout` s (tests)."""
    with TRIALS.lock:
        worker = TRIALS.checking.get(key)
    if worker is not None:
        worker.join(timeout)
    return trial(key)


def enter(found: Trial) -> None:
    """This session shows the atlas with the trial's file from its next run."""
    st.session_state[data.PREVIEW] = (found.digest, found.file)


def banner() -> None:
    """On every page while this session previews an upload: what it sees, and the way back."""
    if data.PREVIEW not in st.session_state:
        return
    _ = state.gettext()
    file = st.session_state[data.PREVIEW][1]
    text, leave = st.columns([3, 1], vertical_alignment="center")
    text.warning(
        _(
            "Preview: this is the atlas with your uploaded {file}, for this session only. Nothing is saved; "
            "no one else sees it."
        ).format(file=file),
        icon=":material/preview:",
    )
    if leave.button(_("Leave the preview"), key="_leave_preview", use_container_width=True):
        del st.session_state[data.PREVIEW]
        st.rerun()


def try_a_change() -> None:
    """The Sources & data page's "Try a change": upload, verdict, preview and review."""
    _ = state.gettext()
    st.header(_("Try a change"))
    st.markdown(
        _(
            "Edited one of the data files, for example an island's outline in a web editor such as geojson.io, "
            "or a row of timeline.csv? Upload it here to see the whole atlas with it, in this session only. It is "
            "checked with the same rules as `kurils validate` and compared with the atlas's data as `kurils review` "
            "compares a pull request. Nothing is saved on the server, and no one else sees it. Up to {mb} MB."
        ).format(mb=UPLOAD_LIMIT_MB)
    )
    base = data.served()
    if base is None:
        return
    upload = st.file_uploader(_("An edited data file"), type=["geojson", "json", "csv"], key="_upload")
    if upload is not None:
        choices = replaceable(base)
        target = st.selectbox(
            _("It replaces"), choices, index=choices.index(default_target(upload.name, choices)), key="_upload_target"
        )
        if st.button(_("Check it and preview the atlas"), type="primary", key="_upload_check"):
            started = start(base, target, upload.getvalue())
            if started is None:
                st.warning(_("Many files are being checked just now. Try again in a minute."))
            else:
                st.session_state[TRIAL] = started
    key = st.session_state.get(TRIAL)
    if key is None:
        return
    found = trial(key)
    if found is None:
        _checking(key)
        return
    _outcome(found)


@st.fragment(run_every=1.0)
def _checking(key: str) -> None:
    _ = state.gettext()
    if trial(key) is not None:
        st.rerun(scope="app")  # the verdict is in: the whole app follows (the preview starts)
    st.info(_("Checking your file…"), icon=":material/hourglass_top:")


def _outcome(found: Trial) -> None:
    _ = state.gettext()
    st.caption(
        _("Your file was first put in the atlas's canonical layout, as `kurils fmt` does; that is the version checked.")
    )
    if found.problems:
        st.error(
            _("`kurils validate` finds {n} problems in your {file}; the atlas keeps its own data.").format(
                n=len(found.problems), file=found.file
            )
        )
        st.code(data.report_lines(found.problems), language=None)
    elif st.session_state.get("_entered") != found.digest:  # once: leaving the preview must stay left
        st.session_state["_entered"] = found.digest
        enter(found)
        st.rerun()
    else:
        st.success(_("Your {file} passes `kurils validate`.").format(file=found.file))
        if data.PREVIEW not in st.session_state and st.button(_("Preview it again"), key="_preview_again"):
            enter(found)
            st.rerun()
    if not found.review_md:
        return
    st.subheader(_("What your file changes"))
    st.markdown(shown_in_page(found.review_md))
    for name, png in found.pictures.items():
        st.image(png, caption=name)
    md, js, formatted = st.columns(3)
    md.download_button(_("Download the review (Markdown)"), found.review_md, "review.md", "text/markdown")
    js.download_button(_("Download the review (JSON)"), found.review_json, "review.json", "application/json")
    formatted.download_button(
        _("Download your file as `kurils fmt` writes it"), found.formatted, found.file, "application/octet-stream"
    )
