"""Streamlit scripts the benchmark runs beside the real app: a bare slider, and the naive map."""
