"""kurils app: the router and the shared frame. Pages live in pages/ and call the kurils package."""

from pathlib import Path

import streamlit as st

HERE = Path(__file__).parent

st.set_page_config(page_title="Kuril Islands atlas", page_icon="🗾", layout="wide")

pages = [st.Page(str(HERE / "pages" / "map.py"), title="Map", default=True)]
st.navigation(pages).run()
