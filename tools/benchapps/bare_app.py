"""Benchmark baseline: an app with nothing but a date slider (the cost of a Streamlit rerun)."""

import datetime as dt

import streamlit as st

st.slider("Date", min_value=dt.date(1855, 2, 7), max_value=dt.date.today(), value=dt.date(1945, 8, 27), key="day")
