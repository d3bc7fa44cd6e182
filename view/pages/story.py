"""Story page: the dispute in chapters, for a class. Each chapter: title, period, text with
sources, and the map at the chapter's date framed on its islands. Arrow keys step through it;
`?chapter=N` links to a chapter."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from kurils.model.dataset import BEFORE_BORDERS
from kurils.present import citations, handout, mapview, story
from kurils.present.textsafe import md_escape
from view import chrome, data, downloads, state
from view.mapcomponent import map_view

ds = data.current()
_ = state.gettext()
lang = state.lang()
present = state.present()
chapters = ds.story.to_dict("records")
sources = ds.records["sources"]

if "chapter" not in st.session_state:
    k, notice = story.parse_chapter(st.query_params.get("chapter"), [c["id"] for c in chapters])
    st.session_state["chapter"] = k
    if notice:
        st.warning(_("The link's chapter `{value}` does not exist; showing chapter 1.").format(value=notice))


def go(k: int) -> None:
    st.session_state["chapter"] = min(max(k, 0), len(chapters) - 1)


k = st.session_state["chapter"]
chapter = chapters[k]
period = ds.text("story", chapter, "period", lang)
day = dt.date.fromisoformat(chapter["map_date"])

# No icons: the keyboard hint Streamlit draws for a shortcut is the arrow (an icon made two), and
# wide enough columns for "Previous" in projector mode's large type at 1280 px.
c1, c2, c3 = st.columns([2, 7, 2], vertical_alignment="center")
c1.button(
    _("Previous"),
    on_click=go,
    args=(k - 1,),
    disabled=k == 0,
    shortcut="Left",
    width="stretch",
    help=_("Previous chapter (left arrow key)"),
)
with c2:
    st.progress((k + 1) / len(chapters), text=_("Chapter {n} of {total}").format(n=k + 1, total=len(chapters)))
c3.button(
    _("Next"),
    on_click=go,
    args=(k + 1,),
    disabled=k == len(chapters) - 1,
    shortcut="Right",
    width="stretch",
    help=_("Next chapter (right arrow key)"),
)

map_col, text_col = st.columns([3, 2])
with text_col:
    st.caption(md_escape(period))
    st.header(md_escape(ds.text("story", chapter, "title", lang)), anchor=False)
    st.markdown(md_escape(ds.text("story", chapter, "text", lang)))
    cited = chapter["source_ids"].split(";")
    st.markdown(md_escape(_("Sources:")) + " " + citations.citations(sources, cited, lang))
    with st.expander(_("What the sources say")):
        st.markdown(citations.quotes(sources, cited, lang))
    if not present:
        st.button(_("Open this date on the map"), icon=":material/map:", on_click=state.move_date, args=(day,))
        d1, d2 = st.columns(2)
        d1.download_button(
            _("This chapter (PDF)"),
            data=downloads.chapter_pdf(chapter["id"]),
            file_name=f"kurils-story-{k + 1}-{lang}.pdf",
            mime="application/pdf",
            icon=":material/print:",
            on_click="ignore",
        )
        d2.download_button(
            _("Whole story (PDF)"),
            data=downloads.story_pdf(),
            file_name=f"kurils-story-{lang}.pdf",
            mime="application/pdf",
            icon=":material/menu_book:",
            on_click="ignore",
        )
with map_col:
    # The chapter's day, no time controls: a map without controls always shows the spec's day.
    map_view(
        mapview.spec(
            ds.history,
            data.static_urls(ds),
            day=day,
            nonce=0,
            today=state.today(),
            lang=lang,
            pov=st.session_state["pov"],
            shown={"boundary", "claim", "labels", "events", "forces"},
            bounds=handout.chapter_bounds(ds, chapter),
            mode=chapter["map_style"],
            stamp=period if chapter["map_style"] == BEFORE_BORDERS else None,
            present=present,
            height=720 if present else 560,
            controls=False,
        ),
        key="story-map",
    )
    if chapter["map_style"] != BEFORE_BORDERS:  # that map shows no day's status: its legend says what it shows
        st.caption(md_escape(_("The map on {day}.").format(day=state.day_text(day))))

chrome.top_padding()
state.page_params({"chapter": str(k + 1)})
state.sync_url()
