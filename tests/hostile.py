"""A hostile copy of a geodata folder, for the security tests: script-injection payloads put in
every free-text field of every layer and table. The copy still passes `kurils validate` (the
payloads break no schema), so the app serves it and every page shows it."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

from kurils.model.geojson_io import dumps_collection, read_collection

PAYLOADS = [
    "<script>window.__pwned='script'</script>",
    "<img src=x onerror=\"window.__pwned='img'\">",
    "<svg onload=window.__pwned='svg'>",
    "\"><script>window.__pwned='attr-break'</script>",
    "'><img src=x onerror=window.__pwned='single-quote'>",
    "javascript:window.__pwned='js-url'",
    "[click me](javascript:window.__pwned='md-link')",
    "<a href=\"javascript:window.__pwned='a-href'\">link</a>",
    "<iframe src=\"javascript:window.__pwned='iframe'\"></iframe>",
    "<details open ontoggle=window.__pwned='details'>",
    "&lt;script&gt;window.__pwned='entity'&lt;/script&gt;",
    "%3Cscript%3Ewindow.__pwned='percent'%3C/script%3E",
    "＜script＞window.__pwned='fullwidth'＜/script＞",
    "<scr<script>ipt>window.__pwned='nested'</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned='mxss'>",
    "{{constructor.constructor(\"window.__pwned='template'\")()}}",
    "${window.__pwned='template-literal'}",
    "<style>body{background:url(\"javascript:window.__pwned='css'\")}</style>",
    "![x](x\" onerror=\"window.__pwned='md-image')",
    "<input autofocus onfocus=window.__pwned='autofocus'>",
    "<ScRiPt>window.__pwned='mixed-case'</sCrIpT>",
    "<object data=\"data:text/html,<script>parent.window.__pwned='object'</script>\"></object>",
    "<!--<img src=x onerror=window.__pwned='comment'>-->",
    "</textarea><script>window.__pwned='textarea'</script>",
    "$$\\href{javascript:window.__pwned='katex'}{x}$$",
]
MARKER = "window.__pwned"

# Free-text fields: no enum, pattern, id or date; names in both island files must stay equal.
TABLE_FIELDS = {
    "island_names": ["name_en", "name_ja", "name_ja_latn", "note"],
    "timeline": ["note"],
    "events": ["title_en", "summary_en", "note", "place"],
    "positions": ["statement_en", "attributed_to"],
    "population": ["who", "note"],
    "sources": ["title", "publisher"],
    "story": ["period_en", "title_en", "text_en"],
    "translations": ["text", "note"],
}
LAYER_FIELDS = {"islands": ["name_en", "name_ja", "name_ja_latn"], "land": ["name_en"], "claims": ["name_en", "note"]}
MAX_LENGTH = {"title_en": 80}
OPTIONAL = {"place"}  # poisoned only where given: a place needs its kind


def poison(value: str, k: int, field: str) -> str:
    """The k-th payload before the original text (ids of rows stay as they were)."""
    text = f"{PAYLOADS[k % len(PAYLOADS)]} {value}".strip()
    return text[: MAX_LENGTH.get(field, len(text))]


def make(source: Path, target: Path) -> Path:
    """Copy `source` to `target` with every free-text field poisoned; returns `target`."""
    shutil.copytree(source, target)
    names: dict[str, dict[str, str]] = {}
    k = 0
    for table, fields in TABLE_FIELDS.items():
        path = target / f"{table}.csv"
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        for row in rows:
            for field in fields:
                if field in OPTIONAL and not row[field]:
                    continue  # an event at no one place stays so
                row[field] = poison(row[field], k, field)
                k += 1
            if table == "island_names":
                names[row["id"]] = {f: row[f] for f in ("name_en", "name_ja", "name_ja_latn")}
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")
    for layer, fields in LAYER_FIELDS.items():
        path = target / f"{layer}.geojson"
        data = read_collection(path)
        for feature in data["features"]:
            props = feature["properties"]
            for field in fields:
                if layer == "islands":
                    props[field] = names[props["id"]][field]
                else:
                    props[field] = poison(props[field], k, field)
                    k += 1
        path.write_text(dumps_collection(data["features"], data.get("metadata")), encoding="utf-8")
    return target


def corpus_json() -> str:
    return json.dumps(PAYLOADS, ensure_ascii=False, indent=1)
