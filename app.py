"""kurils app: the router and the shared frame (page config, data, URL state, sidebar).
Pages live in pages/ and call the kurils package."""

from pathlib import Path

import streamlit as st

from pages import common

HERE = Path(__file__).parent

st.set_page_config(page_title="Kuril Islands atlas", page_icon=str(HERE / "static" / "favicon.png"), layout="wide")
ds = common.load_or_report()
# On a session's first run, the state comes from the URL (the one a bounced page link carried, if
# any: see common.require_frame), so the language is known before any text is drawn.
common.init_state(ds, st.session_state["_route"][1] if "_route" in st.session_state else dict(st.query_params))
_ = common.gettext()
PAGES = [
    st.Page(str(HERE / "pages" / "map.py"), title=_("Map"), icon=":material/map:", default=True),
    st.Page(str(HERE / "pages" / "story.py"), title=_("Story"), icon=":material/auto_stories:", url_path="story"),
    st.Page(str(HERE / "pages" / "timeline.py"), title=_("Timeline"), icon=":material/timeline:", url_path="timeline"),
    st.Page(str(HERE / "pages" / "islands.py"), title=_("Islands"), icon=":material/landscape:", url_path="islands"),
    st.Page(str(HERE / "pages" / "positions.py"), title=_("Positions"), icon=":material/balance:", url_path="positions"),
    st.Page(str(HERE / "pages" / "sources.py"), title=_("Sources & data"), icon=":material/menu_book:", url_path="sources"),
]
page = st.navigation(PAGES)
if "_route" in st.session_state:  # a page's URL was the server's first request: see common.require_frame
    route, params = st.session_state.pop("_route")
    st.switch_page(next(p for p in PAGES if (p.url_path or "map") == route), query_params=params)
common.sidebar()
common.present_bar()
common.show_notices()
st.session_state["_page_params"] = {}
page.run()
common.sync_url()
