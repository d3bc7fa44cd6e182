"""Operations on a checkout of the repository: the benchmark, the load test, the nginx deployment
and the browser helpers they and the browser tests share. Not part of the runtime package."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # the checkout: app.py, atlas.py, geodata/, deploy/
