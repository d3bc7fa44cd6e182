"""The map legend as a PNG (drawn with matplotlib, so it needs no HTML and prints the same)."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.patches import Patch

from kurils.present.i18n import N_, gettext
from kurils.present.palette import RGB, held_by

# Latin and Cyrillic from DejaVu; Japanese from Noto Sans CJK (Debian's fonts-noto-cjk), by fallback.
FONTS = ["DejaVu Sans", "Noto Sans CJK JP"]
plt.rcParams["font.family"] = FONTS
plt.rcParams["pdf.fonttype"] = 42  # embed TrueType: text stays text (searchable, copyable) in handouts

HOLDERS = ("japan", "russian_empire", "ussr", "russia", "contested")
RING = N_("ring: claimed also by (its colour)")


def _rgb(state: str) -> tuple[float, float, float]:
    r, g, b = RGB[state]
    return r / 255, g / 255, b / 255


def handles(lang: str = "en", states: tuple[str, ...] = HOLDERS, scale: float = 1.0) -> list[Patch]:
    """Swatches for the holders, and the outline that marks another claimant."""
    out = [Patch(facecolor=_rgb(s), edgecolor="none", label=held_by(s, lang)) for s in states]
    out.append(
        Patch(
            facecolor=_rgb("russia"),
            edgecolor=_rgb("japan"),
            linewidth=3 * scale,
            label=gettext(lang)(RING),
        )
    )
    return out


def legend_png(lang: str = "en", scale: float = 1.0) -> bytes:
    items = handles(lang, scale=scale)
    fig = plt.figure(figsize=(3.2 * scale, 0.32 * scale * (len(items) + 0.6)), dpi=150)
    fig.legend(handles=items, loc="center left", frameon=False, fontsize=9 * scale, handlelength=1.6, handleheight=1.2)
    out = io.BytesIO()
    fig.savefig(out, format="png", transparent=True)
    plt.close(fig)
    return out.getvalue()
