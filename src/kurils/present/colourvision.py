"""Is the palette readable with a colour-vision deficiency? Simulate protanopia, deuteranopia and
tritanopia (Machado, Oliveira & Fernandes 2009, severity 1.0, in linear RGB) and measure how far
apart the states' colours stay (CIE76 ΔE in CIELAB; about 10 is clearly distinct)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

MACHADO = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}


def _linear(rgb: Sequence[float]) -> np.ndarray:
    c = np.asarray(rgb, dtype=float) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ np.clip(
        linear, 0, 1
    )
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def simulate(rgb: Sequence[float], kind: str) -> np.ndarray:
    """The linear RGB a person with `kind` sees for `rgb` (0-255), or the colour itself for `normal`."""
    linear = _linear(rgb)
    return linear if kind == "normal" else np.asarray(MACHADO[kind]) @ linear


def min_distance(colours: dict[str, tuple[int, int, int]], kind: str) -> tuple[float, tuple[str, str]]:
    """The smallest ΔE between any two colours as seen with `kind`, and which pair it is."""
    labs = {name: _lab(simulate(rgb, kind)) for name, rgb in colours.items()}
    return min((float(np.linalg.norm(labs[a] - labs[b])), (a, b)) for a, b in itertools.combinations(labs, 2))
