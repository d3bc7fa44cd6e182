"""Colours of the states: the Okabe-Ito palette (safe for the common colour-vision deficiencies,
and strong enough to read on a projector). Facts decide colours; the point of view never does."""

from __future__ import annotations

from kurils.present.i18n import N_, gettext

RGB = {
    "japan": (213, 94, 0),  # vermillion
    "russian_empire": (86, 180, 233),  # sky blue
    "ussr": (204, 121, 167),  # reddish purple
    "russia": (0, 114, 178),  # blue
    "contested": (230, 159, 0),  # orange
    "none": (187, 187, 187),  # grey
}
LABEL_EN = {
    "japan": N_("Japan"),
    "russian_empire": N_("Russian Empire"),
    "ussr": N_("Soviet Union"),
    "russia": N_("Russia"),
    "contested": N_("contested (fighting)"),
    "none": N_("no state"),
    "undetermined": N_("undetermined"),
    "not_stated": N_("not stated"),  # a position that gives the islands to no state (positions.csv)
}
# Whole phrases, so each language can decline the state's name as it needs to.
HELD_BY = {
    "japan": N_("held by Japan"),
    "russian_empire": N_("held by the Russian Empire"),
    "ussr": N_("held by the Soviet Union"),
    "russia": N_("held by Russia"),
    "contested": N_("contested (fighting)"),
    "none": N_("held by no state"),
}
TRANSPARENT = (0, 0, 0, 0)
# A story chapter before any border (story.csv map_style before_borders): the chain in one colour,
# no state's, as that chapter describes it.
HOMELAND_RGB = (150, 120, 80)
HOMELAND = N_("Ainu homelands (the islands on this map, before any border)")
CLAIM_KINDS = ("boundary", "claim", "offer", "admin")


def state_name(code: str, lang: str = "en") -> str:
    return gettext(lang)(LABEL_EN.get(code, code))


def held_by(code: str, lang: str = "en") -> str:
    return gettext(lang)(HELD_BY.get(code, code))


def rgba(state: str, alpha: int = 255) -> list[int]:
    return [*RGB.get(state, RGB["none"]), alpha]


def hex_colour(state: str) -> str:
    return "#{:02x}{:02x}{:02x}".format(*RGB.get(state, RGB["none"]))


def claim_outline(controller: str, claimants: list[str]) -> list[int]:
    """The second encoding: the colour of a claimant other than the holder, else nothing."""
    others = [c for c in claimants if c != controller]
    return rgba(others[0]) if others else list(TRANSPARENT)
