"""The protocol load generator (tools/protocol_load.py): its moves are the browser's, its answers are
checked against what the server drew, and the knee is found by the stated rule."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from tools import protocol_load
from tools.browser import streamlit_server
from tools.protocol_load import START, MapPage, class_address, knee, read_run
from tools.wsclient import open_session_async, rerun_message


@pytest.fixture(scope="module")
def server():
    with streamlit_server(script="app.py") as url:
        yield url


async def _moves(url: str) -> list[tuple[str, str, str]]:
    """A fresh map page, then: a move, the same report again (a replay), a move a day on; after each,
    the day the map's spec drew and the URL's query string."""
    async with open_session_async(url, source=class_address(0)) as ws:
        page = MapPage(query_string=f"date={START}")
        await ws.send(rerun_message(page.query_string))
        finished, spec = await read_run(ws, page, 120)
        assert finished and spec and page.widget_id.endswith("-map") and page.fragment_id and page.page_script_hash
        seen = []
        one, two = START + dt.timedelta(days=1), START + dt.timedelta(days=2)
        for seq, day in ((1, one), (1, two), (2, two)):  # the second repeats seq 1: the server must ignore it
            await ws.send(page.move("test-token", seq, spec["nonce"], day))
            finished, drawn = await read_run(ws, page, 60)
            assert finished
            seen.append((day.isoformat(), drawn["day"] if drawn else "", page.query_string))
        return seen


@pytest.mark.slow
def test_a_move_is_what_the_browser_sends_and_its_answer_draws_the_new_day(server):
    (sent1, drawn1, url1), (sent2, drawn2, url2), (sent3, drawn3, url3) = asyncio.run(_moves(server))
    assert drawn1 == sent1 and url1 == f"date={sent1}"
    # A replayed report (same map, same count) moves nothing: the answer check is not "any message".
    assert drawn2 == sent1 != sent2 and url2 == f"date={sent1}"
    assert drawn3 == sent3 and url3 == f"date={sent3}"


@pytest.mark.slow
def test_a_short_run_answers_every_move(server):
    result = protocol_load.run(3, duration_s=8, think_s=1.0, url=server, pid=server.pid)
    assert result["sessions_held"] == 3 and result["sessions_failed"] == 0, result["errors"]
    assert result["moves_sent"] >= 3 * 4  # about 8 moves a pupil at 1 s
    assert result["moves_answered"] == result["moves_sent"] and result["moves_wrong_or_unfinished"] == 0
    assert 0 < result["p50_ms"] <= result["p95_ms"] <= result["p99_ms"] <= result["max_ms"]
    assert result["layer_mib_fetched"] > 0 and result["rss_loaded_mib"] > 0


def test_a_class_shares_one_address_and_the_next_class_has_its_own():
    assert {class_address(n) for n in range(protocol_load.CLASS_SIZE)} == {"127.18.0.1"}
    assert class_address(protocol_load.CLASS_SIZE) == "127.18.1.1"


def level(sessions: int, moves_per_s: float, p95_ms: float, failed: int = 0, unanswered: int = 0) -> dict:
    return {
        "sessions_requested": sessions,
        "sessions_failed": failed,
        "moves_per_s": moves_per_s,
        "p95_ms": p95_ms,
        "moves_sent": 1000 + unanswered,
        "moves_answered": 1000,
        "moves_wrong_or_unfinished": unanswered,
    }


def test_the_knee_is_the_last_level_under_the_latency_bound():
    curve = [level(30, 15, 40), level(60, 30, 80), level(120, 59, 300), level(180, 80, 900)]
    assert knee(curve) == 120
    assert knee(list(reversed(curve))) == 120  # the order given does not matter


def test_the_knee_is_where_throughput_stops_growing_even_if_fast():
    curve = [level(30, 15, 40), level(60, 30, 60), level(120, 40, 200)]  # 60 -> 120 gave a third more, not double
    assert knee(curve) == 60


def test_failed_sessions_or_unanswered_moves_end_the_curve():
    assert knee([level(30, 15, 40), level(60, 30, 60, failed=1)]) == 30
    assert knee([level(30, 15, 40, unanswered=2), level(60, 30, 60)]) is None
    assert knee([level(30, 15, 600)]) is None


def test_memory_per_session_is_the_slope_over_levels():
    levels = [{"sessions_held": n, "rss_end_mib": 300 + 0.5 * n} for n in (30, 60, 120)]
    assert protocol_load.rss_slope(levels) == pytest.approx(0.5)
    assert protocol_load.rss_slope(levels[:1]) is None  # one level gives no slope


@pytest.mark.parametrize("levels", ["3,x", "0,30", ","])
def test_bad_levels_are_refused_with_exit_2(levels, capsys):
    from kurils.cli import main

    with pytest.raises(SystemExit) as done:
        main(["loadtest", "--protocol", "--levels", levels])
    assert done.value.code == 2 and "--levels" in capsys.readouterr().err
