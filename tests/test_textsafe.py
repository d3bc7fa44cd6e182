"""Text from data goes through Markdown as text: escaped, and links only to http(s)."""

from kurils.present.textsafe import md_escape, md_link, safe_url


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
