"""The map labels' typeface: Noto Sans CJK JP (Latin, Cyrillic and Japanese in one design), cut down to
the characters the labels use and kept beside the map component as WOFF2, so the map needs no web font
service and the file stays small (the collection is 19 MB; the labels need about 260 characters).

    python -m kurils.builders.font

reads Debian's fonts-noto-cjk (/usr/share/fonts/opentype/noto/), every island name in
geodata/island_names.csv, the Habomai group's name in each language, ASCII, the Russian alphabet and
some punctuation, and writes frontend/fonts/kurils-labels.woff2 (regular) and kurils-labels-bold.woff2
(bold: the projector's labels), with the font's licence beside them (LICENSE-OFL.txt). Run it again
after adding or renaming an island; tests/test_labels.py says when a name has a character the font
lacks. The output is byte-for-byte reproducible from the same font package, names and fontTools."""

from __future__ import annotations

import csv
import hashlib
import io
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

from kurils.paths import DEFAULT_GEODATA, REPO_ROOT
from kurils.present.deck import island_labels
from kurils.present.i18n import LANGS
from kurils.present.mapview import FRONTEND

NOTO = Path("/usr/share/fonts/opentype/noto")
FACE = "Noto Sans CJK JP"  # the Japanese forms of the shared Han characters (択, 捉 …)
WEIGHTS = {"Regular": "kurils-labels.woff2", "Bold": "kurils-labels-bold.woff2"}
FOLDER = FRONTEND / "fonts"
LICENCE = FOLDER / "LICENSE-OFL.txt"
DEBIAN_COPYRIGHT = Path("/usr/share/doc/fonts-noto-cjk/copyright")
NAMES = DEFAULT_GEODATA / "island_names.csv"  # the committed names: the committed font is made for them
NAME_COLUMNS = ("name_en", "name_ru", "name_ja", "name_ja_latn")

# What any label may need beyond the names: ASCII, the Russian alphabet (А–я, Ё, ё: Noto Sans CJK has no
# other Cyrillic letters), the punctuation of names and of the tooltip's name line, and the group's name
# as the catalogues spell it (so the font is right even before a catalogue is updated).
BASE = (
    "".join(map(chr, range(0x20, 0x7F)))
    + "".join(map(chr, range(0x410, 0x450)))
    + "Ёё"
    + "·–—…‘’“”«»()（）・、。「」ー〜№ōūŌŪ"
    + "Habomai islands歯舞群島острова Хабомаи"
)


def characters(names: Path = NAMES) -> str:
    """Every character a label can show, sorted: the names in all three languages, the group's name, BASE."""
    with names.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    texts = [row[column] for row in rows for column in NAME_COLUMNS]
    texts += [label["text"] for lang in LANGS for label in island_labels(rows, {}, lang)]
    return "".join(sorted(set("".join(texts) + BASE) - {"\n", "\r", "\t"}))


def face(weight: str) -> TTFont:
    """The Japanese face of Debian's Noto Sans CJK collection in one weight, timestamps kept as shipped."""
    path = NOTO / f"NotoSansCJK-{weight}.ttc"
    for number in range(16):
        font = TTFont(path, fontNumber=number, recalcTimestamp=False, lazy=False)
        if font["name"].getDebugName(1) == FACE:
            return font
    raise LookupError(f"{path} has no face named {FACE!r} (is fonts-noto-cjk installed?)")


def subset_font(font: TTFont, text: str) -> bytes:
    """The face cut down to `text`'s characters, as WOFF2. No hinting (the browser scales a canvas
    glyph atlas), no layout features beyond the default ones, the name table's copyright kept."""
    lacking = sorted(set(text) - {chr(c) for c in font.getBestCmap()})
    if lacking:
        raise LookupError(f"{FACE} has no glyph for {''.join(lacking)!r}: choose another spelling or typeface")
    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False
    options.desubroutinize = True  # smaller after Brotli, and the same bytes on every run
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 7, 11, 13, 14]  # copyright, names, version, licence and its URL
    options.name_languages = [0x409]
    options.notdef_outline = True
    options.recalc_timestamp = False
    options.drop_tables += ["vhea", "vmtx", "VORG"]  # labels are set horizontally
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out, reorderTables=False)
    return out.getvalue()


def licence_text(font: TTFont) -> str:
    """The font's copyright line and the SIL Open Font License 1.1 as Debian ships it (its copyright file
    holds the licence as an indented paragraph, ' .' for an empty line)."""
    lines = DEBIAN_COPYRIGHT.read_text(encoding="utf-8").splitlines()
    # The licence's own paragraph: the last "License: SIL-1.1" line (the first one only names it for Files: *).
    start = len(lines) - lines[::-1].index("License: SIL-1.1")
    body = []
    for line in lines[start:]:
        if not line.startswith(" "):
            break
        body.append("" if line == " ." else line[1:])
    notices = "\n".join(font["name"].getDebugName(i) for i in (0, 7))  # its copyright and trademark
    return (
        f"kurils-labels.woff2 and kurils-labels-bold.woff2 are subsets of {FACE} (Regular and Bold), from\n"
        "https://github.com/notofonts/noto-cjk as packaged by Debian (fonts-noto-cjk), made by\n"
        "`python -m kurils.builders.font`. They are Modified Versions under the licence below.\n\n"
        f"{notices}\n\n" + "\n".join(body).rstrip() + "\n"
    )


def build() -> dict[Path, bytes]:
    """Every file the builder writes, by path (nothing written yet)."""
    text = characters()
    files: dict[Path, bytes] = {}
    for weight, name in WEIGHTS.items():
        font = face(weight)
        if weight == "Regular":
            files[LICENCE] = licence_text(font).encode("utf-8")
        files[FOLDER / name] = subset_font(font, text)
    return files


def main() -> int:
    FOLDER.mkdir(parents=True, exist_ok=True)
    for path, blob in build().items():
        path.write_bytes(blob)
        digest = hashlib.sha256(blob).hexdigest()[:16]
        print(f"{path.relative_to(REPO_ROOT)}: {len(blob):,} bytes, sha256 {digest}…")
    print(f"{len(characters())} characters")
    return 0


if __name__ == "__main__":
    sys.exit(main())
