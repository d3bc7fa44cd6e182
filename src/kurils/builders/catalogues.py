"""The message catalogues: extract the msgids from the code (Babel) and keep each language's .po
in step. `python -m kurils.builders.catalogues` rewrites locale/kurils.pot and adds new msgids to (and
drops gone ones from) every .po, keeping their translations."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from kurils.paths import REPO_ROOT
from kurils.present.i18n import DOMAIN, LANGS, LOCALE_DIR, LOCALES, catalogue_path

KEYWORDS = {"_": None, "N_": None}
SOURCES = [REPO_ROOT / "atlas.py", REPO_ROOT / "view", Path(__file__).parents[1]]
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def extract() -> Catalog:
    """Every msgid marked with _() or N_() in atlas.py, view/ and the package."""
    cat = Catalog(domain=DOMAIN, project="kurils")
    for source in SOURCES:
        if source.is_dir():
            found = extract_from_dir(
                source, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
            )
            for filename, lineno, message, comments, _context in found:
                cat.add(
                    message,
                    locations=[(str((source / filename).relative_to(REPO_ROOT)), lineno)],
                    auto_comments=comments,
                )
        else:
            from babel.messages.extract import extract as extract_file

            with source.open("rb") as f:
                for lineno, message, comments, _context in extract_file("python", f, keywords=KEYWORDS):
                    cat.add(message, locations=[(source.name, lineno)], auto_comments=comments)
    return cat


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def update() -> list[Path]:
    template = extract()
    LOCALE_DIR.mkdir(exist_ok=True)
    written = [LOCALE_DIR / f"{DOMAIN}.pot"]
    with written[0].open("wb") as f:
        write_po(f, template, omit_header=True, sort_output=True, no_location=True)
    for lang in LANGS[1:]:
        path = catalogue_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            with path.open("rb") as f:
                cat = read_po(f, locale=LOCALES[lang], domain=DOMAIN)
        else:
            cat = Catalog(locale=LOCALES[lang], domain=DOMAIN, project="kurils")
        cat.update(template, no_fuzzy_matching=True)
        cat.obsolete.clear()
        with path.open("wb") as f:
            write_po(f, cat, omit_header=False, sort_output=True, no_location=True, ignore_obsolete=True)
        written.append(path)
    return written


if __name__ == "__main__":
    for p in update():
        print(f"wrote {p}")
