"""The map legend as a PNG (drawn with matplotlib, so it needs no HTML and prints the same)."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from .palette import LABEL_EN, RGB  # noqa: E402


def legend_png(states: tuple[str, ...] = ("japan", "russian_empire", "ussr", "russia", "contested"), scale: float = 1.0) -> bytes:
    """Swatches for the holders, and the outline that marks another claimant."""
    handles = [Patch(facecolor=[c / 255 for c in RGB[s]], edgecolor="none", label=LABEL_EN[s] if s == "contested" else f"held by {LABEL_EN[s]}") for s in states]
    handles.append(Patch(facecolor=[c / 255 for c in RGB["russia"]], edgecolor=[c / 255 for c in RGB["japan"]], linewidth=3,
                         label="ring: claimed also by (its colour)"))
    fig = plt.figure(figsize=(3.2 * scale, 0.32 * scale * (len(handles) + 0.6)), dpi=150)
    fig.legend(handles=handles, loc="center left", frameon=False, fontsize=9 * scale, handlelength=1.6, handleheight=1.2)
    out = io.BytesIO()
    fig.savefig(out, format="png", transparent=True)
    plt.close(fig)
    return out.getvalue()
