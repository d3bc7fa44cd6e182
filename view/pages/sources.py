"""Sources & data: the bibliography, downloads, provenance and licences, and the validator's verdict."""

from __future__ import annotations

import json

import streamlit as st

from kurils.present import status_export
from view import data, state

ds = data.current()
day = state.day()
pov = st.session_state["pov"]

_ = state.gettext()
st.title(_("Sources & data"))
st.header(_("Bibliography"))
st.caption(
    _("{n} sources, each actually read; 'mirror' or 'copy' in the publisher means a copy of the page was read.").format(
        n=len(ds.sources)
    )
)
st.dataframe(
    ds.sources,
    hide_index=True,
    width="stretch",
    column_config={
        "url": st.column_config.LinkColumn("URL"),
        "title": _("Title"),
        "publisher": _("Publisher"),
        "accessed": _("Accessed"),
        "id": "Id",
    },
)

st.header(_("Downloads"))
statuses = ds.history.status_at(day, pov)
c1, c2 = st.columns(2)
c1.download_button(
    _("Status on {day} ({pov}) as GeoJSON").format(day=day, pov=pov),
    status_export.to_geojson(statuses, ds.folder, day.isoformat()),
    file_name=f"kurils-status-{day}-{pov}.geojson",
    mime="application/geo+json",
)
c2.download_button(
    _("Status on {day} ({pov}) as CSV").format(day=day, pov=pov),
    status_export.to_csv(statuses),
    file_name=f"kurils-status-{day}-{pov}.csv",
    mime="text/csv",
)
descriptor = json.loads((ds.folder / "datapackage.json").read_text(encoding="utf-8"))
cols = st.columns(3)
for i, res in enumerate(descriptor["resources"]):
    path = ds.folder / res["path"]
    cols[i % 3].download_button(
        res["path"],
        path.read_bytes(),
        file_name=res["path"],
        mime=res.get("mediatype", "application/octet-stream"),
        key=f"dl-{res['name']}",
    )
cols[len(descriptor["resources"]) % 3].download_button(
    "datapackage.json",
    (ds.folder / "datapackage.json").read_bytes(),
    file_name="datapackage.json",
    mime="application/json",
)

st.header(_("Provenance and licences"))
st.table(
    [
        {
            "file": r["path"],
            "what": r.get("description", ""),
            "licence": ", ".join(lic["name"] for lic in r.get("licenses", descriptor["licenses"][1:])),
        }
        for r in descriptor["resources"]
    ]
)
st.markdown(
    _(
        "Island and land outlines: GSHHG 2.3.7 full resolution, © Paul Wessel and Walter H. F. Smith, "
        "LGPL-3.0-or-later; "
        "modified by `kurils build-geodata` (see geodata/licences/NOTICE). Everything else: CC-BY-4.0. Code: MIT."
    )
)

st.header(_("Validation"))
problems = data.validator_lines(ds)
if problems:
    st.error(_("`kurils validate` finds {n} problems in {folder}.").format(n=len(problems), folder=ds.folder))
    st.code("\n".join(problems), language=None)
else:
    st.success(
        _("`kurils validate` finds no problem in {folder}/ ({n} files).").format(
            folder=ds.folder.name, n=len(descriptor["resources"])
        )
    )
