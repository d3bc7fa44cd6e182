"""`unreliable-source`: a row of sources.csv whose URL is on a domain of unreliable_domains.csv.

The deny-list names domains that a public finding (a government agency's report, a court decision,
a platform's published takedown, scholarship) showed to be a disinformation operation; each row
carries that finding. A domain may be written defanged (`pravda-fr[.]com`, as findings write it).
A listed domain covers its subdomains, compared label by label: `pravda-fr.com`
matches `a.pravda-fr.com`, never `evil-pravda-fr.com` or `pravda-fr.com.example`. Hosts are
compared as `source_rules.hosts` writes them (case, a trailing dot and international names undone),
and a snapshot in the Internet Archive is checked for the page it copies as well.

The deny-list's own rows are checked by its table schema in datapackage.json (a domain pattern,
a finding and its URL required); this rule only reads them.
"""

from __future__ import annotations

from kurils.model.validate.cross_file import Loaded
from kurils.model.validate.problems import Problem
from kurils.model.validate.source_rules import ascii_host, hosts

FILE = "sources.csv"
DENY_LIST = "unreliable_domains.csv"
CODE = "unreliable-source"
# A finding is one sentence; a longer cell (the schema's too-long says so) is cut in the problem line.
MAX_FINDING_CHARS = 400


def listed(host: str, domains: dict[str, int]) -> str | None:
    """The listed domain `host` is, or is a subdomain of; None when there is none. Linear in the
    host's labels (one lookup for each suffix that starts at a label)."""
    labels = host.split(".")
    for i in range(len(labels)):
        suffix = ".".join(labels[i:])
        if suffix in domains:
            return suffix
    return None


def _one_line(text: str, limit: int) -> str:
    text = " ".join(text.split())  # a line break in a cell (reported by the cell rules) stays one line
    return text if len(text) <= limit else text[: limit - 1] + "…"


def problems(loaded: Loaded, labels: dict[str, list[str]]) -> list[Problem]:
    """One `unreliable-source` per row of sources.csv whose URL (or the page a snapshot copies) is
    on a listed domain, naming the host, the deny-list's entry and row, its finding and the
    finding's URL."""
    if "sources" not in loaded.tables or "unreliable_domains" not in loaded.tables:
        return []
    entries = loaded.tables["unreliable_domains"]
    domains: dict[str, int] = {}
    for i, entry in enumerate(entries):
        domain = ascii_host(str(entry.get("domain") or "").strip().replace("[.]", "."))  # defanged as findings write it
        if domain and domain not in domains:  # a repeated domain: the schema reports it, the first one counts
            domains[domain] = i
    if not domains:
        return []
    out = []
    for i, source in enumerate(loaded.tables["sources"]):
        url = str(source.get("url") or "")
        for host in hosts(url):
            match = listed(host, domains)
            if match is None:
                continue
            j = domains[match]
            finding = _one_line(str(entries[j].get("finding") or ""), MAX_FINDING_CHARS) or "no finding recorded"
            finding_url = _one_line(str(entries[j].get("finding_url") or ""), MAX_FINDING_CHARS)
            where = f"{DENY_LIST} ({labels['unreliable_domains'][j]}: {match})"
            message = f"{host} is on {where}: {finding}" + (f" See {finding_url}" if finding_url else "")
            out.append(Problem(FILE, labels["sources"][i], "url", CODE, message, url))
            break  # one line a row
    return out
