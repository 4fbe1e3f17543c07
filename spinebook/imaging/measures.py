"""What each modality sees, measured on the simulated images: a paired contrast-to-noise ratio.

A structure's CNR is the mean change it makes to its own pixels (the image with it against the
same view with it replaced by the tissue around it) over the noise of one image, measured as the
spread of the two images' difference in a ring around the structure. A CNR near 0 means the
structure cannot be told from what is around it; above about 1 it stands out (the Rose criterion
asks for 3–5 for small objects).
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage


def cnr_between(with_it: np.ndarray, without: np.ndarray, mask: np.ndarray, ring_px: int = 6) -> float:
    """Paired CNR of the pixels in ``mask`` (see the module docstring); the two images have
    independent noise, so their difference has √2 times the noise of one."""
    finite = np.isfinite(with_it) & np.isfinite(without)
    keep, around = mask & finite, ring(mask, ring_px) & finite
    if keep.sum() < 1 or around.sum() < 10:
        return float("nan")
    change = with_it - without
    return float(abs(change[keep].mean()) / (change[around].std() / np.sqrt(2)))


def ring(mask: np.ndarray, width_px: int, exclude: np.ndarray | None = None) -> np.ndarray:
    """Pixels within ``width_px`` of ``mask`` but not in it (nor in ``exclude``)."""
    near = ndimage.binary_dilation(mask, iterations=width_px) & ~ndimage.binary_dilation(mask, iterations=1)
    return near if exclude is None else near & ~exclude


def first_rows(mask: np.ndarray, rows: int) -> np.ndarray:
    """The first ``rows`` samples of ``mask`` along each beam (axis 0): a bone's echoing surface."""
    seen = np.cumsum(mask, axis=0)
    return mask & (seen <= rows)
