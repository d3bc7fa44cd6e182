"""How a source is cited to a reader (kurils.present.citations): kind, copy, quote, escaping."""

from __future__ import annotations

from kurils.present import citations
from kurils.present.textsafe import md_escape

TREATY = {
    "id": "treaty",
    "title": "Treaty of Commerce, Navigation and Delimitation",
    "url": "https://archive.example/treaty",
    "via": "",
    "kind": "primary",
    "quote": "今より後日本国と魯西亜国との境「エトロフ」島と「ウルップ」島との間に在るへし",
    "quote_en": "Henceforth the border between Japan and Russia shall lie between Etorofu and Urup.",
}
BOOK = {
    "id": "book",
    "title": "A history *of* [the islands]",
    "url": "",
    "via": "https://www.copy.example/b",
    "kind": "scholarship",
}


def test_a_citation_names_the_kind_and_links_the_original():
    assert citations.citation(TREATY, "en") == (
        "[Treaty of Commerce, Navigation and Delimitation](https://archive.example/treaty) (primary document)"
    )
    assert citations.citation(TREATY, "ja").endswith("(一次資料)")


def test_a_source_read_in_a_copy_links_the_copy_and_says_so_escaped():
    assert citations.citation(BOOK, "en") == (
        "[A history \\*of\\* \\[the islands\\]](https://www.copy.example/b) "
        + "("
        + md_escape("scholarship; read in a copy at copy.example")
        + ")"
    )


def test_quotes_give_the_original_and_its_translation_or_say_none_is_recorded():
    text = citations.quotes({"treaty": TREATY, "book": BOOK}, ["treaty", "book", "unknown"], "en")
    assert text.split("\n\n") == [
        citations.citation(TREATY, "en"),
        "“" + md_escape(TREATY["quote"]) + "”  \n*" + md_escape("In English: " + TREATY["quote_en"]) + "*",
        citations.citation(BOOK, "en"),
        "*" + md_escape("No quote recorded for this source.") + "*",
    ]


def test_a_hostile_quote_stays_text():
    hostile = {**TREATY, "quote": "<script>alert(1)</script> [x](javascript:alert(1))", "quote_en": ""}
    block = citations.quote_block(hostile, "en")
    assert "<script>" not in block and "](javascript" not in block


def test_kind_counts_in_the_policy_order():
    rows = [{"kind": "press"}, {"kind": "primary"}, {"kind": "press"}, {"kind": "unknown"}]
    assert list(citations.kind_counts(rows).items()) == [("primary", 1), ("press", 2)]


def test_short_citations_name_the_publisher_and_link_the_original_or_the_copy():
    """Where space is short: the publisher, linked to the original, else to the copy read; escaped; a non-http
    address is not a link; an unknown id is left out."""
    sources = {
        "a": {"title": "A long title", "publisher": "Kyodo <News>", "url": "https://example.org/a", "via": ""},
        "b": {"title": "Copy only", "publisher": "", "url": "", "via": "https://mirror.example/b"},
        "c": {"title": "Bad", "publisher": "P", "url": "javascript:alert(1)", "via": ""},
    }
    assert citations.short_citations(sources, ["a", "b", "c", "zzz"]) == (
        "[Kyodo \\<News\\>](https://example.org/a); [Copy only](https://mirror.example/b); P"
    )
