"""Colours of the states: the Okabe-Ito palette (safe for the common colour-vision deficiencies,
and strong enough to read on a projector). Facts decide colours; the point of view never does."""

from __future__ import annotations

RGB = {
    "japan": (213, 94, 0),            # vermillion
    "russian_empire": (86, 180, 233),  # sky blue
    "ussr": (204, 121, 167),          # reddish purple
    "russia": (0, 114, 178),          # blue
    "contested": (230, 159, 0),       # orange
    "none": (187, 187, 187),          # grey
}
LABEL_EN = {
    "japan": "Japan",
    "russian_empire": "Russian Empire",
    "ussr": "Soviet Union",
    "russia": "Russia",
    "contested": "contested (fighting)",
    "none": "no state",
    "undetermined": "undetermined",
}
TRANSPARENT = (0, 0, 0, 0)
CLAIM_KINDS = ("boundary", "claim", "offer", "admin")


def rgba(state: str, alpha: int = 255) -> list[int]:
    return [*RGB.get(state, RGB["none"]), alpha]


def hex_colour(state: str) -> str:
    return "#{:02x}{:02x}{:02x}".format(*RGB.get(state, RGB["none"]))


def claim_outline(controller: str, claimants: list[str]) -> list[int]:
    """The second encoding: the colour of a claimant other than the holder, else nothing."""
    others = [c for c in claimants if c != controller]
    return rgba(others[0]) if others else list(TRANSPARENT)
