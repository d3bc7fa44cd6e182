"""The map page's animation download alone (view.animation), on the geodata $KURILS_GEODATA names:
tests/test_animate.py drives it with AppTest."""

import streamlit as st

from kurils.model import dataset
from kurils.paths import geodata_dir
from view import animation

st.session_state.setdefault("lang", "en")
st.session_state.setdefault("pov", "de_facto")
animation.download_button(dataset.load(geodata_dir()))
