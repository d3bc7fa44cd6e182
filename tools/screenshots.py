"""Screenshots of the app as its users see it: each page size of issue 13 (projector 1280x720, a
1920x1080 screen, a 1280x720 laptop, a 768x1024 tablet, a 390x844 phone at device scale 3, a 1440x900
laptop at scale 2) in English, Japanese and Russian, on the committed data, in Debian's Chromium.

    python -m tools.screenshots docs/screenshots/after [--date 2025-01-01] [--only phone]

Written as 256-colour PNG to keep the repository small; look at them with an image viewer."""

from __future__ import annotations

import argparse
import io
from pathlib import Path
from typing import NamedTuple

from tools.browser import chromium, streamlit_server, wait_for_map


class Size(NamedTuple):
    name: str
    width: int
    height: int
    scale: float = 1
    query: str = ""
    mobile: bool = False


SIZES = (
    Size("projector", 1280, 720, query="present=1"),
    Size("story-projector", 1280, 720, query="present=1"),
    Size("hd", 1920, 1080),
    Size("small-laptop", 1280, 720),
    Size("tablet", 768, 1024, 2, mobile=True),
    Size("phone", 390, 844, 3, mobile=True),
    Size("laptop-2x", 1440, 900, 2),
)
LANGS = ("en", "ja", "ru")


def take(base: str, out: Path, day: str, only: set[str], extra: str = "", page_name: str = "") -> list[Path]:
    """Every size (or `only` those) in each language; `page_name` another page than the map (e.g. sources),
    its files named after it."""
    from PIL import Image

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with chromium() as browser:
        for size in SIZES:
            if only and size.name not in only:
                continue
            context = browser.new_context(
                viewport={"width": size.width, "height": size.height},
                device_scale_factor=size.scale,
                is_mobile=size.mobile,
                has_touch=size.mobile,
            )
            for lang in LANGS:
                page = context.new_page()
                path = f"/{page_name}" if page_name else "/story" if size.name.startswith("story") else "/"
                query = "&".join(q for q in (f"lang={lang}", f"date={day}", size.query, extra) if q)
                page.goto(f"{base}{path}?{query}")
                if page_name:
                    page.wait_for_selector("[data-testid='stMainBlockContainer'] h1", timeout=60_000)
                else:
                    wait_for_map(page, timeout_ms=60_000)
                page.wait_for_timeout(2500)
                image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
                target = out / f"{page_name + '-' if page_name else ''}{size.name}-{lang}.png"
                image.quantize(256, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)
                written.append(target)
                page.close()
            context.close()
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--date", default="2025-01-01")
    parser.add_argument("--only", action="append", default=[], help="a size's name (repeatable)")
    parser.add_argument("--query", default="", help="more query parameters, e.g. pov=japan")
    parser.add_argument("--page", default="", help="another page than the map: sources, positions, …")
    args = parser.parse_args(argv)
    with streamlit_server() as base:
        for path in take(base, args.out, args.date, set(args.only), args.query, args.page):
            print(path)


if __name__ == "__main__":
    main()
