"""A page that fails: to check what a visitor sees of an unexpected error (tests/test_hardening.py)."""

import streamlit as st

st.write("before the error")
raise RuntimeError("SECRET-DETAIL /etc/kurils/credentials")
