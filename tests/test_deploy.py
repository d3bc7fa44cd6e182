"""Two Streamlit replicas behind Debian's nginx on loopback (tools.deploy): gzip, security headers,
per-client limits, sticky sessions, and browser sessions through it with zero failures."""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from collections import defaultdict

import pytest

from tools.deploy import TEMPLATE

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def cluster():
    from tools.deploy import cluster as start

    with start(replicas=2) as (url, logs):
        yield url, logs


def _get(url: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as r:
        return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()


def test_gzip_and_security_headers(cluster):
    url, _ = cluster
    status, headers, body = _get(url + "/")
    assert status == 200
    for name in (
        "content-security-policy",
        "x-content-type-options",
        "x-frame-options",
        "referrer-policy",
        "permissions-policy",
    ):
        assert name in headers, name
    from tools.headers import content_security_policy

    assert headers["content-security-policy"] == content_security_policy()  # the single server's policy
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "SAMEORIGIN"
    # "Embed this view": the map page asked for alone, and the map's own page, may be framed anywhere.
    for path in ("/?date=1945-09-02&embedded=1&embed=true", "/component/view.mapcomponent.kurils_map/index.html"):
        try:
            framed = _get(url + path)[1]
        except urllib.error.HTTPError as answer:  # the component is declared by a session's first map page
            framed = {k.lower(): v for k, v in answer.headers.items()}
        assert framed["content-security-policy"] == content_security_policy(embeddable=True), path
        assert "x-frame-options" not in framed, path
    assert _get(url + "/sources?embedded=2")[1]["x-frame-options"] == "SAMEORIGIN"
    script = re.search(rb'src="\.?/?(static/js/[^"]+\.js)"', body).group(1).decode()
    plain = len(_get(f"{url}/{script}")[2])
    status, headers, zipped = _get(f"{url}/{script}", **{"Accept-Encoding": "gzip"})
    assert headers.get("content-encoding") == "gzip" and len(zipped) < plain / 2


def test_browser_sessions_through_nginx_stick_to_one_replica(cluster):
    """Six sessions load the map and move the date three times each through nginx: all succeed,
    no CSP violation is reported, and each session's requests all reach one replica (both used)."""
    from tools.browser import chromium, map_frame

    url, logs = cluster
    failures, violations = [], []
    with chromium() as browser:
        for n in range(6):
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
            try:
                page.goto(f"{url}/?date=1945-08-2{n}")
                slider = map_frame(page).get_by_role("slider")
                for _ in range(3):  # each move: the map tells the server, which answers; the URL carries the new date
                    before = page.url
                    slider.focus()
                    page.keyboard.press("ArrowRight")
                    page.wait_for_function("(u) => location.href !== u", arg=before, timeout=15_000)
            except Exception as e:
                failures.append(repr(e))
            finally:
                context.close()
    assert failures == [] and violations == []
    replicas_of = defaultdict(set)
    for line in (logs / "access.log").read_text().splitlines():
        match = re.search(r"affinity=(\S+) upstream=(\S+)", line)
        if match and match.group(2) != "-":
            replicas_of[match.group(1)].add(match.group(2))
    sessions = {a: r for a, r in replicas_of.items() if len(a) == 32}
    assert sessions and all(len(r) == 1 for r in sessions.values()), sessions
    assert len({next(iter(r)) for r in sessions.values()}) == 2, "both replicas serve sessions"


def test_a_client_over_the_limits_is_refused_while_others_work(cluster):
    """One address (127.0.0.2) opening 80 WebSockets gets at most the template's 60, the rest 429;
    meanwhile a session from 127.0.0.1 loads and runs its page; closing frees the limit again."""
    from websockets.exceptions import InvalidStatus

    from tools.wsclient import open_session, run_page

    url, _ = cluster
    limit = int(re.search(r"limit_conn ws_per_client (\d+);", TEMPLATE.read_text()).group(1))
    held, refused = [], []
    try:
        for _ in range(limit + 20):
            try:
                held.append(open_session(url, source="127.0.0.2"))
            except InvalidStatus as e:
                refused.append(e.response.status_code)
        assert len(held) <= limit and len(refused) >= 20 and set(refused) == {429}, (len(held), refused)
        assert _get(url + "/")[0] == 200
        with open_session(url) as ws:
            assert run_page(ws, timeout_s=60).finished
    finally:
        for ws in held:
            ws.close()
    time.sleep(1.5)  # the handshake rate (10/s) refills
    with open_session(url, source="127.0.0.2") as ws:
        assert run_page(ws, timeout_s=60).finished
