"""Issue 18, the ordinary Streamlit path: deck.gl ships with the code, checked against its lock and
the npm registry; `pip install -r requirements.txt && streamlit run app.py` in a fresh virtual
environment serves every page with no network at run time."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from kurils.builders import vendor
from kurils.present import mapview

ROOT = Path(__file__).resolve().parents[1]


def test_deckgl_ships_with_the_code_and_matches_its_lock():
    """The bundles are in the repository (not fetched by a setup step), the page loads exactly
    those, and each file's SHA-512 is the one the lock recorded from the registry's tarball."""
    tracked = subprocess.run(
        ["git", "ls-files", "--cached", str(vendor.FOLDER)], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    page = (mapview.FRONTEND / "index.html").read_text(encoding="utf-8")
    for package in vendor.PACKAGES:
        path = vendor.target(package)
        assert str(path.relative_to(ROOT)) in tracked
        assert f'src="vendor/{path.name}"' in page
        assert b"root['deck'] = factory()" in path.read_bytes()[:2000]  # a standalone bundle: the global `deck`
    assert vendor.check_files() == []


def test_a_changed_byte_in_a_bundle_is_named(tmp_path, monkeypatch):
    copy = tmp_path / "vendor"
    shutil.copytree(vendor.FOLDER, copy)
    monkeypatch.setattr(vendor, "FOLDER", copy)
    bundle = copy / vendor.target("@deck.gl/layers").name
    blob = bytearray(bundle.read_bytes())
    blob[5000] ^= 1
    bundle.write_bytes(bytes(blob))
    (copy / vendor.LICENCE).unlink()
    assert sorted(vendor.check_files()) == [
        f"{vendor.LICENCE}: missing",
        f"{bundle.name}: its SHA-512 is not the one the lock records for @deck.gl/layers {vendor.VERSION}",
    ]
    assert vendor.main(["--check"]) == 1


def test_a_tarball_that_is_not_the_pinned_one_is_refused():
    with pytest.raises(RuntimeError, match="is not the pinned"):
        vendor.check("@deck.gl/core", b"not the tarball")


@pytest.mark.slow
def test_the_lock_and_the_bundles_agree_with_the_npm_registry():
    """What the registry publishes for the pinned release (its metadata's integrity), and the bytes
    of its tarballs downloaded now, are what the repository ships (needs the npm registry)."""
    assert vendor.verify_registry() == []


@pytest.mark.slow
def test_update_installs_a_release_whole_and_names_it_in_the_page(tmp_path, monkeypatch):
    """`--update VERSION` on a copy of the frontend: the registry's integrity checked, the new
    bundles, the lock and the page's script tags written, the old bundles gone."""
    frontend = tmp_path / "frontend"
    shutil.copytree(mapview.FRONTEND, frontend)
    monkeypatch.setattr(vendor, "FRONTEND", frontend)
    monkeypatch.setattr(vendor, "FOLDER", frontend / "vendor")
    monkeypatch.setattr(vendor, "LOCK", frontend / "vendor" / vendor.LOCK.name)
    assert vendor.main(["--update", "9.3.0"]) == 0
    lock = json.loads((frontend / "vendor" / vendor.LOCK.name).read_text())
    page = (frontend / "index.html").read_text()
    assert lock["version"] == "9.3.0"
    for package in vendor.PACKAGE_NAMES:
        assert lock["packages"][package]["integrity"] == vendor.published_integrity(package, "9.3.0")
        assert f'src="vendor/{vendor.file_name(package, "9.3.0")}"' in page
        assert not (frontend / "vendor" / vendor.file_name(package)).exists()
    names = sorted(p.name for p in (frontend / "vendor").iterdir())
    assert names == sorted([vendor.LICENCE, vendor.LOCK.name, *(vendor.file_name(p, "9.3.0") for p in vendor.PACKAGES)])


def _checkout_copy(dest: Path) -> None:
    """The files a clone would have (tracked, plus new files not ignored): nothing built by `make`."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, (n.decode() for n in listed)):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)


def _can_isolate() -> bool:
    return shutil.which("unshare") is not None and subprocess.run(["unshare", "-rn", "true"]).returncode == 0


@pytest.mark.slow
@pytest.mark.browser
def test_pip_install_then_streamlit_run_app_py_serves_every_page_offline(tmp_path):
    """What Streamlit Community Cloud and most hosting do: a fresh virtual environment,
    `pip install -r requirements.txt` (the only step with network), then exactly
    `streamlit run app.py`, here in a network namespace whose only interface is loopback. Every
    page draws its title without an error; the map (Map and Story) paints; Chromium, which blocks
    and records any request to another host, records none."""
    checkout, env_dir = tmp_path / "checkout", tmp_path / "venv"
    _checkout_copy(checkout)
    (tmp_path / "home").mkdir()
    venv.create(env_dir, with_pip=True)
    subprocess.run([str(env_dir / "bin" / "pip"), "install", "-q", "-r", "requirements.txt"], cwd=checkout, check=True)
    isolate = _can_isolate()
    runner = [sys.executable, str(ROOT / "tests" / "offline_run.py"), str(checkout), str(env_dir)]
    command = ["unshare", "-rn", *runner, "--isolated"] if isolate else runner
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result["failure"] is None, (result["failure"], result["server_log"])
    print("network namespace:", "loopback only" if result["isolated"] else "unavailable; browser-side blocking only")
    pages = {p["path"]: p for p in result["pages"]}
    assert list(pages) == ["/", "/story", "/timeline", "/islands", "/positions", "/sources"]
    assert pages["/"]["heading"] == "Kuril Islands: who held, governed and claimed each island, 1855 to today"
    assert [pages[p]["heading"] for p in ("/timeline", "/islands", "/positions", "/sources")] == [
        "Timeline",
        "Islands",
        "Positions",
        "Sources & data",
    ]
    assert all(p["exceptions"] == 0 and p["errors"] == [] for p in pages.values()), pages
    assert pages["/"]["map_painted"] and pages["/story"]["map_painted"]
    assert result["outside"] == []
    assert "Traceback" not in result["server_log"]
