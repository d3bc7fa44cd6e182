"""The `kurils` command (also `python -m kurils`)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from types import ModuleType

from kurils.paths import geodata_dir
from kurils.present.i18n import LANGS


def cmd_validate(args: argparse.Namespace) -> int:
    from kurils.model.validate import report, validate

    folder = Path(args.dir) if args.dir else geodata_dir()
    problems = validate(folder)
    lines = report(problems, len(problems)) if args.all else report(problems, max(args.max_lines, 1))
    for line in lines:
        print(line)
    return 1 if problems else 0


def cmd_build_geodata(args: argparse.Namespace) -> int:
    from kurils.builders import build_geodata

    folder = Path(args.dir) if args.dir else geodata_dir()
    written = build_geodata.refresh_names(folder) if args.names_only else build_geodata.build(folder)
    for path in written:
        print(f"wrote {path}")
    return 0


def cmd_build_maritime(args: argparse.Namespace) -> int:
    from kurils.builders import maritime

    folder = Path(args.dir) if args.dir else geodata_dir()
    try:
        written = maritime.build(folder)
    except maritime.RuleError as e:
        print(f"kurils build-maritime: {e}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path}")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from kurils.model.dataset import load_history
    from kurils.model.measure import island_areas
    from kurils.present import status_export

    folder = geodata_dir()
    try:
        statuses = load_history(folder).status_at(args.at, args.pov)
    except ValueError as e:
        print(f"kurils status: {e}", file=sys.stderr)
        return 2
    area_of = island_areas(json.loads((folder / "islands.geojson").read_text(encoding="utf-8")))
    if args.format == "json":
        sys.stdout.write(status_export.to_json(statuses, area_of))
    elif args.format == "csv":
        sys.stdout.write(status_export.to_csv(statuses, area_of))
    else:
        sys.stdout.write(
            status_export.to_geojson(
                statuses,
                (folder / "islands.geojson").read_text(encoding="utf-8"),
                args.at.strip(),
                (folder / "maritime.geojson").read_text(encoding="utf-8"),
            )
        )
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from kurils.model import dataset
    from kurils.model.compare import diff
    from kurils.model.vocab import parse_day
    from kurils.present import diff_export

    ds = dataset.load(geodata_dir())
    try:
        start, end = parse_day(args.start), parse_day(args.end)
        found = diff(ds.history, start, end, args.pov)
    except ValueError as e:
        print(f"kurils diff: {e}", file=sys.stderr)
        return 2
    if args.format == "json":
        sys.stdout.write(diff_export.to_json(found))
    elif args.format == "csv":
        sys.stdout.write(diff_export.to_csv(found))
    else:
        names = {i: r[f"name_{args.lang}"] for i, r in ds.records["names"].items()}
        sources = ds.records["sources"]
        sys.stdout.write(diff_export.to_markdown(found, names, args.lang, ds.translate, ds.chain, sources))
    return 0


def cmd_map(args: argparse.Namespace) -> int:
    import datetime as dt

    from kurils.model import dataset
    from kurils.model.vocab import TIMELINE_START, valid_day
    from kurils.present import handout

    out = Path(args.out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("png", "pdf"):
        print(f"kurils map: --out must end in .png or .pdf ({args.out})", file=sys.stderr)
        return 2
    try:
        day = dt.date.fromisoformat(args.at.strip())
    except ValueError:
        print(f"kurils map: --at must be a date YYYY-MM-DD ({args.at})", file=sys.stderr)
        return 2
    if not valid_day(day, dt.date.today()):
        print(f"kurils map: --at must be from {TIMELINE_START} to today ({args.at})", file=sys.stderr)
        return 2
    out.write_bytes(handout.map_handout(dataset.load(geodata_dir()), day, args.lang, args.pov, fmt, args.sea))
    print(f"wrote {out}")
    return 0


def cmd_story(args: argparse.Namespace) -> int:
    from kurils.model import dataset
    from kurils.present import handout

    out = Path(args.out)
    out.write_bytes(handout.story_pdf(dataset.load(geodata_dir()), args.lang))
    print(f"wrote {out}")
    return 0


def operations(name: str) -> ModuleType:
    """A module of the checkout's tools/: the benchmark and the load test start app.py from the
    checkout, so they live there, outside the runtime package."""
    import importlib

    from .paths import REPO_ROOT

    if not (REPO_ROOT / "tools" / f"{name}.py").exists():
        raise SystemExit(
            f"kurils {name} runs from a checkout of the repository (no tools/{name}.py beside {REPO_ROOT / 'src'})"
        )
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    return importlib.import_module(f"tools.{name}")


def cmd_loadtest(args: argparse.Namespace) -> int:
    import json

    loadtest = operations("loadtest")

    result = loadtest.run(args.sessions, args.moves, args.cycles, args.webgl, url=args.url, think_ms=args.think_ms)
    print(json.dumps(result) if args.json else loadtest.table(result))
    return 0 if result["failed_sessions"] == 0 else 1


def cmd_bench(args: argparse.Namespace) -> int:
    import json

    bench = operations("bench")

    result = bench.run(moves=args.moves, play_seconds=args.play_seconds)
    print(json.dumps(result) if args.json else bench.table(result))
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="kurils", description="The Kuril Islands atlas: data tools.")
    sub = top.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check a geodata folder; one line per problem, exit 1 if any")
    p.add_argument("dir", nargs="?", help="geodata folder (default: $KURILS_GEODATA or the repository's geodata/)")
    p.add_argument(
        "--max-lines",
        type=int,
        default=200,
        metavar="N",
        help="print the first N problems, then one line counting the rest (default 200)",
    )
    p.add_argument("--all", action="store_true", help="print every problem")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("status", help="the status of every island on a date")
    p.add_argument("--at", required=True, metavar="DATE", help="YYYY-MM-DD, from 1855-02-07")
    p.add_argument(
        "--pov", default="de_facto", choices=["de_facto", "japan", "russia"], help="point of view (default de_facto)"
    )
    p.add_argument("--format", default="json", choices=["json", "csv", "geojson"])
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("diff", help="what changed between two dates: islands and the events in between")
    p.add_argument("--from", dest="start", required=True, metavar="DATE", help="YYYY-MM-DD, from 1855-02-07")
    p.add_argument("--to", dest="end", required=True, metavar="DATE", help="YYYY-MM-DD")
    p.add_argument(
        "--pov", default="de_facto", choices=["de_facto", "japan", "russia"], help="adds that government's positions"
    )
    p.add_argument("--format", default="md", choices=["md", "json", "csv"])
    p.add_argument("--lang", default="en", choices=["en", "ja", "ru"], help="the language of the md format")
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("map", help="a printable map of one date (PNG or PDF): the classroom handout")
    p.add_argument("--at", required=True, metavar="DATE", help="YYYY-MM-DD, from 1855-02-07")
    p.add_argument(
        "--lang", default="en", choices=list(LANGS), help="language of the text and island names (default en)"
    )
    p.add_argument(
        "--pov", default="de_facto", choices=["de_facto", "japan", "russia"], help="adds that government's position"
    )
    p.add_argument("--out", required=True, metavar="FILE", help="FILE.png or FILE.pdf")
    p.add_argument("--sea", action="store_true", help="draw the sea zones in force (territorial seas, 200-mile zones)")
    p.set_defaults(func=cmd_map)
    p = sub.add_parser("story", help="the whole classroom story as one printable PDF")
    p.add_argument("--lang", default="en", choices=list(LANGS))
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.set_defaults(func=cmd_story)
    p = sub.add_parser(
        "loadtest", help="a classroom of browser sessions against one server (real server, Debian's chromium)"
    )
    p.add_argument("--sessions", type=int, default=20, help="concurrent browser sessions (default 20)")
    p.add_argument("--moves", type=int, default=20, help="slider moves per session (default 20)")
    p.add_argument("--cycles", type=int, default=5, help="connect/disconnect cycles (default 5)")
    p.add_argument("--webgl", action="store_true", help="let the load browser draw every map too")
    p.add_argument(
        "--think-ms",
        type=float,
        default=1000,
        help="mean pause between a pupil's moves (default 1000; 0 = all at once)",
    )
    p.add_argument("--url", help="an already running server (e.g. behind nginx) instead of a fresh one")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_loadtest)
    p = sub.add_parser("bench", help="the performance benchmark (real server, Debian's chromium)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--moves", type=int, default=21, help="slider moves per measurement (median taken)")
    p.add_argument("--play-seconds", type=float, default=8.0, help="how long to watch Play")
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser(
        "build-geodata", help="regenerate islands.geojson and land.geojson from GSHHG (needs Debian's gmt)"
    )
    p.add_argument("--dir", help="geodata folder to write into (default: as for validate)")
    p.add_argument(
        "--names-only",
        action="store_true",
        help="only copy names from island_names.csv into islands.geojson (no gmt needed)",
    )
    p.set_defaults(func=cmd_build_geodata)

    p = sub.add_parser(
        "build-maritime", help="compute the geometry of maritime.geojson's computed zones from their rules"
    )
    p.add_argument("--dir", help="geodata folder to write into (default: as for validate)")
    p.set_defaults(func=cmd_build_maritime)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        code: int = args.func(args)
        return code
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
