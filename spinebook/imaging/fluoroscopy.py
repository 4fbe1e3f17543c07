"""Fluoroscopy: a projection of the phantom by the Beer–Lambert law.

A C-arm's cone beam is drawn as parallel rays (its source is about a metre away, so over a lumbar
segment the rays diverge by a few degrees; said on the page). Each detector pixel receives
N₀ · exp(−∫μ ds) photons, with Poisson (quantum) noise; scatter and the detector's blur are left out.
The monitor shows log counts, more photons brighter: bone, the steel needle and iodinated contrast
are dark.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from spinebook.imaging.shapes import rotation_about_y


@dataclass(frozen=True)
class Detector:
    """The image: ``width_mm`` across (x turned by the C-arm angle) × ``height_mm`` (cranio-caudal)."""

    width_mm: float = 120.0
    height_mm: float = 120.0
    pixels: int = 150

    def grid(self):
        u = np.linspace(-self.width_mm / 2, self.width_mm / 2, self.pixels)
        v = np.linspace(self.height_mm / 2, -self.height_mm / 2, self.pixels)
        return np.meshgrid(u, v)


def beam_direction(angle_deg: float) -> np.ndarray:
    """Unit vector of the rays for a C-arm turned ``angle_deg`` about the body's long axis from
    posteroanterior (0°: the rays run along +z); 90° is a lateral view."""
    return rotation_about_y(angle_deg) @ np.array([0.0, 0.0, 1.0])


#: The point of the phantom the C-arm turns about (mm): midline, disc level, mid-depth of the segment.
ISOCENTRE = (0.0, 0.0, 60.0)


def rays(angle_deg: float, detector: Detector = Detector(), centre=ISOCENTRE):
    """Origins (one per detector pixel, well outside the body), the common direction, image shape."""
    direction = beam_direction(angle_deg)
    across = rotation_about_y(angle_deg) @ np.array([1.0, 0.0, 0.0])
    u, v = detector.grid()
    origins = (np.asarray(centre, float) + u.reshape(-1, 1) * across + v.reshape(-1, 1) * np.array([0, 1.0, 0])
               - 400.0 * direction)
    return origins, direction, u.shape


def line_integrals(phantom, mu: dict, angle_deg: float, detector: Detector = Detector()) -> np.ndarray:
    """∫μ ds for every detector pixel (rows cranial to caudal)."""
    origins, direction, shape = rays(angle_deg, detector)
    return phantom.line_integrals(origins, direction, mu).reshape(shape)


def transmission(phantom, mu_per_mm: dict, angle_deg: float, detector: Detector = Detector()) -> np.ndarray:
    """exp(−∫μ ds) for every detector pixel, without noise."""
    return np.exp(-line_integrals(phantom, mu_per_mm, angle_deg, detector))


def detected(transmitted: np.ndarray, photons_per_pixel: float, seed: int = 0) -> np.ndarray:
    """Photon counts with quantum noise (Poisson), for ``photons_per_pixel`` N₀ in the open beam."""
    return np.random.default_rng(seed).poisson(transmitted * photons_per_pixel).astype(float)


def window(expected_counts: np.ndarray) -> tuple[float, float]:
    """The logarithmic display window of a view, set once from its noiseless image (as a C-arm's
    automatic brightness does): from the 1st to the 99th percentile of log counts."""
    logs = np.log(np.maximum(expected_counts, 1.0))
    return float(np.percentile(logs, 1)), float(np.percentile(logs, 99))


def display(counts: np.ndarray, window: tuple[float, float]) -> np.ndarray:
    """Grey levels 0–1: log counts mapped onto ``window``; more photons, brighter."""
    low, high = window
    return np.clip((np.log(np.maximum(counts, 1.0)) - low) / (high - low), 0.0, 1.0)
