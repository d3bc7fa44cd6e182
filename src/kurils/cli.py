"""The `kurils` command (also `python -m kurils`)."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
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


def cmd_fmt(args: argparse.Namespace) -> int:
    """Every CSV and GeoJSON file of the folder in canonical form (kurils.model.canonical). Exit 0 when
    done (or, with --check, when nothing needs it), 1 when --check finds files to format, 2 when a file
    cannot be read: that file is left as it is."""
    from kurils.model.canonical import format_folder

    folder = Path(args.dir) if args.dir else geodata_dir()
    outcome = format_folder(folder, write=not args.check)
    for name in outcome.changed:
        print(f"would format {name}" if args.check else f"formatted {name}")
    for name, reason in outcome.failed:
        print(f"kurils fmt: {name} left as it is: {reason}", file=sys.stderr)
    if outcome.failed:
        return 2
    return 1 if args.check and outcome.changed else 0


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
        names = ds.island_names(args.lang)
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


class ReviewArgumentError(Exception):
    """A `kurils review` argument that names no folder and no git ref (exit 2, one line)."""


def _git(repo: Path | None, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, check=False)


def _git_top() -> Path | None:
    """The top of the git working tree holding the current directory, or None outside one."""
    try:
        done = _git(None, "rev-parse", "--show-toplevel")
    except OSError:  # no git on this machine
        return None
    return Path(done.stdout.decode().strip()) if done.returncode == 0 else None


def review_folder(value: str, target: Path, option: str) -> tuple[Path, str]:
    """A `--base`/`--head` value as a geodata folder and its label: a directory as it is; else a git ref
    of the repository holding the current directory, its geodata/ files read with `git show REF:geodata/F`
    (listed by `git ls-tree`, never checked out) into `target`."""
    path = Path(value).expanduser()
    if path.is_dir():
        return path, value
    if path.exists():
        raise ReviewArgumentError(f"{option} {value}: not a folder (a geodata folder or a git ref)")
    top = _git_top()
    if value.startswith("-") or top is None:
        raise ReviewArgumentError(f"{option} {value}: no such folder, and not a git ref (no git repository here)")
    done = _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{value}^{{commit}}")
    if done.returncode != 0:
        raise ReviewArgumentError(f"{option} {value}: no such folder or git ref")
    commit = done.stdout.decode().strip()
    listing = _git(top, "ls-tree", "-z", commit, "--", "geodata/")
    target.mkdir(parents=True)
    written = 0
    for entry in listing.stdout.split(b"\0"):
        meta, _, raw_path = entry.partition(b"\t")
        fields = meta.split()
        if len(fields) != 3 or fields[1] != b"blob" or fields[0] not in (b"100644", b"100755"):
            continue  # a subfolder (licences/), a symbolic link or a submodule: not a geodata file
        name = raw_path.decode("utf-8", "surrogateescape").removeprefix("geodata/")
        if "/" in name or name in ("", ".", ".."):
            continue
        blob = _git(top, "show", f"{commit}:geodata/{name}")
        if blob.returncode != 0:
            raise ReviewArgumentError(f"{option} {value}: git show {commit[:12]}:geodata/{name} failed")
        (target / name).write_bytes(blob.stdout)
        written += 1
    if not written:
        raise ReviewArgumentError(f"{option} {value}: the commit {commit[:12]} has no geodata/ folder")
    return target, f"{value} ({commit[:12]})"


def _default_head() -> tuple[Path, str]:
    """--head's default: $KURILS_GEODATA if set, else the working tree's geodata/ (of the git repository
    holding the current directory, else of this checkout)."""
    if os.environ.get("KURILS_GEODATA", "").strip():
        return geodata_dir(), "$KURILS_GEODATA"
    top = _git_top()
    if top is not None and (top / "geodata").is_dir():
        return top / "geodata", "the working tree's geodata/"
    return geodata_dir(), "the working tree's geodata/"


def cmd_review(args: argparse.Namespace) -> int:
    import tempfile

    from kurils.model.review import compare
    from kurils.present import review_report

    out = Path(args.out) if args.out else None
    if out is not None and out.exists() and not out.is_dir():
        print(f"kurils review: --out {args.out}: not a folder", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="kurils-review-") as tmp:
        try:
            base, base_label = review_folder(args.base, Path(tmp) / "base", "--base")
            head, head_label = review_folder(args.head, Path(tmp) / "head", "--head") if args.head else _default_head()
        except ReviewArgumentError as e:
            print(f"kurils review: {e}", file=sys.stderr)
            return 2
        if not head.is_dir():
            print(f"kurils review: the head {head_label} is not a folder", file=sys.stderr)
            return 2
        review = compare(base, head, base_label=args.base_label or base_label, head_label=args.head_label or head_label)
    if out is None:
        sys.stdout.write(review_report.markdown(review))
        return 0 if review.passes else 1
    out.mkdir(parents=True, exist_ok=True)
    names = review_report.picture_file_names(review)
    written = []
    for island_id, png in review_report.pictures(review).items():
        (out / names[island_id]).write_bytes(png)
        written.append(out / names[island_id])
    shown = {i: n for i, n in names.items() if out / n in written}
    (out / "review.md").write_text(review_report.markdown(review, shown), encoding="utf-8")
    report_json = json.dumps(review_report.as_json(review), ensure_ascii=False, indent=2) + "\n"
    (out / "review.json").write_text(report_json, encoding="utf-8")
    for path in [out / "review.md", out / "review.json", *written]:
        print(f"wrote {path}")
    return 0 if review.passes else 1


def operations(name: str) -> ModuleType:
    """A module of the checkout's tools/: the benchmark and the load test start atlas.py from the
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


def session_levels(text: str) -> list[int]:
    """--levels: positive whole numbers, comma-separated (argparse turns the error into exit 2)."""
    try:
        levels = [int(n) for n in text.split(",") if n.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma list of whole numbers: {text!r}") from None
    if not levels or min(levels) < 1:
        raise argparse.ArgumentTypeError(f"each level must be at least 1 session: {text!r}")
    return levels


def cmd_loadtest(args: argparse.Namespace) -> int:
    import json

    if args.protocol:  # the server's capacity curve (tools/protocol_load.py)
        capacity = operations("protocol_load").curve(
            args.levels, args.duration, args.think, url=args.url, pid=args.pid, layers=not args.no_layers
        )
        print(json.dumps(capacity))
        return 0
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


def cmd_export_site(args: argparse.Namespace) -> int:
    from kurils.builders import site
    from kurils.model import dataset

    out = Path(args.out)
    try:
        size = site.export(dataset.load(Path(args.geodata) if args.geodata else geodata_dir()), out)
    except site.SiteError as e:
        print(f"kurils export-site: {e}", file=sys.stderr)
        return 2
    print(site.summary(out, size))
    return 0


def cmd_animate(args: argparse.Namespace) -> int:
    """Slides of the map from --from to --to as a GIF or an MP4. Exit 2 for a bad argument, 1 when the
    animation cannot be made here (no ffmpeg for an MP4)."""
    import datetime as dt
    import re

    from kurils.model import dataset
    from kurils.model.vocab import parse_day
    from kurils.present import animation

    def bad(message: str) -> int:
        print(f"kurils animate: {message}", file=sys.stderr)
        return 2

    out = Path(args.out)
    if out.suffix.lower() not in (".gif", ".mp4"):
        return bad(f"--out must end in .gif or .mp4 ({args.out})")
    if not out.parent.is_dir():
        return bad(f"--out {args.out}: no such folder {out.parent}")
    today = dt.date.today()
    try:
        start = parse_day(args.start, today)
    except ValueError as e:
        return bad(f"--from: {e}")
    try:
        end = parse_day(args.end, today) if args.end else today
    except ValueError as e:
        return bad(f"--to: {e}")
    if start > end:
        return bad(f"--from {start} is after --to {end}")
    size = re.fullmatch(r"\s*(\d{1,4})\s*[xX×]\s*(\d{1,4})\s*", args.size)
    width, height = (int(size[1]), int(size[2])) if size else (0, 0)
    if not (320 <= width <= 3840 and 180 <= height <= 2160 and width % 2 == 0 and height % 2 == 0):
        return bad(f"--size must be WIDTHxHEIGHT, even numbers from 320x180 to 3840x2160 ({args.size})")
    seconds = animation.FRAME_SECONDS[args.step] if args.seconds is None else args.seconds
    if not 0.05 <= seconds <= 60:
        return bad(f"--seconds must be from 0.05 to 60 ({args.seconds:g})")
    ds = dataset.load(geodata_dir())
    days = animation.frame_dates(ds.history, start, end, args.step)
    try:
        animation.write(out, ds, days, args.lang, args.pov, seconds, (width, height))
    except animation.AnimationError as e:
        print(f"kurils animate: {e}", file=sys.stderr)
        return 1
    print(f"wrote {out} ({len(days)} slides)")
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

    p = sub.add_parser(
        "fmt", help="rewrite a geodata folder's CSV and GeoJSON files in canonical form (order, layout, precision)"
    )
    p.add_argument("dir", nargs="?", help="geodata folder (default: as for validate)")
    p.add_argument(
        "--check", action="store_true", help="write nothing; list the files not in canonical form and exit 1 if any"
    )
    p.set_defaults(func=cmd_fmt)

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
    p = sub.add_parser("animate", help="the map on a run of dates as slides: an animated GIF or an MP4")
    p.add_argument("--from", dest="start", default="1855-02-07", metavar="DATE", help="YYYY-MM-DD (default 1855-02-07)")
    p.add_argument("--to", dest="end", metavar="DATE", help="YYYY-MM-DD (default today)")
    p.add_argument(
        "--step", default="event", choices=["event", "year"], help="a slide per event, or per 1 January (default event)"
    )
    p.add_argument("--lang", default="en", choices=list(LANGS), help="language of the text and island names")
    p.add_argument(
        "--pov", default="de_facto", choices=["de_facto", "japan", "russia"], help="adds that government's position"
    )
    p.add_argument("--seconds", type=float, metavar="S", help="seconds a slide shows (default 2 by event, 0.5 by year)")
    p.add_argument("--size", default="1280x720", metavar="WxH", help="pixels, even numbers (default 1280x720)")
    p.add_argument("--out", required=True, metavar="FILE", help="FILE.gif or FILE.mp4 (MP4 needs ffmpeg)")
    p.set_defaults(func=cmd_animate)
    p = sub.add_parser(
        "export-site",
        help="the atlas as a folder that needs no server and no network (a USB stick, any static host or CDN)",
    )
    p.add_argument("out", metavar="OUT", help="the folder to write (new, empty, or an earlier export)")
    p.add_argument("--geodata", metavar="DIR", help="geodata folder (default: as for validate)")
    p.set_defaults(func=cmd_export_site)

    p = sub.add_parser(
        "review",
        help="a report of a geodata change (base → head): validation, rows, outlines, statuses, sources",
    )
    p.add_argument(
        "--base",
        required=True,
        metavar="REF_OR_DIR",
        help="a geodata folder, or a git ref whose geodata/ is read with git show (never checked out)",
    )
    p.add_argument(
        "--head",
        metavar="REF_OR_DIR",
        help="as --base (default: $KURILS_GEODATA, else the working tree's geodata/)",
    )
    p.add_argument("--base-label", metavar="TEXT", help="what the report calls the base (default: --base as given)")
    p.add_argument("--head-label", metavar="TEXT", help="what the report calls the head (default: --head as given)")
    p.add_argument(
        "--out",
        metavar="DIR",
        help="write review.md, review.json and a PNG per island whose outline changed (default: Markdown to stdout)",
    )
    p.set_defaults(func=cmd_review)
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
    p.add_argument(
        "--protocol",
        action="store_true",
        help="the server's capacity: pupils speaking Streamlit's WebSocket protocol, no browser (JSON)",
    )
    p.add_argument(
        "--levels",
        type=session_levels,
        default="30,60,120,180,240",
        help="--protocol: sessions per level, a comma list",
    )
    p.add_argument("--duration", type=float, default=300, help="--protocol: seconds of moves per level (default 300)")
    p.add_argument("--think", type=float, default=2.0, help="--protocol: mean seconds between a pupil's moves")
    p.add_argument("--no-layers", action="store_true", help="--protocol: do not fetch the map's layer files")
    p.add_argument("--pid", type=int, help="--protocol with --url: the server's process id (memory, CPU)")
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


if __name__ == "__main__":  # `python -m kurils.cli` too (it ran nothing and exited 0, so a check looked passed)
    raise SystemExit(main())
