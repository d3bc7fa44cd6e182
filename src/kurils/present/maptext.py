"""What the map writes in each language, sent once as a static file per language (the spec, re-sent
on every rerun, stays small): the island labels, the latest event's title on each event date, and
every legend entry the map can show (the browser shows those drawn on the day: logic.js, entriesShown)."""

from __future__ import annotations

from typing import Any

from kurils.model import places
from kurils.model.dataset import Dataset
from kurils.present import citations, sea, words
from kurils.present.deck import island_labels
from kurils.present.i18n import LANGS, N_, day_text, gettext
from kurils.present.mapdata import day_number
from kurils.present.palette import HELD_BY, HOMELAND, rgba, state_name

# The states a stated position can give an island to, and how the legend says it.
POSITION_STRIPES = {
    "japan": {
        "japan": N_("stripes: Japan's territory in Japan's position"),
        "undetermined": N_("stripes: undetermined in Japan's position"),
    },
    "russia": {
        "russia": N_("stripes: Russia's territory in Russia's position"),
        "ussr": N_("stripes: Soviet territory in the Soviet position"),
    },
}
POSITION_TITLES = {
    "japan": N_("Japan's position, as stated on this day"),
    "russia": N_("The position of Russia (until 26 December 1991, of the Soviet Union), as stated on this day"),
}

NO_STRIPES = N_(
    "Nothing striped: on this day the position recorded here matches who held each island, or none is recorded."
)


def text_file(lang: str) -> str:
    return f"text_{lang}.json"


def text_files(ds: Dataset) -> dict[str, dict[str, Any]]:
    """File name -> the map's texts in each language."""
    files = {}
    for lang in LANGS:
        latest = (ds.history.latest_event(day) for day in ds.history.event_dates)
        files[text_file(lang)] = {
            "labels": island_labels(list(ds.records["names"].values()), ds.areas, lang),
            "event_titles": [ds.text("events", e, "title", lang) if e else "" for e in latest],
            "legend": legend(lang),
            "events": event_marks(ds, lang),
            "sea": {r["id"]: sea.zone_lines(r, lang, ds.records["sources"]) for r in _rows(ds)},
        }
    return files


def _rows(ds: Dataset) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = ds.maritime.drop(columns="geometry").to_dict("records")
    return rows


def event_marks(ds: Dataset, lang: str) -> list[dict[str, Any]]:
    """The events the map marks where they happened (kurils.model.places), each with its card: day number,
    kind, points, title, date, place, summary and sources (title, address, kind). Texts are set as text by
    the browser; an address is used only if it is http(s)."""
    events = ds.records["events"]
    marks = []
    for m in places.marked(events.values(), ds.records["names"]):
        e = events[m.event_id]
        cited = [ds.records["sources"][i] for i in e["source_ids"].split(";") if i in ds.records["sources"]]
        marks.append(
            {
                "id": m.event_id,
                "d": day_number(m.day),
                "kind": m.kind,
                "theme": e.get("theme") or "",
                "points": [list(p) for p in m.points],
                "title": ds.text("events", e, "title", lang),
                "when": day_text(m.day, lang),
                "where": words.place_line(ds, e, lang),
                "summary": ds.text("events", e, "summary", lang),
                "sources": [
                    {
                        "title": s["title"],
                        "href": s.get("url") or s.get("via") or "",
                        "kind": citations.kind_label(str(s.get("kind") or ""), lang),
                    }
                    for s in cited
                ],
            }
        )
    return marks


def legend(lang: str) -> dict[str, Any]:
    """Every entry the map's legend can show; the browser shows those drawn on the day (logic.js,
    entriesShown)."""
    _ = gettext(lang)
    claimants = ("japan", "russian_empire", "ussr", "russia")
    return {
        "title_de_facto": _("Who held each island"),
        "note_de_facto": _("This view shows who held what, not who was right."),
        "title_position": {pov: _(title) for pov, title in POSITION_TITLES.items()},
        "no_stripes": {pov: _(NO_STRIPES) for pov in POSITION_TITLES},
        "title_before": _("Before any border"),
        "homeland": _(HOMELAND),
        "fills": [{"colour": rgba(code), "label": _(label)} for code, label in HELD_BY.items()],
        "rings": [
            {"colour": rgba(code), "label": _("ring: also claimed by {state}").format(state=state_name(code, lang))}
            for code in claimants
        ],
        "positions": {
            pov: [{"colour": rgba(code), "label": _(label)} for code, label in stripes.items()]
            for pov, stripes in POSITION_STRIPES.items()
        },
        "marks": {
            "events": _("dot: an event's place (fainter: longer ago)"),
            "forces": _("yellow dot: military, incident at sea, leader's visit"),
        },
        "sea": sea.legend(lang),
        "sea_note": _(sea.LEGEND_NOTE),
        "lines": {
            "boundary": _("treaty boundary or line"),
            "offer": _("outline: the islands to be handed over to Japan after a peace treaty (1956 Joint Declaration)"),
            "claim": _("outline: the area a state claims"),
            "admin": _("grey outline: an administrative unit"),
        },
    }
