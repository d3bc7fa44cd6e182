"""kurils app: the router and the shared frame (page config, data, URL state, sidebar).
Pages live in pages/ and call the kurils package."""

from pathlib import Path

import streamlit as st

from pages import common

HERE = Path(__file__).parent

st.set_page_config(page_title="Kuril Islands atlas", page_icon=str(HERE / "static" / "favicon.png"), layout="wide")

PAGES = [
    st.Page(str(HERE / "pages" / "map.py"), title="Map", icon=":material/map:", default=True),
    st.Page(str(HERE / "pages" / "timeline.py"), title="Timeline", icon=":material/timeline:", url_path="timeline"),
    st.Page(str(HERE / "pages" / "islands.py"), title="Islands", icon=":material/landscape:", url_path="islands"),
    st.Page(str(HERE / "pages" / "positions.py"), title="Positions", icon=":material/balance:", url_path="positions"),
    st.Page(str(HERE / "pages" / "sources.py"), title="Sources & data", icon=":material/menu_book:", url_path="sources"),
]
page = st.navigation(PAGES)
if "_route" in st.session_state:  # a page's URL was the server's first request: see common.require_frame
    route, params = st.session_state.pop("_route")
    st.switch_page(next(p for p in PAGES if (p.url_path or "map") == route), query_params=params)
ds = common.load_or_report()
common.init_state(ds)
common.sidebar()
common.show_notices()
page.run()
common.sync_url()
