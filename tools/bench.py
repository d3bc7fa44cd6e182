"""`kurils bench`: the performance benchmark. It measures, in one run, on this machine:

- server time of a rerun (AppTest) for a bare slider app and for a date change on the map page;
- websocket bytes the browser receives per date change, on the map page and on a naive baseline
  page that sends the geometry inline (both real `streamlit run` servers, Debian's Chromium);
- time from a key press on the map's slider to the map showing the new date; first paint; the
  rate of Play's steps, each drawn;
- the same two with two dates compared (`?compare=`): bytes per move of the atlas's date, and the time
  from a key press on either date's slider to its map showing it;
- the status engine's time for all islands on one date;
- the static build (`kurils export-site`): its size compressed (gzip -9), and its first paint opened
  from file:// (navigation start to the first frame with every layer file of the first view in).
Figures are medians over repeated moves (three page loads for a first paint)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import platform
import statistics
import time
from importlib import metadata
from pathlib import Path

from kurils.paths import geodata_dir
from tools import ROOT

KEYS = (
    "bare_rerun_ms",
    "rerun_ms",
    "rerun_ratio",
    "bytes_per_move",
    "naive_bytes_per_move",
    "repaint_ms",
    "compare_bytes_per_move",
    "compare_repaint_ms",
    "first_paint_ms",
    "all_layers_bytes_per_move",
    "all_layers_repaint_ms",
    "all_layers_first_paint_ms",
    "play_steps_per_s",
    "status_at_us",
    "site_gzip_bytes",
    "site_first_paint_ms",
    "site_text_paint_ms",
    "geometry_tolerance_deg",
    "machine",
    "versions",
)
APP = ROOT / "atlas.py"
BENCH = ROOT / "tools" / "benchapps"
BARE = BENCH / "bare_app.py"
NAIVE = BENCH / "naive_app.py"
# Iturup changes hands between these two days: the map must visibly change on every move.
BEFORE, AFTER = dt.date(1945, 8, 27), dt.date(1945, 8, 28)
QUERY = f"?date={BEFORE}&layers=boundary,claim"
# Every layer the map draws from its own files (the online tiles left out: they need the internet).
ALL_LAYERS = "admin,boundary,claim,events,forces,labels,offer,sea"


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def _rerun_ms(script: Path, key: str, params: dict[str, str], moves: int) -> float:
    """Median server time of AppTest reruns, each after moving the slider one day (bench/rerun_ms.py)."""
    import subprocess
    import sys

    args = [
        sys.executable,
        str(BENCH / "rerun_ms.py"),
        str(script),
        key,
        str(moves),
        *(f"{k}={v}" for k, v in params.items()),
    ]
    done = subprocess.run(args, capture_output=True, text=True, check=True, cwd=ROOT)
    return round(float(done.stdout.strip().splitlines()[-1]), 3)


def status_at_us(repeats: int = 2000) -> float:
    from kurils.model.dataset import load_history

    history = load_history(geodata_dir())
    days = [dt.date(1855, 2, 7) + dt.timedelta(days=37 * i) for i in range(repeats)]
    start = time.perf_counter()
    for day in days:
        history.status_at(min(day, dt.date.today()))
    return round((time.perf_counter() - start) / repeats * 1e6, 1)


def _iturup_point(frame, canvas: str = "#map canvas") -> tuple[float, float]:
    """A point well inside Iturup, in the map frame's own coordinates, on the map pane `canvas` (the panes of a
    comparison share one view and one size)."""
    from shapely.geometry import shape
    from shapely.ops import polylabel

    from kurils.model.geojson_io import read_collection
    from tools.browser import map_point

    feature = next(
        f for f in read_collection(geodata_dir() / "islands.geojson")["features"] if f["properties"]["id"] == "iturup"
    )
    geom = shape(feature["geometry"])
    point = polylabel(max(getattr(geom, "geoms", [geom]), key=lambda g: g.area), 0.001)  # far from any coast
    box = frame.evaluate(
        "(s) => { const r = document.querySelector(s).getBoundingClientRect(); return {x: r.x, y: r.y}; }", canvas
    )
    x, y = map_point(frame, point.x, point.y)
    return box["x"] + x, box["y"] + y


# Reads one pixel of deck.gl's WebGL canvases right after a frame is drawn (a screenshot would take
# over a second in headless Chromium without a GPU, far longer than what is measured): the canvas
# under the point, the compared date's where two maps overlap (a swipe) — none here.
PROBE = """([x, y]) => new Promise(resolve => {
  const read = () => {
    const c = [...document.querySelectorAll('canvas')].filter(c => c.width > 100).find(c => {
      const r = c.getBoundingClientRect();
      return x >= r.left && x < r.right && y >= r.top && y < r.bottom;
    });
    if (!c) { resolve([0, 0, 0, 0]); return; }
    const r = c.getBoundingClientRect();
    const o = document.createElement('canvas'); o.width = 1; o.height = 1;
    const ctx = o.getContext('2d');
    ctx.drawImage(c, (x - r.left) * c.width / r.width, (y - r.top) * c.height / r.height, 1, 1, 0, 0, 1, 1);
    resolve(Array.from(ctx.getImageData(0, 0, 1, 1).data));
  };
  requestAnimationFrame(() => setTimeout(read, 0));
})"""


def _pixel(frame, x: float, y: float) -> tuple[int, int, int]:
    return tuple(frame.evaluate(PROBE, [x, y])[:3])


def _wait_pixel(frame, x, y, test, timeout_s=15.0) -> None:
    deadline = time.perf_counter() + timeout_s
    while not test(rgb := _pixel(frame, x, y)):
        if time.perf_counter() > deadline:
            raise TimeoutError(f"the map did not show the expected colour at ({x:.0f}, {y:.0f}): {rgb}")


def _japan(rgb) -> bool:  # vermillion: red well above blue
    return rgb[0] > 180 and rgb[2] < 80


def _ussr(rgb) -> bool:  # reddish purple: blue high too
    return rgb[0] > 150 and rgb[2] > 120 and rgb[1] < 160


class _Frames:
    """Websocket bytes received by a page."""

    def __init__(self, page):
        self.total = 0
        self.last = time.perf_counter()
        page.on("websocket", lambda ws: ws.on("framereceived", self._add))

    def _add(self, payload) -> None:
        self.total += len(payload if isinstance(payload, (bytes, str)) else b"")
        self.last = time.perf_counter()

    def settle(self, page, quiet_s: float = 0.5, timeout_s: float = 15.0) -> None:
        """Wait until no frame arrived for `quiet_s` (page.wait_for_timeout lets Playwright deliver events)."""
        start = time.perf_counter()
        while time.perf_counter() - self.last < quiet_s and time.perf_counter() - start < timeout_s:
            page.wait_for_timeout(50)


# One-day steps through the Soviet landings: most of them change some island's colour, and no two
# give the same picture, so Streamlit's message cache cannot stand in for a re-send.
MOVES_FROM = dt.date(1945, 8, 17)


def _slider(page, naive: bool):
    """The date slider: Streamlit's on the naive page, the map component's own on ours."""
    from tools.browser import map_frame

    if naive:
        page.wait_for_selector("canvas", timeout=60_000)
        return page.get_by_role("slider").first
    return map_frame(page, 60_000).get_by_role("slider").first  # the atlas's date (a comparison adds its own)


def _bytes_per_move(browser, url: str, change_days: set[dt.date], naive: bool = False) -> float:
    """Median websocket bytes received per one-day slider move (keyboard) that changes the map."""
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    frames = _Frames(page)
    page.goto(url)
    slider = _slider(page, naive)
    frames.settle(page, 1.5)
    sizes, day = [], MOVES_FROM
    while day < dt.date(1945, 9, 5):
        slider.focus()
        before = frames.total
        page.keyboard.press("ArrowRight")
        day += dt.timedelta(days=1)
        page.wait_for_timeout(400)  # past the map's 120 ms wait before it tells the server
        frames.settle(page)
        if day in change_days:
            sizes.append(frames.total - before)
    page.close()
    return _median(sizes)


def _open_map(browser, url: str):
    """A page on `url` with the map painted (Iturup Japanese on BEFORE): (page, frame, Iturup's point)."""
    from tools.browser import map_frame

    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(url)
    frame = map_frame(page, 60_000)
    x, y = _iturup_point(frame)
    _wait_pixel(frame, x, y, _japan)
    return page, frame, (x, y)


def _repaint_and_first_paint(browser, url: str, moves: int) -> tuple[float, float]:
    firsts = []
    for _ in range(3):
        start = time.perf_counter()
        page, _frame, _point = _open_map(browser, url)
        firsts.append((time.perf_counter() - start) * 1000)
        page.close()
    page, frame, (x, y) = _open_map(browser, url)
    page.wait_for_timeout(1000)
    slider = frame.get_by_role("slider")
    repaints = []
    for i in range(moves):
        forward = i % 2 == 0
        slider.focus()
        start = time.perf_counter()
        page.keyboard.press("ArrowRight" if forward else "ArrowLeft")
        _wait_pixel(frame, x, y, _ussr if forward else _japan)
        repaints.append((time.perf_counter() - start) * 1000)
        page.wait_for_timeout(300)
    page.close()
    return _median(repaints), _median(firsts)


def _compare_repaint_ms(browser, url: str, moves: int) -> float:
    """Two maps side by side (the atlas's date 28 August 1945, compared with the 27th): the median time from a
    key press on either date's slider to its map showing Iturup's new holder, the dates moved in turn."""
    from tools.browser import map_frame

    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(f"{url}/?date={AFTER}&compare={BEFORE}&layers=boundary,claim")
    frame = map_frame(page, 60_000)
    frame.wait_for_function("() => window.kurils.comparePainted.length > 0", timeout=60_000)
    panes = {"#day": _iturup_point(frame, "#map canvas"), "#day2": _iturup_point(frame, "#map2 canvas")}
    for slider, (x, y) in panes.items():
        _wait_pixel(frame, x, y, _ussr if slider == "#day" else _japan)
    page.wait_for_timeout(1000)
    held = {"#day": _ussr, "#day2": _japan}
    frame.evaluate("window.__benchLoad = true")  # gone if the map was loaded again
    times = []
    for i in range(moves):
        slider = "#day" if i % 2 == 0 else "#day2"
        (x, y), was = panes[slider], held[slider]
        frame.locator(slider).focus()
        start = time.perf_counter()
        page.keyboard.press("ArrowLeft" if was is _ussr else "ArrowRight")
        held[slider] = _japan if was is _ussr else _ussr
        try:
            _wait_pixel(frame, x, y, held[slider])
        except TimeoutError as e:
            days = frame.evaluate("[toIso(window.kurils.day), toIso(window.kurils.compareDay), !!window.__benchLoad]")
            raise TimeoutError(f"move {i} of {slider}: {e}; the map's days and same load: {days}") from None
        times.append((time.perf_counter() - start) * 1000)
        page.wait_for_timeout(300)
    page.close()
    return _median(times)


def _play_steps_per_s(browser, url: str, seconds: float) -> float:
    """Steps per second while Play runs by year at its fast pace (a step every 200 ms at most), from
    the median time between two drawn days (the map records [day, time] after every frame that shows
    a new day; Play waits for that before stepping)."""
    from tools.browser import map_frame

    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(url.replace(f"date={BEFORE}", "date=1915-06-01"))  # 26 years with no event: no step is held
    frame = map_frame(page, 60_000)
    page.wait_for_timeout(1500)
    frame.get_by_label("Play's step").select_option("year")
    frame.get_by_label("Play's speed").select_option("fast")
    frame.get_by_role("button", name="Play").click()
    page.wait_for_timeout(1000)
    since = frame.evaluate("performance.now()")
    page.wait_for_timeout(seconds * 1000)
    painted = frame.evaluate(f"window.kurils.painted.filter(p => p[1] >= {since})")
    page.close()
    if len(painted) < 3:
        return 0.0
    # The median time between two drawn steps: a step held on an event (900 ms at this pace, on
    # purpose) is not the map falling behind.
    gaps = [b[1] - a[1] for a, b in itertools.pairwise(painted)]
    return round(1000 / statistics.median(gaps), 2)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _versions() -> dict[str, str]:
    import subprocess

    from kurils.builders.vendor import VERSION as DECKGL
    from tools.browser import CHROMIUM

    out = {"python": platform.python_version()}
    for pkg in ("streamlit", "pydeck", "shapely", "playwright"):
        out[pkg] = metadata.version(pkg)
    out["deck.gl"] = DECKGL
    try:
        out["chromium"] = subprocess.run(
            [CHROMIUM, "--version"], capture_output=True, text=True, timeout=20
        ).stdout.strip()
    except OSError:
        out["chromium"] = "missing"
    return out


# The static page's map is painted once map.js has every layer file of its first view (window.kurils.loading)
# and has drawn a frame: the frame after that moment is the first with everything in.
SITE_READY = (
    "() => window.kurils && window.kurils.loading === 0 && window.kurils.painted.length > 0"
    " && document.fonts.status === 'loaded'"
)
FIRST_TEXT_MS = "performance.getEntriesByName('first-contentful-paint')[0].startTime"
NEXT_FRAME_MS = "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))))"


def static_site(runs: int = 3) -> tuple[int, list[float], list[float]]:
    """Export the committed data's static build to a temporary folder: its size gzip -9, and in `runs`
    fresh pages opened from file:// at 1920 x 1080, ms from navigation start to the map's first paint and
    to the page's first text (the browser's first contentful paint: the controls, the story)."""
    import tempfile

    from kurils.builders import site
    from kurils.model import dataset
    from tools.browser import chromium

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "atlas"
        size = site.export(dataset.load(geodata_dir()), out, with_brotli=False)
        paints, texts = [], []
        with chromium() as browser:
            for _ in range(runs):
                page = browser.new_page(viewport={"width": 1920, "height": 1080})
                page.goto((out / site.PAGES["en"]).as_uri())
                page.wait_for_function(SITE_READY, polling="raf", timeout=60_000)
                paints.append(round(page.evaluate(NEXT_FRAME_MS), 1))
                texts.append(round(page.evaluate(FIRST_TEXT_MS), 1))
                page.close()
    return size.gzip, paints, texts


def run(moves: int = 21, play_seconds: float = 8.0) -> dict:
    """Every figure, as one dict with the keys in KEYS."""
    from tools.browser import chromium, streamlit_server

    result: dict = {}
    result["bare_rerun_ms"] = _rerun_ms(BARE, "day", {}, moves)
    result["rerun_ms"] = _rerun_ms(APP, "map", {"date": str(BEFORE)}, moves)
    result["rerun_ratio"] = round(result["rerun_ms"] / result["bare_rerun_ms"], 2)
    from kurils.model.dataset import load_history

    changes = set(load_history(geodata_dir()).change_dates())
    with chromium() as browser:
        with streamlit_server(
            script=str(NAIVE.relative_to(ROOT)), env={"KURILS_BENCH_START": str(MOVES_FROM)}
        ) as naive_url:
            result["naive_bytes_per_move"] = _bytes_per_move(browser, naive_url, changes, naive=True)
        with streamlit_server() as url:
            start = f"{url}/?date={MOVES_FROM}&layers=boundary,claim"
            result["bytes_per_move"] = _bytes_per_move(browser, start, changes)
            result["repaint_ms"], result["first_paint_ms"] = _repaint_and_first_paint(browser, url + "/" + QUERY, moves)
            result["compare_bytes_per_move"] = _bytes_per_move(browser, f"{start}&compare={BEFORE}", changes)
            result["compare_repaint_ms"] = _compare_repaint_ms(browser, url, moves)
            result["play_steps_per_s"] = _play_steps_per_s(browser, url + "/" + QUERY, play_seconds)
            every = f"layers={ALL_LAYERS}"
            result["all_layers_bytes_per_move"] = _bytes_per_move(browser, f"{url}/?date={MOVES_FROM}&{every}", changes)
            result["all_layers_repaint_ms"], result["all_layers_first_paint_ms"] = _repaint_and_first_paint(
                browser, f"{url}/?date={BEFORE}&{every}", moves
            )
    result["status_at_us"] = status_at_us()
    result["site_gzip_bytes"], site_paints, text_paints = static_site()
    result["site_first_paint_ms"], result["site_text_paint_ms"] = _median(site_paints), _median(text_paints)
    metadata_ = json.loads(
        (geodata_dir() / "islands.geojson")
        .read_text(encoding="utf-8")
        .split("\n", 3)[2]
        .removeprefix('"metadata": ')
        .rstrip(",")
    )
    result["geometry_tolerance_deg"] = metadata_["simplify_tolerance_deg"]
    result["machine"] = {
        "cores": os.cpu_count(),
        "cpu": _cpu_model(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
    }
    result["versions"] = _versions()
    return {k: result[k] for k in KEYS}


def table(result: dict) -> str:
    rows = [(k, result[k]) for k in KEYS if k not in ("machine", "versions")]
    width = max(len(k) for k, _ in rows)
    lines = [f"{k:<{width}}  {v}" for k, v in rows]
    lines.append(
        f"{'machine':<{width}}  {result['machine']['cores']} cores, {result['machine']['cpu']}, "
        f"{result['machine']['memory_gib']} GiB"
    )
    lines.append(f"{'versions':<{width}}  " + ", ".join(f"{k} {v}" for k, v in result["versions"].items()))
    return "\n".join(lines)
