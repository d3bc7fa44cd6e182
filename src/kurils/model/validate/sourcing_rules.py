"""The sourcing policy (CONTRIBUTING.md, "Sources"), checked on what cites and what is cited.

- `weak-sourcing`: an event or a timeline interval must rest on a primary document, an official
  statement or scholarship, or on at least two press sources from different publishers (the
  same wire story printed by two papers is one source: a press row's author, else its publisher,
  says whose story it is). References and secondary sources may be cited beside them, never alone.
- `untranslated-quote`: a quote from a document not in English needs its English translation.
- `no-address`: a source needs the original's address (`url`) or where it was read (`via`).

Rows with unknown ids are left to the cross-file rules (unknown-source); rows without a kind to the
schema (required).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from kurils.model.validate.cross_file import Loaded, split_list
from kurils.model.validate.problems import Problem
from kurils.model.vocab import INDEPENDENT_PRESS, SOURCE_KINDS, STRONG_KINDS

CITING = ("events", "timeline")


def _voice(source: dict[str, Any]) -> str:
    """Whose story a press source is: its author (a wire service reprinted by a paper), else its publisher."""
    return " ".join(str(source.get("author") or source.get("publisher") or "").casefold().split())


def strength(cited: list[dict[str, Any]]) -> str | None:
    """None when `cited` meets the policy; else what the citations amount to, e.g. `press 1, secondary 2`."""
    kinds = Counter(str(s.get("kind") or "") for s in cited)
    if STRONG_KINDS & set(kinds):
        return None
    voices = {_voice(s) for s in cited if s.get("kind") == "press"}
    if len(voices - {""}) >= INDEPENDENT_PRESS:
        return None
    order = {k: i for i, k in enumerate(SOURCE_KINDS)}
    return ", ".join(f"{k} {n}" for k, n in sorted(kinds.items(), key=lambda kn: order.get(kn[0], len(order))))


def problems(loaded: Loaded, labels: dict[str, list[str]]) -> list[Problem]:
    sources = {str(s.get("id")): s for s in loaded.tables.get("sources", [])}
    out = [*_source_row_problems(loaded, labels)]
    if "sources" not in loaded.tables:
        return out
    for name in CITING:
        for label, row in zip(labels.get(name, []), loaded.tables.get(name, [])):
            cited = [sources[i] for i in split_list(row.get("source_ids")) if i in sources]
            if not cited:
                continue  # no known source: unknown-source or the schema's required says so
            found = strength(cited)
            if found is not None:
                message = (
                    "needs a primary, official or scholarly source, or press sources from "
                    f"{INDEPENDENT_PRESS} different publishers; cited: {found}"
                )
                out.append(
                    Problem(f"{name}.csv", label, "source_ids", "weak-sourcing", message, str(row["source_ids"]))
                )
    return out


def _source_row_problems(loaded: Loaded, labels: dict[str, list[str]]) -> list[Problem]:
    out = []
    for label, s in zip(labels.get("sources", []), loaded.tables.get("sources", [])):
        quote, language = str(s.get("quote") or ""), str(s.get("language") or "")
        if quote and language and language != "en" and not s.get("quote_en"):
            message = f"a quote in {language} needs its English translation in quote_en"
            out.append(Problem("sources.csv", label, "quote_en", "untranslated-quote", message, quote))
        if not s.get("url") and not s.get("via"):
            message = "give the original's address (url) or where it was read (via)"
            out.append(Problem("sources.csv", label, "url", "no-address", message, str(s.get("id") or "")))
    return out
