"""`kurils animate` and the map page's animation download on the mini fixture: the slides' dates, a GIF
and an MP4 as players read them, the arguments refused, and the GIF made once for every session."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import subprocess
import warnings

import numpy as np
import pytest
from PIL import Image, ImageSequence
from streamlit.testing.v1 import AppTest

from kurils.cli import main
from kurils.model.vocab import TIMELINE_START
from kurils.paths import REPO_ROOT
from kurils.present import animation, handout
from kurils.present.i18n import gettext
from kurils.present.palette import RGB
from view import animation as view_animation

SIZES = "--size must be WIDTHxHEIGHT, even numbers from 320x180 to 3840x2160"
SMALL = (640, 360)  # the tests' frames: the layout is the same at any size, and small is quick


@pytest.fixture
def geodata(monkeypatch, mini):
    """The commands read the mini fixture."""
    monkeypatch.setenv("KURILS_GEODATA", str(mini))
    return mini


def _share_of(image: Image.Image, state: str, tolerance: int = 12) -> float:
    pixels = np.asarray(image.convert("RGB")).astype(int)
    return float((np.abs(pixels - np.array(RGB[state])).max(axis=2) <= tolerance).mean())


def test_event_frames_are_the_start_and_every_event_date_after_it(mini, mini_ds):
    """Step "event": the start, then each day with an event after it up to the end, once each, in order
    (read here from the fixture's events.csv)."""
    with (mini / "events.csv").open(encoding="utf-8") as f:
        event_days = {dt.date.fromisoformat(r["date"]) for r in csv.DictReader(f)}
    start, end = dt.date(1945, 8, 20), dt.date(1956, 10, 19)
    days = animation.frame_dates(mini_ds.history, start, end, "event")
    assert days == [start, *sorted(d for d in event_days if start < d <= end)]
    assert len(days) >= 4 and days[-1] == end  # the fixture has events in the range, the end among them
    whole = animation.frame_dates(mini_ds.history, TIMELINE_START, dt.date.today(), "event")
    assert whole == sorted(event_days)  # the atlas starts with an event: no day twice


def test_year_frames_are_the_start_and_every_first_of_january():
    history = None  # a year's slides do not depend on the events
    days = animation.frame_dates(history, dt.date(1855, 2, 7), dt.date(1858, 6, 1), "year")  # type: ignore[arg-type]
    assert days == [dt.date(1855, 2, 7), dt.date(1856, 1, 1), dt.date(1857, 1, 1), dt.date(1858, 1, 1)]
    days = animation.frame_dates(history, dt.date(1900, 1, 1), dt.date(1901, 12, 31), "year")  # type: ignore[arg-type]
    assert days == [dt.date(1900, 1, 1), dt.date(1901, 1, 1)]


def test_frame_dates_refuse_a_reversed_range_and_an_unknown_step(mini_ds):
    with pytest.raises(ValueError, match="the start 1950-01-01 is after the end 1940-01-01"):
        animation.frame_dates(mini_ds.history, dt.date(1950, 1, 1), dt.date(1940, 1, 1), "event")
    with pytest.raises(ValueError, match="unknown step 'month'"):
        animation.frame_dates(mini_ds.history, dt.date(1940, 1, 1), dt.date(1950, 1, 1), "month")


def test_a_long_title_is_cut_to_two_lines_ending_in_an_ellipsis():
    width_in = 5.0
    lines = handout.Para("Treaty " * 60, animation.HEADLINE_PT, "heading", weight="bold").lines(width_in)
    assert len(lines) > 2
    cut = animation._clip(lines, 2, width_in * 72)
    assert [c.text for c in cut[:1]] == [lines[0].text] and cut[1].text.endswith("…")
    assert handout.text_width(cut[1].text, cut[1].size, "bold") <= width_in * 72
    assert animation._clip(lines[:2], 2, width_in * 72) == lines[:2]  # short enough: as it was


@pytest.mark.parametrize("lang", ["en", "ja", "ru"])
def test_a_slide_has_every_glyph_and_its_size(mini_ds, lang):
    """No 'Glyph missing from font' warning in any language; the frame is exactly the size asked for."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        image = animation.render(animation.slide(mini_ds, dt.date(1956, 10, 19), lang, "japan", SMALL), SMALL)
    assert image.size == SMALL


def _args(out, *extra: str) -> list[str]:
    return ["animate", "--from", "1945-08-01", "--to", "1945-09-30", "--size", "640x360", "--out", str(out), *extra]


def test_gif_from_the_command_is_an_animated_gif_of_every_slide(geodata, mini_ds, tmp_path, capsys):
    """One frame per date, each 640×360, looping, 2 s a slide and the last held three times as long;
    the map follows the days: Japan's colour on the first, the Soviet Union's on the last."""
    out = tmp_path / "run.gif"
    assert main(_args(out)) == 0
    days = animation.frame_dates(mini_ds.history, dt.date(1945, 8, 1), dt.date(1945, 9, 30), "event")
    assert capsys.readouterr().out == f"wrote {out} ({len(days)} slides)\n"
    gif = Image.open(out)
    assert gif.format == "GIF" and gif.info["loop"] == 0
    assert (gif.n_frames, gif.size) == (len(days), SMALL)
    frames = []
    for frame in ImageSequence.Iterator(gif):
        frames.append((frame.info["duration"], frame.convert("RGB")))
    assert [d for d, _ in frames] == [2000] * (len(days) - 1) + [6000]
    first, last = frames[0][1], frames[-1][1]
    assert _share_of(first, "japan") > 0.0003 and _share_of(first, "ussr") < 0.00003
    assert _share_of(last, "ussr") > 0.0003
    assert first.getpixel((2, 2)) == (255, 255, 255)  # the page's white stays white in the palette
    assert [p.name for p in tmp_path.iterdir()] == ["run.gif"]  # no part file left


def test_year_step_and_seconds_set_the_frames(geodata, tmp_path):
    out = tmp_path / "years.gif"
    args = ["animate", "--from", "1990-06-01", "--to", "1993-02-01", "--step", "year", "--seconds", "0.3"]
    assert main([*args, "--size", "320x180", "--out", str(out)]) == 0
    gif = Image.open(out)
    assert (gif.n_frames, gif.size) == (4, (320, 180))  # 1990-06-01 and three first Januaries
    assert [f.info["duration"] for f in ImageSequence.Iterator(gif)] == [300, 300, 300, 900]


def _probe(path) -> dict:
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-count_frames", "-show_entries", "stream=codec_name,pix_fmt,width,height,"
         "nb_read_frames:format=duration", "-of", "json", str(path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


@pytest.mark.skipif(not (shutil.which("ffmpeg") and shutil.which("ffprobe")), reason="needs Debian's ffmpeg")
def test_mp4_from_the_command_plays_every_slide_for_its_time(geodata, mini_ds, tmp_path):
    """H.264 in yuv420p at 640×360; a frame per slide at 2 s a frame, the last repeated to be held 6 s."""
    out = tmp_path / "run.mp4"
    assert main(_args(out)) == 0
    days = animation.frame_dates(mini_ds.history, dt.date(1945, 8, 1), dt.date(1945, 9, 30), "event")
    probe = _probe(out)
    (stream,) = probe["streams"]
    assert (stream["codec_name"], stream["pix_fmt"], stream["width"], stream["height"]) == ("h264", "yuv420p", *SMALL)
    assert int(stream["nb_read_frames"]) == len(days) - 1 + animation.HOLD_LAST
    assert float(probe["format"]["duration"]) == pytest.approx(2.0 * (len(days) - 1 + animation.HOLD_LAST))


def test_mp4_without_ffmpeg_says_how_to_get_it(geodata, tmp_path, monkeypatch, capsys):
    """Exit 1 before any frame is drawn, one line naming the package, no file."""
    monkeypatch.setattr(animation.shutil, "which", lambda name: None)
    assert main(_args(tmp_path / "run.mp4")) == 1
    assert capsys.readouterr().err == (
        "kurils animate: an MP4 needs ffmpeg, which is not installed (Debian: apt-get install ffmpeg); a GIF does not\n"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args, message",
    [
        (["--out", "x.png"], "--out must end in .gif or .mp4 (x.png)"),
        (["--out", "missing/x.gif"], "--out missing/x.gif: no such folder missing"),
        (["--from", "1800-01-01", "--out", "x.gif"], "--from: the atlas starts on 1855-02-07 (Treaty of Shimoda): 1800-01-01"),  # noqa: E501
        (["--from", "3 Sept", "--out", "x.gif"], "--from: not a date YYYY-MM-DD: '3 Sept'"),
        (["--to", "2999-01-01", "--out", "x.gif"], f"--to: the atlas ends today, {dt.date.today()}: 2999-01-01"),
        (["--from", "1950-01-01", "--to", "1945-01-01", "--out", "x.gif"], "--from 1950-01-01 is after --to 1945-01-01"),  # noqa: E501
        (["--size", "641x360", "--out", "x.gif"], f"{SIZES} (641x360)"),
        (["--size", "big", "--out", "x.gif"], f"{SIZES} (big)"),
        (["--seconds", "0", "--out", "x.gif"], "--seconds must be from 0.05 to 60 (0)"),
    ],
)  # fmt: skip
def test_animate_refuses_bad_arguments(geodata, tmp_path, monkeypatch, capsys, args, message):
    """Exit 2, one line saying what is wrong, no file."""
    monkeypatch.chdir(tmp_path)
    assert main(["animate", *args]) == 2
    assert capsys.readouterr().err == f"kurils animate: {message}\n"
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def fresh_builds():
    """view.animation's builds are the server's: each test starts with none."""
    view_animation._BUILDS.clear()
    yield
    for build in view_animation._BUILDS.values():
        build.done.wait(120)
    view_animation._BUILDS.clear()


def _labels(at: AppTest) -> tuple[list[str], list[str], list[str]]:
    return [b.label for b in at.button], [b.label for b in at.get("download_button")], [c.value for c in at.caption]


def test_page_prepares_the_gif_once_for_every_session(geodata, mini_ds, fresh_builds):
    """A button; once clicked, a note while `kurils animate` runs; then the download, of a GIF of the
    whole atlas by event in the session's language. A second session gets the same file, not a new build."""
    app = str(REPO_ROOT / "tests" / "apps" / "animation.py")
    ru = gettext("ru")
    at = AppTest.from_file(app, default_timeout=60)
    at.session_state["lang"] = "ru"
    at.run()
    assert not at.exception and _labels(at)[:2] == ([ru("Prepare the animation (GIF)")], [])
    at.button[0].click().run()
    assert not at.exception
    assert any(c.startswith(ru("Preparing the animation… ({seconds} s)").split("{seconds}")[0]) for c in _labels(at)[2])
    ((key, build),) = view_animation._BUILDS.items()
    assert (key.start, key.end, key.step, key.lang, key.pov) == (
        TIMELINE_START,
        dt.date.today(),
        "event",
        "ru",
        "de_facto",
    )
    assert build.done.wait(120) and not build.failure, build.failure
    at.run()
    assert _labels(at)[:2] == ([], [ru("Download the animation (GIF)")])
    gif = Image.open(io.BytesIO(build.gif or b""))
    days = animation.frame_dates(mini_ds.history, TIMELINE_START, dt.date.today(), "event")
    assert (gif.format, gif.n_frames, gif.size) == ("GIF", len(days), animation.SIZE)

    other = AppTest.from_file(app, default_timeout=60)
    other.session_state["lang"] = "ru"
    other.run()
    assert _labels(other)[:2] == ([], [ru("Download the animation (GIF)")])


def test_a_failed_build_says_so_and_offers_the_button_again(geodata, fresh_builds, monkeypatch):
    monkeypatch.setattr(view_animation, "make_gif", lambda folder, key: (_ for _ in ()).throw(RuntimeError("exit 1")))
    at = AppTest.from_file(str(REPO_ROOT / "tests" / "apps" / "animation.py"), default_timeout=60)
    at.run()
    at.button[0].click().run()
    (build,) = view_animation._BUILDS.values()
    assert build.done.wait(10) and build.failure == "exit 1"
    at.run()
    buttons, downloads, captions = _labels(at)
    assert (buttons, downloads) == (["Prepare the animation (GIF)"], [])
    assert captions == ["The animation could not be made. Try again later."]


@pytest.mark.browser
@pytest.mark.slow
def test_in_a_browser_the_download_appears_by_itself(mini, tmp_path):
    """In a real server the note updates itself: after one click, the download button comes without
    another (the polling fragment), and what it downloads is the GIF."""
    from tools.browser import chromium, streamlit_server

    with streamlit_server(geodata=mini, script="tests/apps/animation.py") as url, chromium() as browser:
        page = browser.new_page()
        page.goto(url)
        page.get_by_role("button", name="Prepare the animation (GIF)").click()
        download = page.get_by_role("button", name="Download the animation (GIF)")
        download.wait_for(timeout=120_000)
        with page.expect_download() as got:
            download.click()
        saved = tmp_path / got.value.suggested_filename
        got.value.save_as(saved)
    assert saved.name == f"kurils-1855-{dt.date.today().year}-event-en-de_facto.gif"
    assert Image.open(saved).format == "GIF"
