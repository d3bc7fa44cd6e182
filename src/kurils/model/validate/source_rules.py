"""Rules for sources.csv: one row per document, so that a document is cited by one id only.

Two rows are the same document when their addresses normalise to the same text (`normalise_url`):
a row's address is its `url` (the original), or, when the original has none, its `via` (the copy
it was read in, which shows that one document). The normalisation is conservative: it only undoes
differences that never change which document a server returns, so two distinct documents are never
reported as one.
"""

from __future__ import annotations

import contextlib
import re
from collections import defaultdict
from urllib.parse import unquote, urlsplit

from kurils.model.validate.cross_file import Loaded
from kurils.model.validate.problems import Problem

FILE = "sources.csv"
# Query parameters that only say where a reader came from (they never select a document).
TRACKING_PARAMETERS = frozenset({"fbclid", "gclid"})
TRACKING_PREFIXES = ("utm_",)
DEFAULT_PORTS = {"http": 80, "https": 443}
# At most this many other ids are named in one problem line (a group of thousands stays linear).
MAX_NAMED = 5
# Snapshots of snapshots unwrapped at most (a crafted cell of thousands stays linear).
MAX_SNAPSHOT_DEPTH = 4

# web.archive.org/web/<timestamp><modifier>/<original>: the modifier (`id_`, `if_`, …) only
# changes how the snapshot is framed, and the archive writes the original's `//` as `/` at times.
_WAYBACK = re.compile(r"/web/(\d{1,14})(?:[a-z]{2}_)?/+(.*)\Z", re.IGNORECASE | re.DOTALL)
_SCHEME_ONE_SLASH = re.compile(r"(https?):/(?!/)", re.IGNORECASE)


def normalise_url(url: str) -> str:
    """The form of `url` that two addresses of one document share; "" for an empty URL.

    - the scheme is dropped: `http` and `https` serve the same document (the result starts with
      the host);
    - the host is lower-cased, loses a leading `www.` and a trailing `.`, and an international
      name is written in its ASCII (`xn--`) form; the port is dropped when it is the scheme's
      default (80, 443);
    - percent-escapes are decoded in the path and the query, so `%E5%8D%83` and `千` (and `%7E`
      and `~`, `%2c` and `%2C`) compare equal; the characters that structure a URL (`/` in a
      path segment, `&` `=` `+` in a query value, `%`, `?`, `#`) stay escaped, so `a%2Fb` is
      not `a/b`. A `+` in the query is a space, as in a form;
    - one or more trailing `/` of the path are dropped, so `/a/` is `/a` and `/` is empty;
    - query parameters are kept, in their order (`?id=1` and `?id=2` are different documents),
      except the tracking parameters `utm_*`, `fbclid` and `gclid`;
    - the fragment (`#section`) is dropped: it is a place in the document, not another one.

    Left as they are, because they can name different documents: the path's letter case,
    `/dir/` against `/dir/index.html`, a mobile host (`ja.m.wikipedia.org`) against the desktop
    one, and the order of query parameters.

    A copy in the Internet Archive, `web.archive.org/web/<timestamp>/<original>`, is NOT the
    original: it is the page as it was on that day, and a page that changed since (a government's
    position page, an article revised) is another document, which a source may cite on purpose.
    Its original part is normalised as above and its timestamp kept, so two links to one snapshot
    compare equal (`id_` and other modifiers dropped, `http:/` read as `http://`), and two
    snapshots of different days do not.
    """
    prefix = ""  # the snapshots this URL is inside (a loop, not recursion: archives of archives)
    for depth in range(MAX_SNAPSHOT_DEPTH + 1):
        url = url.strip()
        if not url:
            return ""
        try:
            parts = urlsplit(url)
        except ValueError:  # e.g. an unclosed `[` of an IPv6 host (the schema may not catch it)
            return prefix + url
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS:
            return prefix + url  # not a web address (the schema reports it): compared as written
        host = _host(parts.netloc, scheme)
        snapshot = _snapshot(host, parts.path, parts.query) if depth < MAX_SNAPSHOT_DEPTH else None
        if snapshot is None:
            query = _query(parts.query)
            return prefix + host + _path(parts.path) + (f"?{query}" if query else "")
        timestamp, url = snapshot
        prefix += f"{host}/web/{timestamp}/"
    raise AssertionError("unreachable: the last pass reads no snapshot")


def hosts(url: str) -> list[str]:
    """The host `url` names, then, when it is a snapshot in the Internet Archive, the host of the
    page it copies (and so on, MAX_SNAPSHOT_DEPTH snapshots deep). Each is written as
    `normalise_url` writes a host (`ascii_host`), but keeps a leading `www.` and never has a
    port or user name. Nothing for an address that is not http or https, or that cannot be read."""
    found: list[str] = []
    for depth in range(MAX_SNAPSHOT_DEPTH + 1):
        try:
            parts = urlsplit(url.strip())
            name = parts.hostname  # lower-cased, without user name and port; may raise for a bad `[`
        except ValueError:
            return found
        if parts.scheme.lower() not in DEFAULT_PORTS or not name:
            return found
        found.append(ascii_host(name))
        snapshot = (
            _snapshot(found[-1].removeprefix("www."), parts.path, parts.query) if depth < MAX_SNAPSHOT_DEPTH else None
        )
        if snapshot is None:
            return found
        url = snapshot[1]
    return found


def ascii_host(host: str) -> str:
    """`host` lower-cased, without a trailing `.`, and an international name in its ASCII (`xn--`)
    form (a name IDNA cannot write stays lower-cased)."""
    host = host.lower().rstrip(".")
    if not host.isascii():
        with contextlib.suppress(UnicodeError):
            host = host.encode("idna").decode("ascii")
    return host


def _snapshot(host: str, path: str, query: str) -> tuple[str, str] | None:
    """For a snapshot in the Internet Archive (`host` without `www.`), its timestamp and the URL of
    the page it copies (`http:/` read as `http://`, a missing scheme as `http://`); else None."""
    snapshot = _WAYBACK.match(path) if host == "web.archive.org" else None
    if snapshot is None:
        return None
    timestamp, original = snapshot.groups()
    original = _SCHEME_ONE_SLASH.sub(r"\1://", original, count=1)
    if not re.match(r"https?://", original, re.IGNORECASE):
        original = "http://" + original
    return timestamp, original + (f"?{query}" if query else "")


def _host(netloc: str, scheme: str) -> str:
    userinfo, _, hostport = netloc.rpartition("@")
    host, port = hostport, ""
    if hostport.startswith("["):  # an IPv6 literal
        end = hostport.find("]")
        if end != -1:
            host, port = hostport[: end + 1], hostport[end + 2 :] if hostport[end + 1 : end + 2] == ":" else ""
    elif ":" in hostport:
        host, port = hostport.rsplit(":", 1)
    host = ascii_host(host).removeprefix("www.")
    if port.isascii() and port.isdigit() and len(port) <= 5 and int(port) == DEFAULT_PORTS[scheme]:
        port = ""
    return (f"{userinfo}@" if userinfo else "") + host + (f":{port}" if port else "")


def _decoded(text: str, keep: str) -> str:
    """`text` with its percent-escapes decoded, then the characters of `keep` (and `%`) escaped
    again in upper-case hex. Escapes that are not UTF-8 are left, upper-cased."""
    try:
        plain = unquote(text, errors="strict")
    except UnicodeDecodeError:
        return re.sub(r"%[0-9a-fA-F]{2}", lambda m: m.group(0).upper(), text)
    return "".join(f"%{ord(c):02X}" if c in keep or c == "%" else c for c in plain)


def _path(path: str) -> str:
    segments = [_decoded(s, "/?# ") for s in path.split("/")]
    return "/".join(segments).rstrip("/")


def _query(query: str) -> str:
    """The query's `key=value` pairs, in order, less the tracking ones. In each key and value `+`
    is a space (written `+` again) and a literal `+`, `&`, `=`, `#` stays escaped."""
    pairs = []
    for pair in query.split("&"):
        if not pair:
            continue
        key, has_value, value = pair.partition("=")
        key, value = (_decoded(t.replace("+", " "), "&=+#").replace(" ", "+") for t in (key, value))
        if key.lower() in TRACKING_PARAMETERS or key.lower().startswith(TRACKING_PREFIXES):
            continue
        pairs.append(f"{key}={value}" if has_value else key)
    return "&".join(pairs)


def problems(loaded: Loaded, labels: dict[str, list[str]]) -> list[Problem]:
    """`duplicate-document`: every row after the first whose address (`url`, else `via`) normalises
    to that of an earlier row, naming the group's other rows (ids) and the normalised address. Rows
    without either are never the same document (`no-address` reports them)."""
    if "sources" not in loaded.tables:
        return []
    groups: dict[str, list[int]] = defaultdict(list)
    rows = loaded.tables["sources"]
    for i, r in enumerate(rows):
        key = normalise_url(str(r.get("url") or "") or str(r.get("via") or ""))
        if key:
            groups[key].append(i)
    out = []
    for key, members in groups.items():
        if len(members) < 2:
            continue
        for i in members[1:]:
            others = [j for j in members[: MAX_NAMED + 1] if j != i][:MAX_NAMED]  # not all: linear in the group
            named = ", ".join(f"{rows[j].get('id')} ({labels['sources'][j]})" for j in others)
            if len(members) - 1 > MAX_NAMED:
                named += f" and {len(members) - 1 - MAX_NAMED} more"
            message = f"the same document as {named}: keep one id and cite it everywhere"
            out.append(Problem(FILE, labels["sources"][i], "url", "duplicate-document", message, key))
    return out
