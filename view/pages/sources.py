"""Sources & data: the bibliography, downloads, provenance and licences, and the validator's verdict."""

from __future__ import annotations

import datetime as dt
import json

import streamlit as st

from kurils.paths import geodata_dir
from kurils.present import citations, status_export
from kurils.present.i18n import N_
from kurils.present.textsafe import md_escape
from view import chrome, data, preview, state

ds = data.current()
day = state.day()
pov = st.session_state["pov"]

_ = state.gettext()
lang = state.lang()

# "How this atlas is made": the policies CONTRIBUTING.md holds for contributors, for readers.
METHOD = (
    N_(
        "Sources. Every date, status and quotation rests on a source the atlas's authors actually read, cited as "
        "its original publication: a treaty from its official text, a government's statement from its own "
        "transcript or a wire service, history from scholarship. Where only a copy could be read, the copy is "
        "named beside the original. Each source has a kind (primary document, official statement, scholarship, "
        "press, reference work, secondary source) and, where one was recorded, a short quote in its own language "
        "with an English translation. Every event and every change of status needs a primary, official or "
        "scholarly source, or two independent press sources; the validator refuses the data otherwise. "
        "Content farms and state disinformation networks are never cited: a public deny-list in the data "
        "names them, each with the finding that put it there."
    ),
    N_(
        "Names. On the map each island carries the name usual in the reader's language (in English, the forms "
        "English reference works use, which follow the present Russian administration; in Japanese, the Japanese "
        "names); the tooltip and the island's panel give its other names. In its own voice the atlas uses "
        "neither side's collective name: 'Northern Territories' (北方領土) is Japan's name for Etorofu (Iturup), "
        "Kunashiri (Kunashir), Shikotan and the Habomai islands, 'southern Kurils' (Южные Курилы) is Russia's, "
        "and each appears only attributed. 'Habomai' is the name both governments used in their 1956 Joint "
        "Declaration; Russia counts the islets in the Lesser Kuril Chain."
    ),
    N_(
        "Uncertainty and disagreement. Every date is marked exact, a range or approximate. Where sources "
        "disagree on a date or a fact, the atlas records both and says which it shows and why. Governments' "
        "readings of a treaty are attributed to each government, never stated as fact."
    ),
    N_(
        "Whose view each layer shows. The de facto view shows who held and governed each island on a day, not "
        "who was right. Claim outlines show who claimed it. Japan's and Russia's points of view add that "
        "government's stated position, in its words and as of its own date, and stripe the islands it gives to "
        "a state other than the holder. Treaty lines and claim outlines are schematic."
    ),
)


def _read_on(iso: str) -> str:
    try:
        return state.day_text(dt.date.fromisoformat(iso))
    except ValueError:
        return iso or _("not recorded")


st.title(_("Sources & data"))
st.header(_("How this atlas is made"))
for paragraph in METHOD:
    st.markdown(md_escape(_(paragraph)))

st.header(_("Bibliography"))
records = list(ds.records["sources"].values())
counts = citations.kind_counts(records)
copies = sum(1 for s in records if s.get("via"))
st.caption(
    md_escape(
        _(
            "{n} sources, {copies} of them read in a copy of the original "
            "(the copy is named; the citation is the original)."
        ).format(n=len(records), copies=copies)
    )
)
chosen = st.pills(
    _("Kind"),
    list(counts),
    selection_mode="multi",
    format_func=lambda k: f"{citations.kind_label(k, lang)} ({counts[k]})",
    key="source_kinds",
)
table = ds.sources if not chosen else ds.sources[ds.sources["kind"].isin(chosen)]
st.dataframe(
    table.assign(
        accessed=[_read_on(d) for d in table["accessed"]],
        published=[_read_on(d) if len(d) == len("YYYY-MM-DD") else d for d in table["published"]],
        kind=[citations.kind_label(k, lang) for k in table["kind"]],
    ),
    hide_index=True,
    width="stretch",
    column_order=[
        "title",
        "kind",
        "author",
        "publisher",
        "published",
        "language",
        "url",
        "via",
        "quote",
        "quote_en",
        "accessed",
    ],
    column_config={
        "url": st.column_config.LinkColumn(_("Address"), display_text=r"https?://(?:www\.)?([^/]+)"),
        "via": st.column_config.LinkColumn(_("Read in a copy at"), display_text=r"https?://(?:www\.)?([^/]+)"),
        "title": _("Title"),
        "kind": _("Kind"),
        "author": _("Author"),
        "publisher": _("Publisher"),
        "published": _("Published"),
        "language": _("Language"),
        "quote": _("Quote (original language)"),
        "quote_en": _("Quote in English"),
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
    status_export.to_csv(statuses, ds.areas),
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

preview.try_a_change()
