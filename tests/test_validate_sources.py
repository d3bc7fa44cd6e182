"""`duplicate-document`: one row of sources.csv per document, URLs compared after a conservative
normalisation (kurils.model.validate.source_rules.normalise_url)."""

from __future__ import annotations

import pytest
from fixture_edits import add_sources

from kurils.model.validate import validate
from kurils.model.validate.source_rules import MAX_SNAPSHOT_DEPTH, normalise_url

A = "https://example.org/a"
SNAPSHOT = "https://web.archive.org/web/20200101000000/https://www.example.org/a/"


def duplicate_lines(folder):
    return [p.line() for p in validate(folder) if p.code == "duplicate-document"]


def line(row, others, url):
    message = f"the same document as {others}: keep one id and cite it everywhere"
    return f"sources.csv:row {row}: url: duplicate-document: {message} ({url})"


@pytest.mark.parametrize(
    ("url", "normalised"),
    [
        (A, "example.org/a"),
        ("http://www.Example.ORG/a/", "example.org/a"),  # http = https, host case, www., trailing slash
        ("https://example.org:443/a#section", "example.org/a"),  # default port, fragment
        ("http://example.org:80/a//", "example.org/a"),
        ("https://example.org/%61", "example.org/a"),  # an escaped letter
        ("https://example.org/%E5%8D%83%e5%b3%b6", "example.org/千島"),  # escapes in either case, decoded
        ("https://example.org/千島", "example.org/千島"),
        ("https://example.org/a?utm_source=x&id=1&UTM_Medium=y&fbclid=z&gclid=w", "example.org/a?id=1"),
        ("https://example.org/a?q=a+b", "example.org/a?q=a+b"),
        ("https://example.org/a?q=a%20b", "example.org/a?q=a+b"),  # a space either way
        ("https://example.org/a?q=a%2Bb", "example.org/a?q=a%2Bb"),  # a literal plus is not a space
        (
            "https://example.org/a?url=https%3A%2F%2Fx.org%2Fy%3Fp%3D1%26q%3D2",
            "example.org/a?url=https://x.org/y?p%3D1%26q%3D2",
        ),
        ("https://example.org/a%2Fb", "example.org/a%2Fb"),  # an escaped slash is not a path separator
        ("https://example.org/a%23b", "example.org/a%23b"),
        ("https://example.org/%e9", "example.org/%E9"),  # not UTF-8: kept, in upper case
        ("https://ja.m.wikipedia.org./wiki/X", "ja.m.wikipedia.org/wiki/X"),  # the host's final dot
        ("https://例え.jp/a", "xn--r8jz45g.jp/a"),
        ("https://example.org", "example.org"),
        ("https://example.org:8080/a", "example.org:8080/a"),
        (SNAPSHOT, "web.archive.org/web/20200101000000/example.org/a"),
        (
            "http://web.archive.org/web/20200101000000id_/http:/example.org/a",
            "web.archive.org/web/20200101000000/example.org/a",
        ),
        (
            "https://web.archive.org/web/20200101000000/example.org/a?x=1&utm_source=y",
            "web.archive.org/web/20200101000000/example.org/a?x=1",
        ),
        ("  ", ""),
        ("", ""),
        ("https://[::1/a", "https://[::1/a"),  # urlsplit refuses it: compared as written
        ("ftp://example.org/a", "ftp://example.org/a"),
    ],
)
def test_normalise_url(url, normalised):
    assert normalise_url(url) == normalised


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("https://example.org/a?id=1", "https://example.org/a?id=2"),  # the query selects the document
        ("https://example.org/a?id=1&p=2", "https://example.org/a?p=2&id=1"),  # order is kept
        ("https://example.org/a", "https://example.org/b"),
        ("https://example.org/a", "https://example.org/A"),  # paths may be case-sensitive
        ("https://example.org/dir/", "https://example.org/dir/index.html"),
        ("https://ja.wikipedia.org/wiki/X", "https://ja.m.wikipedia.org/wiki/X"),
        ("https://example.org/a", SNAPSHOT),  # a snapshot is the page on that day, not the page now
        (SNAPSHOT, SNAPSHOT.replace("20200101000000", "20230101000000")),
        ("https://example.org/a%2Fb", "https://example.org/a/b"),
        ("https://example.org/a?x", "https://example.org/a?x="),
        ("https://example.org/a", "https://example.org:8443/a"),
    ],
)
def test_different_documents_stay_different(first, second):
    assert normalise_url(first) != normalise_url(second)


def test_crafted_urls_stay_cheap():
    """Snapshots of snapshots are unwrapped a few levels only, and a huge port is not parsed as a number."""
    nested = "https://web.archive.org/web/1/" * 5_000 + "example.org"
    # MAX_SNAPSHOT_DEPTH snapshots unwrapped; the next one's path is read as a path (its `https://` kept)
    assert normalise_url(nested).startswith("web.archive.org/web/1/" * (MAX_SNAPSHOT_DEPTH + 1) + "https://")
    assert normalise_url("https://example.org:" + "4" * 10_000 + "/a").startswith("example.org:444")


@pytest.mark.parametrize(
    ("url", "normalised"),
    [
        (A, "example.org/a"),  # the same URL
        ("http://www.example.org/a/", "example.org/a"),  # http against https, www., a trailing slash
        ("https://example.org/%61", "example.org/a"),  # percent-encoding
        ("https://example.org/a?utm_campaign=x#top", "example.org/a"),
    ],
)
def test_duplicate_is_reported_with_the_other_id(tiny, url, normalised):
    add_sources(tiny, url)
    assert duplicate_lines(tiny) == [line(4, "src_a (row 2)", normalised)]


def test_copies_of_one_snapshot_are_one_document(tiny):
    add_sources(tiny, SNAPSHOT, "http://web.archive.org/web/20200101000000id_/http:/example.org/a")
    assert duplicate_lines(tiny) == [line(5, "src_c (row 4)", "web.archive.org/web/20200101000000/example.org/a")]


@pytest.mark.parametrize(
    "urls",
    [
        ("https://example.org/a?id=1", "https://example.org/a?id=2"),
        ("https://example.org/c", "https://example.org/a/c"),
        (
            SNAPSHOT,
            SNAPSHOT.replace("20200101000000", "20230101000000"),
        ),  # with src_a: the page today and two snapshots
    ],
)
def test_different_documents_are_not_reported(tiny, urls):
    add_sources(tiny, *urls)
    assert [p.line() for p in validate(tiny)] == []


def test_every_later_row_names_all_the_others(tiny):
    """One line per row after the first of its document, naming every other row of that document."""
    add_sources(tiny, "https://example.org/b", "https://www.example.org/a/", "http://example.org/a")
    assert duplicate_lines(tiny) == [
        line(4, "src_b (row 3)", "example.org/b"),
        line(5, "src_a (row 2), src_e (row 6)", "example.org/a"),
        line(6, "src_a (row 2), src_d (row 5)", "example.org/a"),
    ]


def test_empty_urls_are_not_one_document(tiny):
    """A source without an address is reported (no-address), never as the same document as another one."""
    add_sources(tiny, "", "")
    lines = [p.line() for p in validate(tiny)]
    assert (
        "sources.csv:row 4: url: no-address: give the original's address (url) or where it was read (via) (src_c)"
        in lines
    )
    assert duplicate_lines(tiny) == []


def test_a_large_group_names_a_few_ids_and_counts_the_rest(tiny):
    add_sources(tiny, *[A] * 7)  # with src_a: eight rows of one document
    lines = duplicate_lines(tiny)
    assert len(lines) == 7
    assert lines[-1] == line(
        10, "src_a (row 2), src_c (row 4), src_d (row 5), src_e (row 6), src_f (row 7) and 2 more", "example.org/a"
    )


def test_an_original_without_an_address_is_known_by_the_copy_it_was_read_in(tiny):
    """Two rows read in one copy (no url, the same via), or a row whose copy is another row's original:
    one document."""
    path = tiny / "sources.csv"
    rows = [
        "src_c,Book,Publisher,,,scholarship,ru,,,https://copy.example/book/p79,,\n",
        "src_d,Book,Publisher,,,scholarship,ru,,,http://www.copy.example/book/p79/,,\n",
        "src_e,Letters,Ministry,,,primary,ja,,,https://example.org/a,,\n",
    ]
    path.write_text(path.read_text(encoding="utf-8") + "".join(rows), encoding="utf-8")
    assert duplicate_lines(tiny) == [
        line(5, "src_c (row 4)", "copy.example/book/p79"),
        line(6, "src_a (row 2)", "example.org/a"),
    ]
