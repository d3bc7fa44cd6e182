"""How much land each state holds, and claims without holding, on a day (km², from the islands'
outlines in an equal-area projection: islands.geojson's `area_km2`, computed by `kurils build-geodata`;
not official figures). The facts of timeline.csv only: a point of view changes words, not areas."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kurils.model.timeline import Status
from kurils.model.vocab import STATES


@dataclass(frozen=True)
class Areas:
    held: dict[str, float]  # state -> km² of the islands it holds (its controller), STATES order
    claimed_not_held: dict[str, float]  # state -> km² of the islands it claims and another holds
    total: float  # km² of every island

    def record(self) -> dict[str, object]:
        """For JSON and the CLI: rounded to 0.01 km² (the outlines are not more exact)."""
        return {
            "held_km2": {s: round(a, 2) for s, a in self.held.items()},
            "claimed_not_held_km2": {s: round(a, 2) for s, a in self.claimed_not_held.items()},
            "total_km2": round(self.total, 2),
        }


def areas(statuses: Iterable[Status], area_of: Mapping[str, float]) -> Areas:
    """The areas of one day's statuses; states with none are left out. An island held by no state or
    contested (fighting) counts for no state's `held`, only for the total."""
    held = dict.fromkeys(STATES, 0.0)
    claimed = dict.fromkeys(STATES, 0.0)
    total = 0.0
    for s in statuses:
        area = float(area_of[s.island_id])
        total += area
        if s.controller in held:
            held[s.controller] += area
        for state in s.claimants:
            if state != s.controller and state in claimed:
                claimed[state] += area
    return Areas(
        held={k: v for k, v in held.items() if v},
        claimed_not_held={k: v for k, v in claimed.items() if v},
        total=total,
    )


def island_areas(islands_geojson: dict[str, object]) -> dict[str, float]:
    """island id -> area_km2 from the islands layer's parsed GeoJSON (no geometry library needed)."""
    features = islands_geojson["features"]
    assert isinstance(features, list)
    return {f["properties"]["id"]: float(f["properties"]["area_km2"]) for f in features}
