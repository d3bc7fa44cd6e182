"""Text from data shown through Markdown: escaped so it is shown, never interpreted."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")
# GitHub-flavoured Markdown (Streamlit's renderer) turns bare `http://`, `https://`, `www.` and
# `user@host` into links after parsing, so backslash escapes and entities do not stop it. A WORD
# JOINER (U+2060: invisible, no line break, not a word character) inside each trigger does: the
# text reads the same and is no longer a link. Links come only through `md_link`/`safe_url`.
WORD_JOINER = "\u2060"
_AUTOLINK_TRIGGER = re.compile(r"(?i)(https?)(?=:)|(www)(?=\.)|(?=@)")


def _no_autolink(text: str) -> str:
    return _AUTOLINK_TRIGGER.sub(lambda m: (m.group(0) or "") + WORD_JOINER, text)


def md_escape(text: object) -> str:
    """Every Markdown/HTML control character backslash-escaped, auto-links (bare URLs, `www.`,
    e-mail addresses) broken with an invisible word joiner; line breaks kept as spaces."""
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", _no_autolink(flat))


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
