"""One validation problem, printed as `FILE:FEATURE-OR-ROW: FIELD: CODE: message (value)`."""

from __future__ import annotations

from dataclasses import dataclass

from kurils.model.validate.limits import MAX_PROBLEMS_PER_CODE, MAX_REPORT_LINES

WHOLE_FILE = "*"
NO_FIELD = "-"
MAX_VALUE_CHARS = 80
# Ends the message of every problem of layout or order (not of content): `kurils fmt` puts it right.
RUN_FMT = "run `kurils fmt`"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    where: str  # a feature id, `feature N`, `row N` (the header is row 1) or `*` for the whole file
    field: str
    code: str  # stable: documented in CONTRIBUTING.md
    message: str
    value: str = ""

    def line(self) -> str:
        value = self.value if len(self.value) <= MAX_VALUE_CHARS else self.value[: MAX_VALUE_CHARS - 1] + "…"
        # repr-like escaping keeps one problem on one line whatever the value holds
        value = value.encode("unicode_escape").decode("ascii") if not value.isprintable() else value
        return f"{self.file}:{self.where}: {self.field}: {self.code}: {self.message} ({value})"


def row(n: int) -> str:
    return f"row {n}"


def report(problems: list[Problem], limit: int = MAX_REPORT_LINES) -> list[str]:
    """The report for people: the first `limit` problem lines, then one line counting the rest.
    (`validate` keeps the complete list; a report of 300,000 lines helps nobody and overflows the
    app's message limit.)"""
    lines = [p.line() for p in problems[:limit]]
    if len(problems) > limit:
        more = len(problems) - limit
        lines.append(f"… and {more} more problem{'s' if more != 1 else ''}")
    return lines


def cap(problems: list[Problem]) -> list[Problem]:
    """Sorted problems with at most MAX_PROBLEMS_PER_CODE per file and code, and for each file and
    code that had more, one whole-file line saying so."""
    kept: list[Problem] = []
    counts: dict[tuple[str, str], int] = {}
    for p in problems:
        key = (p.file, p.code)
        counts[key] = counts.get(key, 0) + 1
        if counts[key] <= MAX_PROBLEMS_PER_CODE:
            kept.append(p)
    more = [
        Problem(
            file,
            WHOLE_FILE,
            NO_FIELD,
            code,
            f"more than {MAX_PROBLEMS_PER_CODE} problems of this kind; the rest are not listed",
            "",
        )
        for (file, code), n in counts.items()
        if n > MAX_PROBLEMS_PER_CODE
    ]
    return more + kept
