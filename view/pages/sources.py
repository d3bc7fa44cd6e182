"""Sources & data: the bibliography, downloads, provenance and licences, and the validator's verdict."""

from __future__ import annotations

import datetime as dt
import json

import streamlit as st

from kurils.paths import geodata_dir
from kurils.present import status_export
from view import chrome, data, state

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


def _read_on(iso: str) -> str:
    try:
        return state.day_text(dt.date.fromisoformat(iso))
    except ValueError:
        return iso


st.dataframe(
    ds.sources.assign(accessed=[_read_on(d) for d in ds.sources["accessed"]]),
    hide_index=True,
    width="stretch",
    column_order=["title", "publisher", "url", "accessed"],
    column_config={
        "url": st.column_config.LinkColumn(_("Address"), display_text=r"https?://(?:www\.)?([^/]+)"),
        "title": _("Title"),
        "publisher": _("Publisher"),
        "accessed": _("Read on"),
    },
)

st.header(_("Downloads"))
statuses = ds.history.status_at(day, pov)
pov_label = _(chrome.POV_LABELS[pov])
c1, c2 = st.columns(2)
c1.download_button(
    _("Status on {day} as GeoJSON · {pov}").format(day=state.day_text(day), pov=pov_label),
    status_export.to_geojson(statuses, data.files(ds)["islands.geojson"].decode("utf-8"), day.isoformat()),
    file_name=f"kurils-status-{day}-{pov}.geojson",
    mime="application/geo+json",
)
c2.download_button(
    _("Status on {day} as CSV · {pov}").format(day=state.day_text(day), pov=pov_label),
    status_export.to_csv(statuses),
    file_name=f"kurils-status-{day}-{pov}.csv",
    mime="text/csv",
)
# Downloads come from the bytes that were validated and loaded, never from the folder on disk.
served = data.files(ds)
descriptor = json.loads(served["datapackage.json"])
media = {r["path"]: r.get("mediatype", "application/octet-stream") for r in descriptor["resources"]}
names = [name for name in media if name in served] + ["datapackage.json"]
cols = st.columns(3)
for i, name in enumerate(names):
    cols[i % 3].download_button(
        name, served[name], file_name=name, mime=media.get(name, "application/json"), key=f"dl-{name}"
    )

st.header(_("Provenance and licences"))
st.table(
    [
        {
            _("File"): r["path"],
            _("What it holds"): r.get("description", ""),
            _("Licence"): ", ".join(lic["name"] for lic in r.get("licenses", descriptor["licenses"][1:])),
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
verdict = data.folder_verdict()
folder = geodata_dir().name
if verdict is None:
    st.info(_("The geodata is still being checked. Reload in a minute."))
elif verdict.problems:
    st.error(_("`kurils validate` finds {n} problems in {folder}.").format(n=len(verdict.problems), folder=folder))
    st.code(data.report_lines(verdict.problems), language=None)
else:
    st.success(_("`kurils validate` finds no problem in {folder}/ ({n} files).").format(folder=folder, n=len(names)))
