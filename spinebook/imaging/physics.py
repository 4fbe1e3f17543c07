"""The textbook formulas the simulator rests on, each small enough to check by hand.

Ultrasound: the intensity reflection coefficient at a boundary between two acoustic impedances,
what is transmitted, and the attenuation of a pulse that goes to a depth and back. X-ray: the
Beer–Lambert law for a beam crossing tissues of known linear attenuation coefficients.
"""

from __future__ import annotations

import numpy as np


def impedance_mrayl(density_kg_m3, speed_m_s):
    """Characteristic acoustic impedance Z = ρc, in MRayl (10⁶ kg m⁻² s⁻¹)."""
    return np.asarray(density_kg_m3, float) * np.asarray(speed_m_s, float) / 1e6


def intensity_reflection(z1, z2):
    """Fraction of the incident intensity reflected at normal incidence: ((Z₂−Z₁)/(Z₂+Z₁))²."""
    z1, z2 = np.asarray(z1, float), np.asarray(z2, float)
    return ((z2 - z1) / (z2 + z1)) ** 2


def intensity_transmission(z1, z2):
    """Fraction transmitted through the boundary: 1 − R (energy is conserved)."""
    return 1.0 - intensity_reflection(z1, z2)


def round_trip_attenuation_db(alpha_db_cm_mhz, frequency_mhz, depth_cm):
    """Loss of a pulse that travels to ``depth_cm`` and back: 2 · α · f · d, in dB."""
    return 2.0 * np.asarray(alpha_db_cm_mhz, float) * frequency_mhz * np.asarray(depth_cm, float)


def db_to_intensity(db):
    """A loss in dB as the fraction of intensity left: 10^(−dB/10)."""
    return 10.0 ** (-np.asarray(db, float) / 10.0)


def beer_lambert(mu_per_cm, path_cm):
    """Fraction of a narrow X-ray beam transmitted: exp(−Σ μᵢ xᵢ) over the tissues crossed."""
    mu = np.atleast_1d(np.asarray(mu_per_cm, float))
    x = np.atleast_1d(np.asarray(path_cm, float))
    return float(np.exp(-np.sum(mu * x)))


def wavelength_mm(speed_m_s, frequency_mhz):
    """λ = c / f, in millimetres."""
    return speed_m_s / (frequency_mhz * 1e6) * 1e3
