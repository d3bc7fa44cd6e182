"""`kurils diff` and the Timeline page's comparison: what changed between two days, in words (Markdown,
in a language), as JSON (the Diff record) or as CSV (one row per changed island, then per event)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Mapping

from kurils.model.compare import Change, Diff
from kurils.present.citations import Source, citations, short_citations
from kurils.present.i18n import day_text, gettext, join
from kurils.present.palette import held_by, state_name
from kurils.present.textsafe import md_escape
from kurils.present.words import Translate, english

CSV_FIELDS = (
    "kind",
    "date",
    "island_id",
    "name_en",
    "changed",
    "controller_before",
    "controller_after",
    "administrator_before",
    "administrator_after",
    "claimants_before",
    "claimants_after",
    "event_id",
    "title_en",
    "source_ids",
)


def to_json(d: Diff) -> str:
    return json.dumps(d.record(), ensure_ascii=False, indent=2) + "\n"


def to_csv(d: Diff) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for c in d.changes:
        r = c.record()
        writer.writerow(
            {
                **{k: ";".join(v) if isinstance(v, list) else v for k, v in r.items()},
                "kind": "change",
                "date": d.end.isoformat(),
            }
        )
    for e in d.events:
        writer.writerow(
            {
                "kind": "event",
                "date": e["date"],
                "event_id": e["id"],
                "title_en": e["title_en"],
                "source_ids": e["source_ids"],
            }
        )
    return out.getvalue()


def change_text(c: Change, lang: str) -> str:
    """One island's change in words: `held by Japan → held by the Soviet Union; …` (not escaped)."""
    _ = gettext(lang)
    parts = []
    if "controller" in c.fields:
        parts.append(f"{held_by(c.before.controller, lang)} → {held_by(c.after.controller, lang)}")
    if "administrator" in c.fields:
        parts.append(
            _("administered by {before} → {after}").format(
                before=state_name(c.before.administrator, lang), after=state_name(c.after.administrator, lang)
            )
        )
    if "claimants" in c.fields:
        nobody = _("no one")
        parts.append(
            _("claimed by {before} → {after}").format(
                before=join([state_name(s, lang) for s in c.before.claimants], lang) or nobody,
                after=join([state_name(s, lang) for s in c.after.claimants], lang) or nobody,
            )
        )
    return ("；" if lang == "ja" else "; ").join(parts)


def change_lines(changes: list[Change], names: dict[str, str], lang: str) -> list[str]:
    """The changes as list items, islands with the same change on one line (`**Shumshu, Paramushir**: …`),
    in the order the first of each group comes in `changes`; escaped."""
    groups: dict[str, list[str]] = {}
    for c in changes:
        groups.setdefault(change_text(c, lang), []).append(names.get(c.island_id, c.island_id))
    comma = "、" if lang == "ja" else ", "
    return [f"- **{md_escape(comma.join(islands))}**: {md_escape(text)}" for text, islands in groups.items()]


def to_markdown(
    d: Diff,
    names: dict[str, str],
    lang: str = "en",
    translate: Translate = english,
    chain: list[str] | None = None,
    sources: Mapping[str, Source] | None = None,
    short: bool = False,
) -> str:
    """The changes (north to south when `chain` gives the order) and the events between, in `lang`,
    each event with its sources when `sources` (sources.csv by id) is given, in full or, `short`, by
    publisher; every text escaped."""
    _ = gettext(lang)
    head = _("What changed from {start} to {end}").format(start=day_text(d.start, lang), end=day_text(d.end, lang))
    lines = [f"**{md_escape(head)}**", ""]
    if d.changes:
        lines += [md_escape(_("Islands whose status changed ({n}):").format(n=len(d.changes))), ""]
        order = {island: k for k, island in enumerate(chain or [])}
        changes = sorted(d.changes, key=lambda c: order.get(c.island_id, len(order)))
        lines += change_lines(changes, names, lang)
    else:
        lines.append(md_escape(_("No island's holder, administrator or claimants changed.")))
    lines.append("")
    if d.events:
        lines += [md_escape(_("Events in between ({n}):").format(n=len(d.events))), ""]
        for e in d.events:
            lines.append(
                f"- {md_escape(day_text(dt.date.fromisoformat(e['date']), lang))} · "
                + md_escape(translate("events", e["id"], "title", lang, e["title_en"]))
            )
            if sources is not None:
                ids = [i for i in e["source_ids"].split(";") if i]
                cited = short_citations(sources, ids) if short else citations(sources, ids, lang)
                lines.append("  " + md_escape(_("Sources:")) + " " + cited)
    else:
        lines.append(md_escape(_("No event in between.")))
    return "\n".join(lines) + "\n"
