"""The reference simulator, pymust (the Python port of MUST/SIMUS, Garcia 2022), used to check the
fast model: it simulates the radio-frequency echoes of point scatterers element by element and
beamforms them, which takes seconds where an explorer state has milliseconds. The tests compare
the two (tests/test_imaging_reference.py); the imaging chapter reports what pymust costs.
"""

from __future__ import annotations

import importlib.metadata
import time

import numpy as np

#: pymust and what it pulls in beyond the book's other requirements.
PYMUST_DISTRIBUTIONS = ("PyMUST", "matplotlib", "contourpy", "cycler", "fonttools", "kiwisolver", "pillow", "pyparsing")


def parameters(probe_name: str):
    """pymust's parameters of a probe, sampled at four times its centre frequency."""
    import pymust

    param = pymust.getparam(probe_name)
    param.fs = 4 * param.fc
    return param


def simulate(param, x, z, reflectivity, xi, zi) -> np.ndarray:
    """Plane-wave transmit, delay-and-sum receive: the envelope on the grid (xi, zi); metres."""
    import pymust

    delays = pymust.txdelayPlane(param, 0.0)
    rf, _ = pymust.simus(np.asarray(x, float), np.asarray(z, float), np.asarray(reflectivity, float), delays, param)
    iq = pymust.rf2iq(rf, param)
    das = pymust.dasmtx(iq, xi, zi, delays, param)
    return np.abs((das @ iq.flatten(order="F")).reshape(xi.shape, order="F"))


def point_image(probe_name: str, depth_mm: float, half_width_mm: float, pixels: int = 121):
    """pymust's image of one point scatterer at ``depth_mm`` on a square grid: (image, grid step mm)."""
    g = np.linspace(-half_width_mm, half_width_mm, pixels) / 1000
    xi, zi = np.meshgrid(g, depth_mm / 1000 + g)
    image = simulate(parameters(probe_name), [0.0], [depth_mm / 1000], [1.0], xi, zi)
    return image, (g[1] - g[0]) * 1000


def fwhm(profile: np.ndarray, step: float) -> float:
    """Full width at half maximum of a peaked profile, interpolating linearly at both edges."""
    top = profile.max()
    above = np.flatnonzero(profile >= top / 2)
    i0, i1 = above[0], above[-1]
    left = i0 - 1 + (top / 2 - profile[i0 - 1]) / (profile[i0] - profile[i0 - 1])
    right = i1 + (profile[i1] - top / 2) / (profile[i1] - profile[i1 + 1])
    return float((right - left) * step)


def seconds_for_one_point(probe_name: str = "C5-2v", pixels: int = 121) -> float:
    """Wall time of pymust simulating and beamforming one point on a ``pixels``² grid."""
    start = time.perf_counter()
    point_image(probe_name, 40.0, 4.0, pixels)
    return time.perf_counter() - start


def installed_megabytes(distributions=PYMUST_DISTRIBUTIONS) -> float:
    """Disk space of the installed distributions' files, in MB."""
    total = 0
    for name in distributions:
        for file in importlib.metadata.distribution(name).files or ():
            path = file.locate()
            if path.is_file():
                total += path.stat().st_size
    return total / 1e6


def licence() -> str:
    meta = importlib.metadata.metadata("PyMUST")
    return meta.get("License") or meta.get("License-Expression") or ""
