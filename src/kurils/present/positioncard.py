"""The card beside the map when a government's point of view is chosen: its stated positions in
force on the day, quoted and attributed, with the islands each one covers (pure: Markdown out)."""

from __future__ import annotations

import datetime as dt

from kurils.model.dataset import Dataset
from kurils.present import words
from kurils.present.i18n import day_text, gettext
from kurils.present.textsafe import md_escape


def position_card(ds: Dataset, day: dt.date, pov: str, lang: str, names: dict[str, str]) -> str:
    """Markdown: each position of `pov` ("japan" or "russia") in force on `day`, north to south."""
    _ = gettext(lang)
    covered: dict[str, list[str]] = {}
    positions = {}
    for status in ds.history.status_at(day, pov):
        if status.position is not None:
            covered.setdefault(status.position.id, []).append(status.island_id)
            positions[status.position.id] = status.position
    if not positions:
        return md_escape(_("No stated position of this government is recorded for this day."))
    order = {island: k for k, island in enumerate(ds.chain)}  # the card's order: north to south
    parts = []
    for pid, pos in sorted(positions.items(), key=lambda item: min(order.get(i, 0) for i in covered[item[0]])):
        islands = covered[pid]
        period = _("from {start}").format(start=day_text(pos.start, lang))
        if pos.end:
            period = _("{start} to {end}").format(start=day_text(pos.start, lang), end=day_text(pos.end, lang))
        statement = ds.translate("positions", pid, "statement", lang, pos.statement)
        parts.append(
            "**"
            + md_escape(words.describe_islands(islands, names, ds.chain, lang))
            + "** · "
            + md_escape(pos.attributed_to)
            + " · *"
            + md_escape(period)
            + "*\n\n"
            + md_escape(statement)
        )
    return "\n\n".join(parts)
