"""The production configuration: XSRF and CORS on, no uploads, bounded messages, no error details
for visitors, the developer menu hidden."""

from __future__ import annotations

import tomllib
import urllib.request

import pytest

from kurils.paths import REPO_ROOT

CONFIG = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_production_settings():
    server, client = CONFIG["server"], CONFIG["client"]
    assert server["enableXsrfProtection"] is True and server["enableCORS"] is True
    assert server["maxUploadSize"] == 1 and server["maxMessageSize"] <= 16
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
