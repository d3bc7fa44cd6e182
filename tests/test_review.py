"""`kurils review`: the report of a geodata change (kurils.model.review, kurils.present.review_report).

Each head is the mini fixture with one small edit, made here so the edit reads in the test. The whole
Markdown of each report is compared with tests/cases/review_<name>.md (written once with
KURILS_WRITE_CASES=1 and then read line by line; a difference means the report changed: read the new
one before accepting it)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pyproj import Geod

from kurils import cli
from kurils.model.review import FieldChange, compare
from kurils.model.validate import report, validate
from kurils.present import review_report
from tests.fixture_edits import edit_text

CASES = Path(__file__).parent / "cases"
PNG = b"\x89PNG\r\n\x1a\n"

POLONSKY = "[[[146.34, 43.62], [146.34, 43.65], [146.3, 43.65], [146.3, 43.62], [146.34, 43.62]]]"
# Polonsky moved 0.01° of longitude east: every position, so the outline moves and the area does not.
MOVED = "[[[146.35, 43.62], [146.35, 43.65], [146.31, 43.65], [146.31, 43.62], [146.35, 43.62]]]"
# Only its east edge moved 0.01° east: 0.04° of longitude wide becomes 0.05°, a quarter more land.
STRETCHED = "[[[146.35, 43.62], [146.35, 43.65], [146.3, 43.65], [146.3, 43.62], [146.35, 43.62]]]"

# Zeleny's Soviet interval split where the 1956 Joint Declaration opens a second one, same status.
ZELENY_SOVIET = "zeleny,1945-09-03,1991-12-26,ussr,ussr,japan;ussr,landing,src_b,range,\n"
ZELENY_SPLIT = (
    "zeleny,1945-09-03,1956-10-19,ussr,ussr,japan;ussr,landing,src_b,range,\n"
    "zeleny,1956-10-19,1991-12-26,ussr,ussr,japan;ussr,declaration,src_a,exact,"
    "Control unchanged; the Joint Declaration promised the islet to Japan once a peace treaty is signed.\n"
)
SOURCE_C = "src_c,Joint Declaration (text),Publisher C,https://example.org/c,2026-11-26,primary,en,,1956-10-19,,,\n"


def moved(folder: Path) -> None:
    edit_text("islands.geojson", POLONSKY, MOVED)(folder)


def split(folder: Path) -> None:
    edit_text("timeline.csv", ZELENY_SOVIET, ZELENY_SPLIT)(folder)


def source_added(folder: Path) -> None:
    """A new source, cited by the event of the Joint Declaration."""
    path = folder / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8") + SOURCE_C, encoding="utf-8")
    edit_text("events.csv", "polonsky;zeleny,src_a,,,Moscow", "polonsky;zeleny,src_a;src_c,,,Moscow")(folder)


def head_of(mini: Path, tmp_path: Path, *edits) -> Path:
    head = tmp_path / "head" / "geodata"
    shutil.copytree(mini, head)
    for edit in edits:
        edit(head)
    return head


def expect(name: str, text: str) -> None:
    """The whole report against tests/cases/review_<name>.md."""
    path = CASES / f"review_{name}.md"
    if os.environ.get("KURILS_WRITE_CASES") == "1":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_an_island_moved(mini, tmp_path):
    """Polonsky shifted 0.01° east: the displacement is the geodesic length of 0.01° at its southern edge
    (within 1%), the area does not change, and the picture is a PNG."""
    review = compare(mini, head_of(mini, tmp_path, moved), base_label="mini", head_label="Polonsky moved east")
    assert review.passes
    [island] = review.islands
    _az, _back, metres = Geod(ellps="WGS84").inv(146.30, 43.62, 146.31, 43.62)
    assert island.displacement is not None
    assert island.displacement.km == pytest.approx(metres / 1000, rel=0.01)
    assert island.area_before_km2 == pytest.approx(10.759, rel=1e-3)  # islands.geojson's area_km2
    assert abs(island.area_change_pct or 0) < 1e-6
    assert review_report.pictures(review)["polonsky"].startswith(PNG)
    expect("moved", review_report.markdown(review, {"polonsky": "polonsky.png"}))


def test_rings_started_elsewhere_are_no_change(mini, tmp_path):
    """Every island's rings started at the next vertex (what an editor may write and `kurils fmt`
    undoes): the same shapes, so the review reports no outline as changed."""

    def rotated(folder: Path) -> None:
        path = folder / "islands.geojson"
        collection = json.loads(path.read_text(encoding="utf-8"))
        for feature in collection["features"]:
            geometry = feature["geometry"]
            polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
            for polygon in polygons:
                for ring in polygon:
                    ring[:] = [*ring[1:-1], ring[0], ring[1]]
        path.write_text(json.dumps(collection), encoding="utf-8")

    review = compare(mini, head_of(mini, tmp_path, rotated))
    assert review.islands == () and all(not f.changed for f in review.files), review_report.markdown(review)


def test_an_island_stretched_gains_a_quarter(mini, tmp_path):
    """Polonsky's east edge 0.01° further east: 0.04° of longitude wide becomes 0.05°, +25% of area, and
    the outline moved by the edge's shift."""
    review = compare(mini, head_of(mini, tmp_path, edit_text("islands.geojson", POLONSKY, STRETCHED)))
    [island] = review.islands
    assert island.area_change_pct == pytest.approx(25.0, abs=0.05)
    assert island.displacement is not None and island.displacement.km == pytest.approx(0.807, abs=0.002)
    assert not review.passes and review.verdict[0].startswith("islands.geojson:polonsky: area_km2: area-mismatch")


def test_an_interval_split_in_two(mini, tmp_path):
    """Zeleny's Soviet interval split at 1956-10-19: one row changed (its end), one added, and on the three
    days they begin or end Zeleny's status is the same, its interval not."""
    review = compare(mini, head_of(mini, tmp_path, split), base_label="mini", head_label="Zeleny's interval split")
    assert review.passes
    assert [d.day.isoformat() for d in review.dates] == ["1945-09-03", "1956-10-19", "1991-12-26"]
    assert not any(i.status_differs for d in review.dates for i in d.islands)
    expect("split", review_report.markdown(review))


def test_a_moved_date_reads_as_a_change(mini, tmp_path):
    """The Battle of Shumshu a day later: the contested interval's valid_from moves (its key), so it is
    matched by island and event and reads as one change; on 1945-08-18 Shumshu's status differs."""

    def later(folder: Path) -> None:
        edit_text("timeline.csv", "1875-08-22,1945-08-18,", "1875-08-22,1945-08-19,")(folder)
        edit_text("timeline.csv", "shumshu,1945-08-18,1945-08-23,", "shumshu,1945-08-19,1945-08-23,")(folder)

    review = compare(mini, head_of(mini, tmp_path, later))
    [timeline] = review.files
    assert [(c.key, c.new_key, [f.field for f in c.fields]) for c in timeline.changed] == [
        (("shumshu", "1875-08-22"), None, ["valid_to"]),
        (("shumshu", "1945-08-18"), ("shumshu", "1945-08-19"), ["valid_from"]),
    ]
    assert timeline.added == timeline.removed == ()
    [day] = [d for d in review.dates if d.day.isoformat() == "1945-08-18"]
    [shumshu] = day.islands
    assert shumshu.status_differs and (shumshu.before.controller, shumshu.after.controller) == ("contested", "japan")


def test_a_source_added(mini, tmp_path):
    """A source added and cited by an event: listed with the row citing it; the event's day checked for
    the islands it names."""
    review = compare(mini, head_of(mini, tmp_path, source_added), base_label="mini", head_label="a source added")
    assert review.passes
    assert [(s.id, s.cited_by) for s in review.sources_added] == [("src_c", (("events.csv", ("declaration",)),))]
    expect("source", review_report.markdown(review))
    found = review_report.as_json(review)
    assert json.loads(json.dumps(found)) == found
    assert found["sources"]["added"][0]["title"] == "Joint Declaration (text)"


@pytest.mark.parametrize(
    ("field", "before", "after", "line"),
    [
        ("source_ids", "a;" + "b" * 80 + ";c", "a;" + "b" * 80 + ";d", "  - source\\_ids: added d; removed c"),
        ("island_ids", "kunashir;iturup", "iturup;kunashir", "  - island\\_ids: the same items in another order"),
        ("island_ids", "", "kunashir", "  - island\\_ids: *(empty)* → kunashir"),
        ("title", "a;b", "a;c", "  - title: a;b → a;c"),
    ],
)
def test_a_list_field_says_which_ids_came_and_went(field, before, after, line):
    """A long list cut to an excerpt could hide the one id that changed; other fields stay before → after."""
    assert review_report._field_change(FieldChange(field, before, after)) == line


def test_data_cannot_make_markup(mini, tmp_path):
    """A hostile island name and source title are shown as written: no link, image, HTML or emphasis."""
    name = "[Zeleny](https://evil.example) <img src=x onerror=alert(1)> **bold**"

    def hostile(folder: Path) -> None:
        edit_text("island_names.csv", "Zeleny", name)(folder)
        edit_text("islands.geojson", "Zeleny", name)(folder)
        title = "![x](http://evil.example/x.png) `code` <script>alert(1)</script>"
        path = folder / "sources.csv"
        row = f"src_c,{title},P,https://example.org/c,2026-11-26,primary,en,,,,,\n"
        path.write_text(path.read_text(encoding="utf-8") + row, encoding="utf-8")
        split(folder)

    review = compare(mini, head_of(mini, tmp_path, hostile))
    text = review_report.markdown(review)
    assert "Zeleny" in text and "evil" in text
    for markup in (r"\]\(", r"<img", r"<script", r"\*\*bold", r"`code", r"https?://"):
        assert not re.search(r"(?<!\\)" + markup, text), markup  # each only escaped, if at all


def test_a_head_that_fails_is_reported_as_kurils_validate_prints_it(mini, tmp_path):
    """A broken head: the verdict's lines are the validator's, exactly; an unreadable layer is said to be
    unreadable; a head that is not there is a Review saying so. compare() never raises."""
    head = head_of(mini, tmp_path, split)
    (head / "claims.geojson").write_text("{\n", encoding="utf-8")
    review = compare(mini, head)
    assert not review.passes
    assert review.verdict == tuple(report(validate(head)))
    assert review.verdict[0].startswith("claims.geojson:line 2: -: bad-json:")
    [claims] = [f for f in review.files if f.file == "claims.geojson"]
    assert claims.unreadable == ("head",)
    assert "```text\nclaims.geojson:line 2" in review_report.markdown(review)
    missing = compare(mini, tmp_path / "nowhere")
    assert missing.head_error and not missing.passes and missing.files == ()
    assert "The head cannot be read" in review_report.markdown(missing)


# The command.


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(mini, tmp_path, monkeypatch):
    """A git repository with the mini fixture in geodata/ (first commit) and a source added (second);
    the current directory."""
    top = tmp_path / "repo"
    shutil.copytree(mini, top / "geodata")
    (top / "geodata" / "licences").mkdir()
    (top / "geodata" / "licences" / "NOTICE").write_text("a subfolder: not a geodata file\n")
    git(top, "init", "-q", "-b", "main")
    git(top, "add", ".")
    git(top, "commit", "-q", "-m", "mini")
    source_added(top / "geodata")
    git(top, "commit", "-q", "-am", "a source")
    monkeypatch.chdir(top)
    monkeypatch.delenv("KURILS_GEODATA", raising=False)
    return top


def test_review_reads_git_refs_with_git_show(repo, mini, tmp_path, capsys):
    """`--base HEAD~1 --head HEAD`: the same report as the two folders give, under the refs' names."""
    assert cli.main(["review", "--base", "HEAD~1", "--head", "HEAD"]) == 0
    out = capsys.readouterr().out
    head = head_of(mini, tmp_path / "h", source_added)
    review = compare(mini, head, base_label="HEAD~1", head_label="HEAD")
    lines = out.splitlines()
    assert lines[2].startswith("Base: HEAD\\~1 \\(") and " · head: HEAD \\(" in lines[2]
    assert lines[3:] == review_report.markdown(review).splitlines()[3:]


def test_review_of_the_working_tree_and_its_exit_codes(repo, tmp_path, capsys):
    """--head defaults to the working tree's geodata/; exit 0 when it validates, 1 when not, 2 for a ref or
    folder that does not exist (one line); --out writes review.md, review.json and the pictures."""
    moved(repo / "geodata")
    out = tmp_path / "report"
    assert cli.main(["review", "--base", "HEAD", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["polonsky.png", "review.json", "review.md"]
    assert (out / "polonsky.png").read_bytes().startswith(PNG)
    assert "](polonsky.png)" in (out / "review.md").read_text(encoding="utf-8")
    assert json.loads((out / "review.json").read_text(encoding="utf-8"))["islands"][0]["island_id"] == "polonsky"
    capsys.readouterr()

    (repo / "geodata" / "sources.csv").write_text("id\n", encoding="utf-8")
    assert cli.main(["review", "--base", "main"]) == 1
    assert "**Fails**" in capsys.readouterr().out

    for args, line in (
        (["--base", "no-such-ref"], "kurils review: --base no-such-ref: no such folder or git ref\n"),
        (["--base", "HEAD", "--head", "missing/"], "kurils review: --head missing/: no such folder or git ref\n"),
        (["--base", "geodata/sources.csv"], "kurils review: --base geodata/sources.csv: not a folder"),
    ):
        assert cli.main(["review", *args]) == 2
        captured = capsys.readouterr()
        assert captured.out == "" and captured.err.startswith(line) and captured.err.count("\n") == 1
