"""The handouts' legend: which fills and rings a printed map shows, as entries the handouts draw
themselves (the app's map draws its own legend in the browser: kurils.present.maptext).

Without statuses the legend lists every holder and explains the ring in general; with a day's
statuses it lists only the holders and the ring colours present that day, so a printed page explains
exactly what it shows. It also sets matplotlib's fonts for every handout."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from kurils.model.timeline import Status
from kurils.present.i18n import N_, gettext
from kurils.present.palette import RGB, claim_outline, held_by, state_name

# Latin and Cyrillic from DejaVu; Japanese from Noto Sans CJK (Debian's fonts-noto-cjk), by fallback.
FONTS = ["DejaVu Sans", "Noto Sans CJK JP"]
plt.rcParams["font.family"] = FONTS
plt.rcParams["pdf.fonttype"] = 42  # embed TrueType: text stays text (searchable, copyable) in handouts

HOLDERS = ("japan", "russian_empire", "ussr", "russia", "contested")
RING = N_("ring: claimed also by (its colour)")
RING_BY = N_("ring: also claimed by {state}")
RING_FACE = (1.0, 1.0, 1.0)  # a ring's swatch is hollow: the ring goes round any holder's fill

RGBf = tuple[float, float, float]


def _rgb(state: str) -> RGBf:
    r, g, b = RGB.get(state, RGB["none"])
    return r / 255, g / 255, b / 255


@dataclass(frozen=True)
class Present:
    """The states a day's map shows: holders (fills) and other claimants (ring colours), in legend order."""

    holders: tuple[str, ...]
    rings: tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    """One line of the legend: a swatch (face, and an edge for a ring) and its words."""

    label: str
    face: RGBf
    edge: RGBf | None = None


def ring_state(controller: str, claimants: Iterable[str]) -> str | None:
    """The state whose colour rings an island, as the map draws it (palette.claim_outline), or None."""
    colour = claim_outline(controller, list(claimants))
    if not colour[3]:
        return None
    by_colour = {tuple(rgb): state for state, rgb in RGB.items()}
    return by_colour.get(tuple(colour[:3]))


def present(statuses: Iterable[Status]) -> Present:
    """The holders and ring colours present among `statuses` (one day's map)."""
    holders, rings = set(), set()
    for s in statuses:
        holders.add(s.controller)
        ring = ring_state(s.controller, s.claimants)
        if ring is not None:
            rings.add(ring)
    return Present(tuple(sorted(holders, key=_order)), tuple(sorted(rings, key=_order)))


def _order(state: str) -> tuple[int, str]:
    known = (*HOLDERS, "none")
    return (known.index(state) if state in known else len(known), state)


def entries(lang: str = "en", statuses: Iterable[Status] | None = None) -> list[Entry]:
    """The legend's lines in `lang`: every holder and the ring in general, or, given a day's
    statuses, only the holders and the ring colours present that day."""
    _ = gettext(lang)
    if statuses is None:
        out = [Entry(held_by(s, lang), _rgb(s)) for s in HOLDERS]
        return [*out, Entry(_(RING), _rgb("russia"), _rgb("japan"))]
    shown = present(statuses)
    out = [Entry(held_by(s, lang), _rgb(s)) for s in shown.holders]
    return out + [Entry(_(RING_BY).format(state=state_name(s, lang)), RING_FACE, _rgb(s)) for s in shown.rings]
