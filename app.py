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
ds = common.load_or_report()
common.init_state(ds)
common.sidebar()
common.show_notices()
page.run()
common.sync_url()
