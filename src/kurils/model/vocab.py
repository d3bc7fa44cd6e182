"""The contract's vocabulary and the span of the atlas."""

from __future__ import annotations

import datetime as dt

STATES = ("japan", "russian_empire", "ussr", "russia")
CONTROL = (*STATES, "contested", "none")  # controller / administrator
POVS = ("de_facto", "japan", "russia")

# What a source is (sources.csv `kind`), most citable first. An event or a timeline interval rests on
# one STRONG_KINDS source, or on INDEPENDENT_PRESS press sources from different publishers.
SOURCE_KINDS = ("primary", "official", "scholarship", "press", "reference", "secondary")
STRONG_KINDS = frozenset({"primary", "official", "scholarship"})
INDEPENDENT_PRESS = 2

# The map's region (west, south, east, north, degrees): the land layer is cut from GSHHG to it, and an
# event placed on the map (events.csv `place_kind` point) lies inside it; a place outside is off_map.
REGION = (139.0, 41.0, 162.0, 52.0)
# maritime.geojson `coasts` and `median_with`: island or land ids, or this prefix and a group of island_names.csv
COAST_GROUP_PREFIX = "group:"
# Where an event happened (events.csv `place_kind`): at a point with its own coordinates, somewhere on
# an island (marked at the island's point, island_names.csv), or at a place off the map.
PLACE_KINDS = ("point", "island", "off_map")

# The atlas starts with the Treaty of Shimoda: every island's first interval opens on this day.
TIMELINE_START = dt.date(1855, 2, 7)


def valid_day(day: dt.date, today: dt.date | None = None) -> bool:
    """The one check of a day: the atlas covers it (from TIMELINE_START; up to `today` when given)."""
    return day >= TIMELINE_START and (today is None or day <= today)


def clamp_day(day: dt.date, today: dt.date) -> dt.date:
    return min(max(day, TIMELINE_START), today)


def parse_day(value: object, today: dt.date | None = None) -> dt.date:
    """An ISO day the atlas covers; a ValueError that says what is wrong with anything else."""
    if isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValueError(f"not a date YYYY-MM-DD: {value!r}") from None
    if not valid_day(day):
        raise ValueError(f"the atlas starts on {TIMELINE_START} (Treaty of Shimoda): {day}")
    if not valid_day(day, today):
        raise ValueError(f"the atlas ends today, {today}: {day}")
    return day
