""" "Embed this view": the map of the current view (date, point of view, language, layers, compared
date) alone, in a frame another site can place in an article or a course page. The frame's page is
the atlas's own map page with `embedded=1` (the map, its controls and legend, no navigation) and
Streamlit's `embed=true` (no toolbar); tools/headers.py lets any site frame exactly that page."""

from __future__ import annotations

import html
from urllib.parse import urlencode, urlsplit, urlunsplit

from kurils.present.i18n import day_text, gettext
from kurils.present.urlstate import State

HEIGHT = 640  # pixels: the map, its controls and legend, and a line under it


def app_root(page_url: str) -> str | None:
    """The atlas's address from the page's own (scheme, host, port and path; no query, no
    fragment), or None when it is not an http(s) address with a host."""
    parts = urlsplit(page_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    path = parts.path if parts.path.endswith("/") else parts.path.rsplit("/", 1)[0] + "/"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def view_url(root: str, state: State, embedded: bool) -> str:
    """The link of a view: the whole atlas, or (embedded) the map alone for a frame."""
    params = state.to_params()
    params.pop("present", None)  # projector mode is the classroom's, not the article's
    params.pop("embedded", None)
    if embedded:
        params.update({"embedded": "1", "embed": "true"})  # ours: the map alone; Streamlit's: no toolbar
    return f"{root}?{urlencode(params)}"


def snippet(root: str, state: State) -> str:
    """The HTML a site pastes: an <iframe> of this view, every value escaped for its attribute."""
    _ = gettext(state.lang)
    title = _("Kuril Islands atlas: the map on {date}").format(date=day_text(state.day, state.lang))
    attributes = {
        "src": view_url(root, state, embedded=True),
        "title": title,
        "width": "100%",
        "height": str(HEIGHT),
        "style": "border: 0",
        "loading": "lazy",
    }
    inside = " ".join(f'{name}="{html.escape(value, quote=True)}"' for name, value in attributes.items())
    return f"<iframe {inside}></iframe>"
