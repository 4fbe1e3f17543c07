"""What each modality sees, measured on the simulated images: contrast-to-noise ratios.

CNR = |mean(structure) − mean(surroundings)| / √(var(structure) + var(surroundings)), on the grey
levels the reader sees. Surroundings are the pixels within a few millimetres of the structure that
belong to nothing else of interest. A CNR near 0 means the structure cannot be told from what is
around it; above about 1 it stands out (the Rose criterion asks for 3–5 for small objects).
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage


def cnr(image: np.ndarray, structure: np.ndarray, surroundings: np.ndarray) -> float:
    a, b = image[structure & np.isfinite(image)], image[surroundings & np.isfinite(image)]
    if a.size < 3 or b.size < 3:
        return float("nan")
    return float(abs(a.mean() - b.mean()) / np.sqrt(a.var() + b.var()))


def ring(mask: np.ndarray, width_px: int, exclude: np.ndarray | None = None) -> np.ndarray:
    """Pixels within ``width_px`` of ``mask`` but not in it (nor in ``exclude``)."""
    near = ndimage.binary_dilation(mask, iterations=width_px) & ~ndimage.binary_dilation(mask, iterations=1)
    return near if exclude is None else near & ~exclude


def first_rows(mask: np.ndarray, rows: int) -> np.ndarray:
    """The first ``rows`` samples of ``mask`` along each beam (axis 0): a bone's echoing surface."""
    seen = np.cumsum(mask, axis=0)
    return mask & (seen <= rows)
