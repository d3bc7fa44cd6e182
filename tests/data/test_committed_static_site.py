"""The static build of the committed data (`kurils export-site`) within its size budget, and what it
keeps: every page, the map component, the layer files the static map asks for."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

from kurils.builders import site
from kurils.present import mapdata
from kurils.present.i18n import LANGS


def test_committed_static_build_fits_its_budget(committed_ds, tmp_path: Path):
    """Compressed (gzip -9, each file as a server or CDN sends it), the whole folder is within
    site.BUDGET_BYTES; the measure is the folder's own, file by file."""
    out = tmp_path / "atlas"
    size = site.export(committed_ds, out, today=dt.date(2026, 11, 30), with_brotli=False)
    files = [p for p in out.rglob("*") if p.is_file()]
    assert size.files == len(files)
    assert size.raw == sum(p.stat().st_size for p in files)
    assert size.gzip == sum(len(gzip.compress(p.read_bytes(), 9, mtime=0)) for p in files)
    assert 0 < size.gzip <= site.BUDGET_BYTES, site.summary(out, size)
    # What the static map asks for is there: each whole-zoom halo and stripe file, each language's
    # pick properties for every epoch, and the deck.gl bundles.
    data = {p.stem for p in (out / "data").iterdir()}
    for zoom in site.STATIC_ZOOMS:
        assert f"halo_wide_{zoom:g}" in data and f"halo_narrow_{zoom:g}" in data
        if zoom in mapdata.HATCH_ZOOMS:
            assert f"hatch_{zoom:g}" in data
    epochs = {d.isoformat() for d in committed_ds.history.epochs()}
    for lang in LANGS:
        text = (out / "data" / f"pick_{lang}.js").read_text(encoding="utf-8")
        assert all(f'"{e}":' in text for e in epochs)
        assert (out / site.PAGES[lang]).exists()
    assert all((out / "map" / "vendor" / name).exists() for name in site.BUNDLES)
