"""One validation problem, printed as `FILE:FEATURE-OR-ROW: FIELD: CODE: message (value)`."""

from __future__ import annotations

from dataclasses import dataclass

WHOLE_FILE = "*"
NO_FIELD = "-"
MAX_VALUE_CHARS = 80


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
