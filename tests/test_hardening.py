"""The production configuration: XSRF and CORS on, no uploads, bounded messages, no error details
for visitors, the developer menu hidden."""

from __future__ import annotations

import contextlib
import http.server
import os
import subprocess
import sys
import threading
import tomllib
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kurils.paths import REPO_ROOT

CONFIG = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_production_settings():
    server, client = CONFIG["server"], CONFIG["client"]
    assert server["enableXsrfProtection"] is True and server["enableCORS"] is True
    assert server["maxUploadSize"] == 5 and server["maxMessageSize"] <= 2 and server["maxWidgetStateSize"] == 1
    assert server["fileWatcherType"] == "none"
    assert client["showErrorDetails"] == "none" and client["toolbarMode"] == "viewer"


@pytest.mark.browser
def test_an_error_shows_no_details_and_the_xsrf_cookie_is_set():
    """A page that raises shows Streamlit's generic message: no exception text, no traceback."""
    from tools.browser import chromium, streamlit_server

    with streamlit_server(script="tests/apps/raises.py") as url, chromium() as browser:
        page = browser.new_page()
        page.goto(url)
        page.get_by_text("before the error").wait_for(timeout=30_000)
        page.wait_for_timeout(1500)
        body = page.inner_text("body")
        assert "SECRET-DETAIL" not in body and "Traceback" not in body and "RuntimeError" not in body
        assert page.get_by_test_id("stException").count() == 1  # the generic notice is there
        cookies = {c["name"] for c in page.context.cookies()}
        assert "_streamlit_xsrf" in cookies
        page.close()
        # Uploads are refused: the endpoint wants a session's XSRF token and a file under 1 MB.
        request = urllib.request.Request(f"{url}/_stcore/upload_file/x/y", data=b"x" * 10, method="PUT")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code in (400, 403, 404, 405)


def _head(url: str) -> dict[str, str]:
    with urllib.request.urlopen(url, timeout=30) as r:
        assert r.status == 200
        return {k.lower(): v for k, v in r.headers.items()}


def test_security_header_policy():
    """The policy allows only the app's own origin; the tile host only when asked for."""
    from tools.headers import content_security_policy, security_headers, tile_origin

    strict = content_security_policy()
    assert "frame-ancestors 'self'" in strict and "connect-src 'self';" in strict and "https:" not in strict
    assert f"img-src 'self' data: blob: {tile_origin()};" in content_security_policy(online_tiles=True)
    assert security_headers()["x-frame-options"] == "SAMEORIGIN"
    assert security_headers()["x-content-type-options"] == "nosniff"


@pytest.mark.browser
def test_the_plain_server_sends_security_headers():
    """`streamlit run app.py` (the README, make app, the Dockerfile): the page, a static file and the
    health check carry CSP, X-Frame-Options and nosniff; another site cannot frame the app, while
    the map's own same-origin frame draws with no CSP violation; the online tiles option, refused by
    the policy, says why no tile shows."""
    from playwright.sync_api import expect

    from tools.browser import chromium, map_frame, streamlit_server
    from tools.headers import security_headers

    expected = security_headers()
    with streamlit_server(script="app.py") as url:
        for path in ("/", "/app/static/favicon.png", "/_stcore/health"):
            headers = _head(url + path)
            for name in ("content-security-policy", "x-frame-options", "x-content-type-options"):
                assert headers.get(name) == expected[name], (path, name)
        with chromium() as browser:
            page = browser.new_page()
            violations: list[str] = []
            page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
            page.goto(url)
            map_frame(page)  # the component iframe (same origin) is allowed and draws
            page.get_by_text("Map").first.wait_for(timeout=30_000)
            assert violations == []
            # A page of another origin frames the app: the browser refuses (bare `atlas.py` is framed).
            with _framing_site(url.replace("127.0.0.1", "localhost") + "/") as site:
                framer = browser.new_page()
                framer.goto(site)
                framer.wait_for_timeout(5000)
                framed = [f for f in framer.frames if f is not framer.main_frame]
                assert framed and all(f.query_selector("[data-testid=stApp]") is None for f in framed)
            # The online tiles option under this policy (no KURILS_ONLINE_TILES=1): the browser refuses
            # the tile host, and the map says why its sea stays bare instead of crediting tiles it lacks.
            tiled = browser.new_page()
            tiled.goto(url + "/?layers=tiles")
            legend = map_frame(tiled).locator("#legend")
            expect(legend).to_contain_text("Online tiles did not load", timeout=30_000)
            assert "KURILS_ONLINE_TILES=1" in legend.inner_text()
            assert map_frame(tiled).locator("#attribution").is_hidden()  # no credit for tiles not shown


@contextlib.contextmanager
def _framing_site(target: str) -> Iterator[str]:
    """A page on another loopback origin with an iframe of `target`."""
    from tools.browser import free_port

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = f"<iframe width=800 height=600 src='{target}'></iframe>".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_missing_deck_gl_gives_a_message_with_the_fix(tmp_path, monkeypatch):
    """Without deck.gl's files the map (Map and Story pages) says how to restore them: no exception, no server path."""
    from streamlit.testing.v1 import AppTest

    import kurils.builders.vendor as vendor
    import view.mapcomponent

    monkeypatch.setattr(vendor, "FOLDER", tmp_path / "vendor")  # a damaged copy, without the bundles
    monkeypatch.setattr(view.mapcomponent, "_assets_present", False)  # a server that never found them
    at = AppTest.from_string(
        "from view.mapcomponent import map_view\nimport streamlit as st\nst.write(map_view({}, key='m'))",
        default_timeout=30,
    )
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    (message,) = [e.value for e in at.error]
    assert "git checkout" in message and "python -m kurils.builders.vendor --check" in message
    assert str(tmp_path) not in message
    assert not at.get("component_instance")


# No package index and no local wheels: what a first run without network sees.
OFFLINE = {"PIP_NO_INDEX": "1", "PIP_CONFIG_FILE": os.devnull}


def _make_venv(tmp_path, py: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    venv = tmp_path / "venv"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_") and k != "VIRTUAL_ENV"} | OFFLINE
    done = subprocess.run(
        ["make", "-C", str(REPO_ROOT), f"VENV={venv}", f"PY={py}", f"{venv}/bin/python"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    return done, venv


@pytest.mark.slow
def test_an_offline_first_setup_leaves_no_half_made_venv(tmp_path):
    """With no package index reachable and the venv's setuptools too old, `make` fails and keeps no venv."""
    done, venv = _make_venv(tmp_path, sys._base_executable)
    assert done.returncode != 0 and not venv.exists(), done.stderr


@pytest.mark.slow
def test_an_offline_first_setup_with_a_recent_setuptools_needs_no_network(tmp_path):
    """When the new venv already has setuptools >= 83, making it asks the network for nothing."""
    import setuptools

    here = Path(setuptools.__file__).parent.parent  # this venv's site-packages, setuptools 84
    fake = tmp_path / "python-with-setuptools"
    fake.write_text(
        f"""#!/bin/sh
set -e
{sys._base_executable} "$@"
site="$3/lib/python{sys.version_info.major}.{sys.version_info.minor}/site-packages"
rm -rf "$site"/setuptools*
cp -r {here}/setuptools {here}/setuptools-{setuptools.__version__}.dist-info "$site"/
""",
        encoding="utf-8",
    )
    fake.chmod(0o755)
    done, venv = _make_venv(tmp_path, str(fake))
    assert done.returncode == 0 and (venv / "bin" / "python").exists(), done.stderr


def test_the_container_serves_with_the_headers():
    """The Dockerfile runs app.py (the atlas with the security headers), not bare atlas.py."""
    cmd = [line for line in (REPO_ROOT / "Dockerfile").read_text().splitlines() if line.startswith("CMD")]
    assert cmd and '"run", "app.py"' in cmd[-1]
