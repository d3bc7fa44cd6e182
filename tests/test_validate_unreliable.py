"""`unreliable-source`: a source on a domain of the deny-list unreliable_domains.csv
(kurils.model.validate.unreliable_rules), and the deny-list's own rows checked by its schema."""

from __future__ import annotations

import pytest
from fixture_edits import add_sources

from kurils.model.validate import validate
from kurils.model.validate.unreliable_rules import listed

FINDING = "An agency reported on 1 January 2024 that bad.example ran a disinformation operation."
FINDING_URL = "https://agency.example/report"


def add_entries(folder, *rows):
    """Append rows (domain, finding, finding_url, added) to the fixture's deny-list (rows 2, 3, …)."""
    path = folder / "unreliable_domains.csv"
    text = "".join(",".join(f'"{v}"' if "," in v else v for v in r) + "\n" for r in rows)
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def lines(folder, code="unreliable-source"):
    return [p.line() for p in validate(folder) if p.code == code]


@pytest.fixture
def denied(tiny):
    add_entries(tiny, ("bad.example", FINDING, FINDING_URL, "2026-11-30"))
    return tiny


def test_the_fixture_with_an_entry_is_valid(denied):
    assert validate(denied) == []


def test_the_problem_line(denied):
    url = "https://bad.example/news/1"
    add_sources(denied, url)
    assert lines(denied) == [
        f"sources.csv:row 4: url: unreliable-source: bad.example is on unreliable_domains.csv (row 2: bad.example): "
        f"{FINDING} See {FINDING_URL} ({url})"
    ]


@pytest.mark.parametrize(
    "url",
    [
        "https://bad.example/a",
        "http://a.bad.example/a",  # a subdomain
        "https://www.bad.example/a",
        "https://x.y.bad.example:8443/a",  # deeper, with a port
        "https://BAD.Example./a",  # letter case, a trailing dot
        "https://user@bad.example/a",
        "https://web.archive.org/web/20240101000000/https://bad.example/a",  # a snapshot of it
        "http://web.archive.org/web/20240101000000id_/http:/a.bad.example/a",
    ],
)
def test_listed_domain_and_its_subdomains_are_reported(denied, url):
    add_sources(denied, url)
    assert len(lines(denied)) == 1


@pytest.mark.parametrize(
    "url",
    [
        "https://evil-bad.example/a",  # a look-alike: not a label boundary
        "https://notbad.example/a",
        "https://bad.example.org/a",  # the listed name followed by more labels
        "https://example/a",  # a parent of the listed domain
        "https://example.org/bad.example",  # the name in the path
        "https://example.org/a?u=https://bad.example/",  # or in the query
        "https://web.archive.org/web/20240101000000/https://example.org/a",
    ],
)
def test_look_alikes_are_not_reported(denied, url):
    add_sources(denied, url)
    assert lines(denied) == []


def test_an_international_name_is_compared_in_its_ascii_form(tiny):
    add_entries(tiny, ("xn--r8jz45g.jp", FINDING, FINDING_URL, "2026-11-30"))
    add_sources(tiny, "https://例え.jp/a", "https://sub.例え.jp/a")
    assert [line.split(": ")[3] for line in lines(tiny)] == [
        "xn--r8jz45g.jp is on unreliable_domains.csv (row 2",
        "sub.xn--r8jz45g.jp is on unreliable_domains.csv (row 2",
    ]


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("pravda-fr.com", "pravda-fr.com"),
        ("a.pravda-fr.com", "pravda-fr.com"),
        ("evil-pravda-fr.com", None),
        ("pravda-fr.com.example", None),
        ("com", None),
    ],
)
def test_listed_matches_at_label_boundaries(host, expected):
    assert listed(host, {"pravda-fr.com": 0}) == expected


def test_a_broken_deny_list_row_is_reported_by_its_schema(tiny):
    add_entries(
        tiny,
        ("bad.example", "", FINDING_URL, "2026-11-30"),  # no finding
        ("Bad..Example", FINDING, FINDING_URL, "2026-11-30"),  # not a lower-case host name
        ("other.example", FINDING, "ftp://agency.example/x", "30/11/2026"),
    )
    pattern = "(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.|\\[\\.\\]))+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?"
    assert [p.line() for p in validate(tiny)] == [
        "unreliable_domains.csv:row 2: finding: constraint-error: a value is required ()",
        f"unreliable_domains.csv:row 3: domain: constraint-error: must match {pattern} (Bad..Example)",
        "unreliable_domains.csv:row 4: added: type-error: must be a date YYYY-MM-DD (30/11/2026)",
        'unreliable_domains.csv:row 4: finding_url: constraint-error: must match https?://[^\\s<>"]+ (ftp://agency.example/x)',
    ]


def test_a_source_on_an_entry_without_finding_is_still_reported(tiny):
    add_entries(tiny, ("bad.example", "", "", "2026-11-30"))
    add_sources(tiny, "https://bad.example/a")
    assert lines(tiny) == [
        "sources.csv:row 4: url: unreliable-source: bad.example is on unreliable_domains.csv (row 2: bad.example): "
        "no finding recorded (https://bad.example/a)"
    ]


def test_a_folder_without_the_deny_list_says_so(tiny):
    (tiny / "unreliable_domains.csv").unlink()
    assert lines(tiny, "missing-file") == [
        "unreliable_domains.csv:*: -: missing-file: file not found in the folder (geodata)"
    ]


def test_a_defanged_domain_is_listed_as_its_host(tiny):
    """A domain written as the findings write it (`bad[.]example`) covers bad.example and its subdomains."""
    add_entries(tiny, ("bad[.]example", FINDING, FINDING_URL, "2026-11-30"))
    add_sources(tiny, "https://a.bad.example/x", "https://bad.example.org/")
    assert [line.split(": ")[3] for line in lines(tiny)] == ["a.bad.example is on unreliable_domains.csv (row 2"]
