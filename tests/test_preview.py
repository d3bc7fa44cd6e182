"""Try a change (view/preview.py) in AppTest: a contributor's upload is validated with the same
rules as `kurils validate`, previewed by their session only, reviewed against the served data; a
broken file lists its problems exactly as the CLI does; a hostile one shows as text."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kurils.paths import REPO_ROOT
from tests.hostile import PAYLOADS
from view import data, preview

APP = str(REPO_ROOT / "atlas.py")
TITLE = "Battle of Shumshu"


@pytest.fixture(autouse=True)
def on_mini(monkeypatch: pytest.MonkeyPatch, mini: Path) -> None:
    monkeypatch.setenv("KURILS_GEODATA", str(mini))


def events_with(mini: Path, old: str, new: str) -> bytes:
    text = (mini / "events.csv").read_text(encoding="utf-8")
    assert text.count(old) == 1
    return text.replace(old, new).encode()


def upload(name: str, content: bytes) -> tuple[AppTest, preview.Trial]:
    """A session on the Sources page uploads `content` as `name`, checks it and waits for the verdict."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("view/pages/sources.py").run()
    at.file_uploader(key="_upload").set_value((name, content, "text/plain")).run()
    at.button(key="_upload_check").click().run()
    found = preview.wait(at.session_state[preview.TRIAL], 120)
    assert found is not None
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at, found


def timeline_texts(at: AppTest) -> str:
    """Everything the Timeline page shows as text: its events table and its Markdown."""
    at.switch_page("view/pages/timeline.py").run()
    assert not at.exception, [e.value for e in at.exception]
    tables = [df.value.to_csv() for df in at.dataframe]
    return "\n".join([*tables, *(m.value for m in at.markdown)])


def test_a_good_file_changes_the_atlas_for_that_session_only(mini):
    at, found = upload("events.csv", events_with(mini, f",{TITLE},", f",{TITLE} (as edited),"))
    assert found.problems == () and data.PREVIEW in at.session_state
    assert any("your uploaded events.csv" in w.value for w in at.warning)  # the banner
    # The review against the served data, shown and downloadable: one field of one row changed.
    assert "title\\_en: Battle of Shumshu → Battle of Shumshu \\(as edited\\)" in found.review_md
    assert "**Passes**" in found.review_md and "/tmp" not in found.review_md
    assert "as edited" in timeline_texts(at)
    other = AppTest.from_file(APP, default_timeout=60).run()  # a second session: the served data
    assert not any("your uploaded" in w.value for w in other.warning)
    texts = timeline_texts(other)
    assert "as edited" not in texts and TITLE in texts
    at.button(key="_leave_preview").click().run()
    assert data.PREVIEW not in at.session_state and "as edited" not in timeline_texts(at)


def test_a_broken_file_lists_its_problems_as_the_cli_does(mini, tmp_path):
    broken = events_with(mini, "disarmament,1945-08-23,exact", "disarmament,1945-13-23,exact")
    at, found = upload("events.csv", broken)
    assert found.problems and data.PREVIEW not in at.session_state
    assert found.review_md == ""  # a failing file gets the validator's lines, no review
    copy = tmp_path / "geodata"
    copy.mkdir()
    for f in mini.iterdir():
        (copy / f.name).write_bytes(broken if f.name == "events.csv" else f.read_bytes())
    kurils = [sys.executable, "-m", "kurils"]
    subprocess.run([*kurils, "fmt", str(copy)], capture_output=True, check=False)  # as the upload is, first
    cli = subprocess.run([*kurils, "validate", "--all", str(copy)], capture_output=True, text=True)
    assert cli.returncode == 1
    assert found.problems == tuple(line.replace(str(copy), "geodata") for line in cli.stdout.splitlines())
    assert any(data.report_lines(found.problems) == c.value for c in at.code)
    assert any("finds" in e.value and "events.csv" in e.value for e in at.error)


@pytest.mark.parametrize("junk", [b"\x00\xff" * 1000, b"{" * 5000, b'{"type": "FeatureCollection", "features": 5}'])
def test_junk_gets_the_validators_errors_and_changes_nothing(junk):
    at, found = upload("islands.geojson", junk)
    assert found.problems and all(":" in line for line in found.problems)
    assert data.PREVIEW not in at.session_state


def test_a_hostile_file_shows_as_text(mini):
    payload = PAYLOADS[0] + " " + PAYLOADS[6]
    at, found = upload("events.csv", events_with(mini, f",{TITLE},", f',"{payload}",'))
    shown = "\n".join(m.value for m in at.markdown)
    assert "<script>" not in shown and "](javascript:" not in shown  # escaped wherever it is shown
    if not found.problems:
        assert data.PREVIEW in at.session_state
        at.switch_page("view/pages/timeline.py").run()
        assert not any("<script>" in m.value for m in at.markdown)


def test_the_upload_limit_is_the_servers():
    """The page says the limit the server enforces (server.maxUploadSize, MB)."""
    import tomllib

    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == preview.UPLOAD_LIMIT_MB


def test_trials_beyond_the_queue_are_refused(monkeypatch):
    """With TRIALS_WAITING trials queued a new one is refused at once (each queued trial holds its upload)."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    monkeypatch.setattr(preview.TRIALS, "checking", {f"queued{i}": None for i in range(preview.TRIALS_WAITING)})
    assert preview.start(data.served(), "events.csv", b"anything") is None
