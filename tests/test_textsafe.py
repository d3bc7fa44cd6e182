"""Text from data goes through Markdown as text: escaped, and links only to http(s)."""

import pytest

from kurils.present.textsafe import WORD_JOINER, md_escape, md_link, safe_url


def test_markdown_and_html_are_escaped():
    """Markup characters come out backslash-escaped, so Markdown shows them literally."""
    assert (
        md_escape("<script>alert(1)</script> **x** [a](b)") == r"\<script\>alert\(1\)\</script\> \*\*x\*\* \[a\]\(b\)"
    )


def test_only_http_links_survive():
    """javascript: and data: URLs are refused; parentheses cannot end the link early."""
    assert safe_url("javascript:alert(1)") is None and safe_url("data:text/html,x") is None
    assert safe_url("https://example.org/a_(b)") == "https://example.org/a_%28b%29"
    assert md_link("T", "javascript:alert(1)") == "T"
    assert md_link("T[1]", "https://example.org/") == r"[T\[1\]](https://example.org/)"


def test_bare_urls_and_addresses_are_not_auto_links():
    """Bare http(s)://, www. and user@host get an invisible word joiner inside, so GFM cannot link them."""
    out = md_escape("see https://evil.example, HTTP://x.y, www.evil.example and a@b.c")
    assert "https://" not in out.replace("\\", "") and "www." not in out.replace("\\", "")
    assert "a@" not in out and out.replace(WORD_JOINER, "").replace("\\", "") == (
        "see https://evil.example, HTTP://x.y, www.evil.example and a@b.c"
    )
    assert md_escape("Kunashiri 1945") == "Kunashiri 1945"  # ordinary text unchanged


AUTOLINK_APP = """
import streamlit as st
from kurils.present.textsafe import md_escape, md_link
st.markdown("data: " + md_escape("see https://evil.example and a@b.c, www.evil.example, mailto:x@y.z, HTTPS://A.B"))
st.markdown("raw: see https://evil.example")
st.markdown("checked: " + md_link("ok", "https://good.example/"))
"""


@pytest.mark.browser
def test_no_auto_links_in_the_rendered_page(tmp_path):
    """In Chromium, escaped data text renders with no <a> and reads as written; md_link still links."""
    from tools.browser import chromium, streamlit_server

    script = tmp_path / "autolink_app.py"
    script.write_text(AUTOLINK_APP, encoding="utf-8")
    with streamlit_server(script=str(script)) as url, chromium() as browser:
        page = browser.new_page()
        page.goto(url)
        page.get_by_text("checked:").wait_for(timeout=30_000)
        blocks = {
            el.inner_text().split(":")[0]: (
                el.inner_text(),
                [a.get_attribute("href") for a in el.query_selector_all("a")],
            )
            for el in page.query_selector_all("[data-testid=stMarkdownContainer]")
        }
    text, links = blocks["data"]
    assert links == [] and text.replace(WORD_JOINER, "").endswith("www.evil.example, mailto:x@y.z, HTTPS://A.B")
    assert blocks["raw"][1] == ["https://evil.example"]  # the renderer does auto-link: the check above is real
    assert blocks["checked"][1] == ["https://good.example/"]
