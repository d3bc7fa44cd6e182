"""Sources & data: the bibliography, downloads, provenance and licences, and the validator's verdict."""

from __future__ import annotations

import json

import streamlit as st

from kurils import status_export
from pages import common

common.require_frame("sources")
ds = common.current()
day = st.session_state["day"]
pov = st.session_state["pov"]

st.title("Sources & data")
st.header("Bibliography")
st.caption(f"{len(ds.sources)} sources, each actually read; 'mirror' or 'copy' in the publisher means a copy of the page was read.")
st.dataframe(ds.sources, hide_index=True, width="stretch",
             column_config={"url": st.column_config.LinkColumn("URL"), "title": "Title", "publisher": "Publisher", "accessed": "Accessed", "id": "Id"})

st.header("Downloads")
records = ds.history.status_at(day, pov)
c1, c2 = st.columns(2)
c1.download_button(f"Status on {day} ({pov}) as GeoJSON", status_export.to_geojson(records, ds.folder, day.isoformat()),
                   file_name=f"kurils-status-{day}-{pov}.geojson", mime="application/geo+json")
c2.download_button(f"Status on {day} ({pov}) as CSV", status_export.to_csv(records), file_name=f"kurils-status-{day}-{pov}.csv", mime="text/csv")
descriptor = json.loads((ds.folder / "datapackage.json").read_text(encoding="utf-8"))
cols = st.columns(3)
for i, res in enumerate(descriptor["resources"]):
    path = ds.folder / res["path"]
    cols[i % 3].download_button(res["path"], path.read_bytes(), file_name=res["path"], mime=res.get("mediatype", "application/octet-stream"),
                                key=f"dl-{res['name']}")
cols[len(descriptor["resources"]) % 3].download_button("datapackage.json", (ds.folder / "datapackage.json").read_bytes(), file_name="datapackage.json", mime="application/json")

st.header("Provenance and licences")
st.table([{"file": r["path"], "what": r.get("description", ""), "licence": ", ".join(lic["name"] for lic in r.get("licenses", descriptor["licenses"][1:]))}
          for r in descriptor["resources"]])
st.markdown("Island and land outlines: GSHHG 2.3.7 full resolution, © Paul Wessel and Walter H. F. Smith, LGPL-3.0-or-later; "
            "modified by `kurils build-geodata` (see geodata/licences/NOTICE). Everything else: CC-BY-4.0. Code: MIT.")

st.header("Validation")
problems = common.validator_lines(ds)
if problems:
    st.error(f"`kurils validate` finds {len(problems)} problems in {ds.folder}.")
    st.code("\n".join(problems), language=None)
else:
    st.success(f"`kurils validate` finds no problem in {ds.folder.name}/ ({len(descriptor['resources'])} files).")
