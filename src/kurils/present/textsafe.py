"""Text from data shown through Markdown: escaped so it is shown, never interpreted."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")


def md_escape(text: object) -> str:
    """Every Markdown/HTML control character backslash-escaped; line breaks kept as spaces."""
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", flat)


def safe_url(url: str) -> str | None:
    """An http(s) URL with anything that could end a Markdown link percent-encoded; else None."""
    parts = urlsplit(str(url).strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return quote(str(url).strip(), safe=":/?#[]@!$&'*+,;=%~-._").replace("(", "%28").replace(")", "%29")


def md_link(title: object, url: str) -> str:
    """A Markdown link if the URL is http(s), else the escaped title alone."""
    href = safe_url(url)
    return f"[{md_escape(title)}]({href})" if href else md_escape(title)
