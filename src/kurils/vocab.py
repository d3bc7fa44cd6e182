"""The contract's vocabulary and the span of the atlas."""

from __future__ import annotations

import datetime as dt

from .i18n import N_

STATES = ("japan", "russian_empire", "ussr", "russia")
CONTROL = (*STATES, "contested", "none")  # controller / administrator
POVS = ("de_facto", "japan", "russia")

# The atlas starts with the Treaty of Shimoda: every island's first interval opens on this day.
TIMELINE_START = dt.date(1855, 2, 7)

GROUPS = {  # island_names.csv `group` codes, for people
    "northern": N_("Northern Kurils"),
    "middle": N_("Middle Kurils"),
    "southern": N_("Southern Kurils (Iturup and Kunashir)"),
    "lesser": N_("Lesser Kuril Chain (Shikotan and the Habomai islands)"),
}
