"""kurils atlas: the router and the shared frame (page config, data, URL state, sidebar), served by
app.py (`streamlit run app.py`, which adds the security headers and per-client limits).
Page scripts live in view/pages/ and call the kurils package through the view layer (view/)."""

from pathlib import Path

import streamlit as st

from view import admission, chrome, data, preview, state

PAGES_DIR = Path(__file__).parent / "view" / "pages"

st.set_page_config(
    page_title="Kuril Islands atlas", page_icon=str(Path(__file__).parent / "static" / "favicon.png"), layout="wide"
)
# Every run waits its turn (view/admission.py): one client's flood of runs cannot hold up the others.
with admission.page_run_turn():
    ds = data.load_or_report()
    state.init(ds.island_ids(), dict(st.query_params))  # first run of a session: the state from the URL
    _ = state.gettext()
    PAGES = [
        st.Page(PAGES_DIR / "map.py", title=_("Map"), icon=":material/map:", default=True),
        st.Page(PAGES_DIR / "story.py", title=_("Story"), icon=":material/auto_stories:", url_path="story"),
        st.Page(PAGES_DIR / "timeline.py", title=_("Timeline"), icon=":material/timeline:", url_path="timeline"),
        st.Page(PAGES_DIR / "islands.py", title=_("Islands"), icon=":material/landscape:", url_path="islands"),
        st.Page(PAGES_DIR / "positions.py", title=_("Positions"), icon=":material/balance:", url_path="positions"),
        st.Page(PAGES_DIR / "sources.py", title=_("Sources & data"), icon=":material/menu_book:", url_path="sources"),
    ]
    # Embedded in another site (`embedded=1`): the map page alone, without the atlas's menus.
    embedded = state.embedded()
    page = st.navigation(PAGES[:1] if embedded else PAGES, position="hidden" if embedded else "sidebar")
    if not embedded:
        chrome.sidebar()
        chrome.present_bar()
    chrome.show_notices()
    if not embedded:
        preview.banner()
    state.page_params({})
    page.run()
    state.sync_url()
