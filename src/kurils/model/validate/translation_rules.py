"""Rules for translations.csv: each row names a real row of its table, and every text the app
shows in Japanese and Russian has its translation (the app never falls back to English silently)."""

from __future__ import annotations

from kurils.model.validate.cross_file import Loaded
from kurils.model.validate.problems import Problem

# Which fields of which table need a translation into each language; WHEN_GIVEN: only in rows that
# fill that field (an event's place).
REQUIRED = {"events": ("title", "summary"), "positions": ("statement",), "story": ("period", "title", "text")}
WHEN_GIVEN = {"events": ("place",)}
LANGS = ("ja", "ru")
FILE = "translations.csv"


def problems(loaded: Loaded, labels: dict[str, list[str]]) -> list[Problem]:
    if "translations" not in loaded.tables:
        return []
    out, have = [], set()
    for label, r in zip(labels["translations"], loaded.tables["translations"]):
        table, rid, fld, lang = r.get("table"), r.get("id"), r.get("field"), r.get("lang")
        known = loaded.ids(table) if table in REQUIRED else None
        if known is not None and rid not in known:
            out.append(Problem(FILE, label, "id", "unknown-id", f"no {table}.csv row has this id", str(rid)))
        elif table in REQUIRED and fld not in (*REQUIRED[table], *WHEN_GIVEN.get(table, ())):
            known_fields = ", ".join((*REQUIRED[table], *WHEN_GIVEN.get(table, ())))
            out.append(Problem(FILE, label, "field", "unknown-field", f"{table} translates {known_fields}", str(fld)))
        have.add((table, rid, fld, lang))
    for table, fields in REQUIRED.items():
        for rid in sorted(loaded.ids(table) or ()):
            for fld in fields:
                for lang in LANGS:
                    if (table, rid, fld, lang) not in have:
                        out.append(Problem(FILE, f"{table}/{rid}", fld, "missing-translation", f"no {lang} text", lang))
    for table, given in WHEN_GIVEN.items():
        for row in loaded.tables.get(table, []):
            for fld in given:
                for lang in LANGS if str(row.get(fld) or "").strip() else ():
                    if (table, row.get("id"), fld, lang) not in have:
                        where = f"{table}/{row.get('id')}"
                        out.append(Problem(FILE, where, fld, "missing-translation", f"no {lang} text", lang))
    return out
