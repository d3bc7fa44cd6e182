"""How a source is cited to a reader: its title linked to the original, its kind, where a copy was
read, and its verbatim quote with the English translation (pure: Markdown out, every text escaped)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from kurils.model.vocab import SOURCE_KINDS
from kurils.present.i18n import N_, gettext
from kurils.present.textsafe import md_escape, md_link

Source = Mapping[str, Any]

KIND_LABELS = {
    "primary": N_("primary document"),
    "official": N_("official statement"),
    "scholarship": N_("scholarship"),
    "press": N_("press"),
    "reference": N_("reference work"),
    "secondary": N_("secondary source"),
}
assert tuple(KIND_LABELS) == SOURCE_KINDS


def kind_label(kind: str, lang: str) -> str:
    return gettext(lang)(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").removeprefix("www.")
    except ValueError:
        return ""


def address(source: Source) -> str:
    """Where a citation links: the original, or the copy read when the original has no address."""
    return str(source.get("url") or "") or str(source.get("via") or "")


def note(source: Source, lang: str) -> str:
    """What follows a citation's title, as plain text: its kind, and the copy it was read in."""
    _ = gettext(lang)
    notes = [kind_label(str(source.get("kind") or ""), lang)]
    via = str(source.get("via") or "")
    if via:
        notes.append(_("read in a copy at {host}").format(host=host(via)))
    return "; ".join(n for n in notes if n)


def citation(source: Source, lang: str) -> str:
    """`[Title](original) (kind; read in a copy at host)`."""
    return f"{md_link(source['title'], address(source))} ({md_escape(note(source, lang))})"


def citations(sources: Mapping[str, Source], ids: Iterable[str], lang: str) -> str:
    """The cited sources on one line, `; `-separated; an unknown id (refused by the validator) as itself."""
    return "; ".join(citation(sources[i], lang) if i in sources else md_escape(i) for i in ids)


def short_citations(sources: Mapping[str, Source], ids: Iterable[str]) -> str:
    """The cited sources by publisher, each linked to the original (or the copy read), `; `-separated: where
    space is short (the map's comparison panel); the full citation is a click or a download away."""
    out = []
    for i in ids:
        s = sources.get(i)
        if s is not None:
            out.append(md_link(s.get("publisher") or s["title"], str(s.get("url") or "") or str(s.get("via") or "")))
    return "; ".join(out)


def quote_block(source: Source, lang: str) -> str:
    """The source's quote in quotation marks, its English translation on the next line (only the English
    when the source gives its text in English only, as an abstract; "" without either). Quotation marks,
    not a Markdown block quote: no text of ours reaches the page as markup, not even a `>`."""
    quote, english = str(source.get("quote") or ""), str(source.get("quote_en") or "")
    _ = gettext(lang)
    translation = "*" + md_escape(_("In English: {text}").format(text=english)) + "*" if english else ""
    if not quote:
        return translation
    return f"“{md_escape(quote)}”" + (f"  \n{translation}" if translation else "")


def quotes(sources: Mapping[str, Source], ids: Iterable[str], lang: str) -> str:
    """Each cited source with its quote (or a note that none is recorded): for an expander under a card."""
    _ = gettext(lang)
    parts = []
    for i in ids:
        if i not in sources:
            continue
        block = quote_block(sources[i], lang) or "*" + md_escape(_("No quote recorded for this source.")) + "*"
        parts.append(citation(sources[i], lang) + "\n\n" + block)
    return "\n\n".join(parts)


def kind_counts(sources: Iterable[Source]) -> dict[str, int]:
    """How many sources of each kind, in SOURCE_KINDS order (kinds with none left out)."""
    counts = dict.fromkeys(SOURCE_KINDS, 0)
    for s in sources:
        kind = str(s.get("kind") or "")
        if kind in counts:
            counts[kind] += 1
    return {k: n for k, n in counts.items() if n}
