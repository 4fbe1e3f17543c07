"""Ultrasound: a B-mode image of one plane of the phantom, from a ray-and-convolution model.

Along each beam (straight down for a linear probe, fanning out from the apex of a curvilinear one)
the echo at each depth is the sum of

* *specular* reflection where the acoustic impedance changes, R = ((Z₂−Z₁)/(Z₂+Z₁))², returned to
  the probe only if the surface faces it: a mirror tilted by θ sends the echo back 2θ off the beam,
  where the elements hear it less (their directivity) or it misses the array (so a steep needle fades);
* *diffuse* scattering in solid soft tissue, a complex Gaussian field: its envelope is speckle;

weighted by what reaches that depth and comes back: the transmission 1 − R of every boundary above
and the round-trip attenuation 2·α·f·d. The field is blurred by the probe's point-spread function
(axial width from the pulse bandwidth, lateral width λ·F#), electronic noise is added, time-gain
compensation restores an average soft-tissue loss, and the envelope is log-compressed for display.
The fast model is checked against ``pymust`` (the MUST/SIMUS simulator) in the tests.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import ndimage

from spinebook.imaging import physics

#: Display and noise settings of the simulated scanner (settings, not tissue data).
DYNAMIC_RANGE_DB = 60.0
DIFFUSE_LEVEL_DB = -46.0  # soft-tissue scattering per sample, relative to a perfect reflector
NOISE_LEVEL_DB = -110.0  # electronic noise before time-gain compensation
GAIN_DB = 6.0
#: Share of a boundary's echo scattered back whatever its tilt (falling only as cos²): tissue
#: surfaces are rough; a steel needle is smooth, nearly a mirror.
ROUGH_SHARE = 0.25
NEEDLE_ROUGH_SHARE = 0.001
#: Parts much thinner than the beam (the needle): they echo, but cast no shadow.
THIN = frozenset({"steel"})
#: Tissues that are liquid: no scatterers, so anechoic (dark) lumens.
LIQUIDS = frozenset({"blood", "csf", "contrast", "air"})


@dataclass(frozen=True)
class Probe:
    """A transducer array: ``radius_mm`` 0 for a linear array, the curvature radius otherwise."""

    name: str
    label: str
    centre_frequency_mhz: float
    fractional_bandwidth: float
    elements: int
    pitch_mm: float
    radius_mm: float = 0.0
    depth_mm: float = 60.0
    element_width_mm: float = 0.0
    element_height_mm: float = 0.0
    elevation_focus_mm: float = 0.0

    @property
    def aperture_mm(self) -> float:
        return self.elements * self.pitch_mm

    @property
    def curved(self) -> bool:
        return self.radius_mm > 0

    def wavelength_mm(self, speed_m_s: float = 1540.0) -> float:
        return physics.wavelength_mm(speed_m_s, self.centre_frequency_mhz)

    def axial_fwhm_mm(self, speed_m_s: float = 1540.0) -> float:
        """Envelope width (−6 dB) of the echo of a point. The element's response is Gaussian with a −6 dB
        bandwidth Δf = ``fractional_bandwidth`` × f; the echo passes it twice, which narrows the band by
        √2, and a Gaussian band Δf gives an envelope c · 2 ln 2 / (π Δf) long in depth."""
        bandwidth_hz = self.fractional_bandwidth * self.centre_frequency_mhz * 1e6 / np.sqrt(2)
        return speed_m_s * 2 * np.log(2) / (np.pi * bandwidth_hz) * 1e3

    @functools.cached_property
    def f_number(self) -> float:
        """Smallest useful receive f-number, set by how far off-axis an element still hears (its
        directivity cos θ · sinc(w sin θ / λ) falls to 0.71 at the highest frequency of the band):
        the rule MUST/pymust uses when no f-number is given."""
        if self.element_width_mm <= 0:
            return 0.0
        shortest = 1540.0 / (self.centre_frequency_mhz * 1e6 * (1 + self.fractional_bandwidth / 2)) * 1e3
        angles = np.linspace(1e-4, np.pi / 2, 20001)
        directivity = np.cos(angles) * np.sinc(self.element_width_mm / shortest * np.sin(angles))
        return float(1 / (2 * np.tan(angles[np.argmin(np.abs(directivity - 0.71))])))

    def element_directivity(self, angle_rad):
        """How strongly one element hears a wave arriving ``angle_rad`` off its axis: cos θ · sinc(w sin θ / λ)."""
        angle = np.asarray(angle_rad, float)
        return np.cos(angle) * np.sinc(self.element_width_mm / self.wavelength_mm() * np.sin(angle))

    def receive_aperture_mm(self, depth_mm):
        """Aperture that listens to an echo from ``depth_mm``: depth / f-number, at most the array."""
        depth = np.maximum(np.asarray(depth_mm, float), 1e-6)
        return np.minimum(self.aperture_mm, depth / self.f_number) if self.f_number > 0 else np.full_like(depth, self.aperture_mm)

    def elevation_fwhm_mm(self, depth_mm, speed_m_s: float = 1540.0):
        """Thickness of the imaged slice (one-way, −6 dB) at ``depth_mm``: the lens's diffraction
        limit 0.886 · λ · F / H at its focus F, and the element height H narrowing to it
        geometrically, H · |1 − depth / F|, combined in quadrature."""
        depth = np.asarray(depth_mm, float)
        focus, height = self.elevation_focus_mm, self.element_height_mm
        return np.hypot(0.886 * self.wavelength_mm(speed_m_s) * focus / height, height * np.abs(1 - depth / focus))

    def out_of_plane_echo(self, offset_mm, depth_mm):
        """Share of a reflector's echo amplitude left when it lies ``offset_mm`` beside the imaged
        plane: the slice profile (Gaussian, −6 dB at half its thickness), once out and once back."""
        width = self.elevation_fwhm_mm(depth_mm)
        return np.exp(-2 * 4 * np.log(2) * (np.asarray(offset_mm, float) / width) ** 2)

    def lateral_fwhm_mm(self, depth_mm, speed_m_s: float = 1540.0):
        """Receive-focused width: 0.886 · λ · depth / (receive aperture) (a uniformly weighted aperture)."""
        depth = np.asarray(depth_mm, float)
        return 0.886 * self.wavelength_mm(speed_m_s) * depth / self.receive_aperture_mm(depth)


@dataclass(frozen=True)
class Plane:
    """The imaged plane: ``kind`` "transverse" (x–z at ``y``) or "parasagittal" (y–z at ``x``);
    ``centre`` is the probe's position along the plane (x or y of the probe's middle)."""

    kind: str
    at: float
    centre: float = 0.0

    @property
    def lateral_axis(self) -> int:
        """Which patient axis runs across the image: x (0) for a transverse plane, y (1) for a
        parasagittal one."""
        return 0 if self.kind == "transverse" else 1

    def to_3d(self, lateral, depth):
        lateral, depth = np.asarray(lateral, float), np.asarray(depth, float)
        if self.kind == "transverse":
            return np.stack([lateral + self.centre, np.full_like(lateral, self.at), depth], axis=-1)
        if self.kind == "parasagittal":
            return np.stack([np.full_like(lateral, self.at), lateral + self.centre, depth], axis=-1)
        raise ValueError(f"plane kind must be 'transverse' or 'parasagittal', not {self.kind!r}")


@dataclass(frozen=True)
class BeamGrid:
    """Sample positions of every beam: ``lateral``/``depth`` in the plane (mm, shape samples × beams),
    ``range_mm`` along each beam from the probe face."""

    lateral: np.ndarray
    depth: np.ndarray
    range_mm: np.ndarray
    beam_spacing_mm: np.ndarray


def beam_grid(probe: Probe, beams: int = 160, samples: int = 220) -> BeamGrid:
    r = np.linspace(0.0, probe.depth_mm, samples)
    if not probe.curved:
        x = np.linspace(-probe.aperture_mm / 2, probe.aperture_mm / 2, beams)
        lateral, rng = np.meshgrid(x, r)
        return BeamGrid(lateral, rng, rng, np.full_like(rng, x[1] - x[0]))
    half_angle = probe.aperture_mm / probe.radius_mm / 2
    angles = np.linspace(-half_angle, half_angle, beams)
    phi, rng = np.meshgrid(angles, r)
    radius = probe.radius_mm + rng
    # The convex face is pressed into the skin: each beam starts at the skin (depth 0).
    return BeamGrid(radius * np.sin(phi), rng * np.cos(phi), rng, radius * (angles[1] - angles[0]))


@dataclass(frozen=True)
class Acoustics:
    """Per-tissue properties the model needs: impedance (MRayl), attenuation (dB/cm/MHz)."""

    impedance: dict
    attenuation: dict
    reference_attenuation: float  # soft-tissue average used by time-gain compensation


def echo_field(names: np.ndarray, grid: BeamGrid, probe: Probe, acoustics: Acoustics, seed: int = 7,
               diffuse_level_db: float = DIFFUSE_LEVEL_DB, echo_share: np.ndarray | None = None):
    """Complex echo amplitude on the beam grid before blurring, and the pieces that made it
    (a dict of arrays: reflection R, facing factor, transmission, round-trip loss in dB).
    ``echo_share`` (same shape, amplitude factor) weakens some reflectors' echoes: a needle beside
    the imaged plane is heard only through the edge of the slice."""
    index, tissues = pd.factorize(names.ravel())
    index = index.reshape(names.shape)
    z = np.array([acoustics.impedance[t] for t in tissues])[index]
    alpha = np.array([acoustics.attenuation[t] for t in tissues])[index]
    thin = np.array([t in THIN for t in tissues])[index]
    solid = np.array([t not in LIQUIDS for t in tissues])[index] & ~thin
    reflection = np.zeros_like(z)
    reflection[1:] = physics.intensity_reflection(z[:-1], z[1:])
    specular, tilt = _facing(z, grid, probe)
    rough = np.where(thin | np.roll(thin, 1, axis=0), NEEDLE_ROUGH_SHARE, ROUGH_SHARE)
    facing = (1 - rough) * specular + rough * np.cos(tilt) ** 2
    shadowing = np.where(thin | np.roll(thin, 1, axis=0), 0.0, reflection)
    transmitted = np.cumprod(1.0 - shadowing, axis=0)
    step_cm = np.gradient(grid.range_mm[:, 0])[:, None] / 10.0
    alpha = np.where(thin, np.nan, alpha)
    alpha = np.where(np.isnan(alpha), np.roll(alpha, 1, axis=0), alpha)
    alpha = np.nan_to_num(alpha, nan=0.0)
    loss_db = physics.round_trip_attenuation_db(np.cumsum(alpha * step_cm, axis=0), probe.centre_frequency_mhz, 1.0)
    weight = np.sqrt(np.vstack([np.ones((1, z.shape[1])), transmitted[:-1] ** 2]) * physics.db_to_intensity(loss_db))
    rng = np.random.default_rng(seed)
    speckle = (rng.standard_normal(z.shape) + 1j * rng.standard_normal(z.shape)) / np.sqrt(2)
    diffuse = np.where(solid, 10 ** (diffuse_level_db / 20), 0.0) * speckle
    specular = np.sqrt(reflection * facing)
    if echo_share is not None:
        specular = specular * np.minimum(echo_share, np.roll(echo_share, 1, axis=0))  # both faces of the rod
    field = (specular + diffuse) * weight
    return field, {"reflection": reflection, "facing": facing, "transmitted": transmitted, "loss_db": loss_db}


def _facing(z: np.ndarray, grid: BeamGrid, probe: Probe):
    """How much of a specular echo returns to the probe, and the surface's tilt θ (radians).

    A mirror tilted by θ sends the echo back 2θ off the beam: the elements hear it with their
    directivity D(2θ) (amplitude), and it must still land on the array: depth × tan 2θ within half
    the aperture (a Gaussian roll-off). Intensity share: D(2θ)² · exp(−(depth · tan 2θ / (aperture/2))²),
    0 beyond 45°."""
    log_z = ndimage.gaussian_filter(np.log(z), 1.0)
    d_range = np.gradient(log_z, axis=0) / np.gradient(grid.range_mm, axis=0)
    d_across = np.gradient(log_z, axis=1) / grid.beam_spacing_mm
    tilt = np.arctan2(np.abs(d_across), np.abs(d_range) + 1e-12)
    depth = np.maximum(grid.range_mm, 1.0)
    turned = np.minimum(2 * tilt, np.radians(89.9))
    miss = depth * np.tan(turned) / (probe.aperture_mm / 2)
    share = probe.element_directivity(turned) ** 2 * np.exp(-(miss**2))
    return np.where(tilt < np.radians(45), share, 0.0), tilt


def blur(field: np.ndarray, grid: BeamGrid, probe: Probe) -> np.ndarray:
    """The field convolved with the point-spread function (Gaussian axial × lateral, the lateral
    width growing with depth: applied in depth bands)."""
    step = float(grid.range_mm[1, 0] - grid.range_mm[0, 0])
    axial_sigma = max(probe.axial_fwhm_mm() / 2.355 / step, 0.6)
    out = np.empty_like(field)
    margin = int(4 * axial_sigma) + 1
    for rows in np.array_split(np.arange(field.shape[0]), 4):
        depth = float(grid.range_mm[rows, 0].mean())
        spacing = float(grid.beam_spacing_mm[rows].mean())
        lateral_sigma = max(probe.lateral_fwhm_mm(max(depth, 5.0)) / 2.355 / spacing, 0.6)
        sigma = (axial_sigma, lateral_sigma)
        low, high = max(rows[0] - margin, 0), min(rows[-1] + margin + 1, field.shape[0])
        part = field[low:high]
        blurred = ndimage.gaussian_filter(part.real, sigma) + 1j * ndimage.gaussian_filter(part.imag, sigma)
        out[rows] = blurred[rows - low] * np.sqrt(2 * np.pi * axial_sigma * lateral_sigma)
    return out


def bmode(field: np.ndarray, grid: BeamGrid, probe: Probe, acoustics: Acoustics, seed: int = 11) -> np.ndarray:
    """Grey levels 0–1: blurred field + electronic noise, time-gain compensated, log-compressed."""
    rng = np.random.default_rng(seed)
    noise = 10 ** (NOISE_LEVEL_DB / 20) * (rng.standard_normal(field.shape) + 1j * rng.standard_normal(field.shape))
    tgc_db = physics.round_trip_attenuation_db(acoustics.reference_attenuation, probe.centre_frequency_mhz,
                                               grid.range_mm / 10.0)
    envelope = np.abs(blur(field, grid, probe) + noise) * 10 ** (tgc_db / 20)
    level = 20 * np.log10(np.maximum(envelope, 1e-12)) + GAIN_DB
    return np.clip(1.0 + level / DYNAMIC_RANGE_DB, 0.0, 1.0)


def display_position(probe: Probe, lateral, depth):
    """Where a point of the plane (lateral, depth under the skin, mm) appears on the scanner's screen.
    A linear probe shows the plane as it is. A curvilinear probe presses the skin into the arc of its
    face; its screen draws each beam from the arc's centre, the centre of the face at depth 0, so a
    point r deep along the beam at angle φ sits at ((R + r) sin φ, (R + r) cos φ − R)."""
    lateral, depth = np.asarray(lateral, float), np.asarray(depth, float)
    if not probe.curved:
        return lateral, depth
    radius = probe.radius_mm
    low, high = np.full_like(lateral, -np.pi / 2 + 1e-6), np.full_like(lateral, np.pi / 2 - 1e-6)
    for _ in range(60):  # solve lateral = (R + depth / cos φ) sin φ for φ (increasing in φ)
        middle = (low + high) / 2
        too_far = (radius + depth / np.cos(middle)) * np.sin(middle) > lateral
        high, low = np.where(too_far, middle, high), np.where(too_far, low, middle)
    angle = (low + high) / 2
    along = depth / np.cos(angle)
    return (radius + along) * np.sin(angle), (radius + along) * np.cos(angle) - radius


def scan_convert(image: np.ndarray, grid: BeamGrid, probe: Probe, width_px: int = 200, height_px: int = 200):
    """The beam-grid image on the screen's pixel grid (a fan for a curvilinear probe, see
    :func:`display_position`); outside the fan is NaN. Returns (pixels, across extent, down extent) in mm."""
    if not probe.curved:
        across, down = (float(grid.lateral.min()), float(grid.lateral.max())), (0.0, float(grid.range_mm.max()))
        X, Z = np.meshgrid(np.linspace(*across, width_px), np.linspace(*down, height_px))
        rows = Z / grid.range_mm[-1, 0] * (image.shape[0] - 1)
        cols = (X - across[0]) / (across[1] - across[0]) * (image.shape[1] - 1)
    else:
        radius, half_angle = probe.radius_mm, probe.aperture_mm / probe.radius_mm / 2
        deepest = radius + float(grid.range_mm.max())
        across = (-deepest * np.sin(half_angle), deepest * np.sin(half_angle))
        down = (radius * np.cos(half_angle) - radius, deepest - radius)
        X, Z = np.meshgrid(np.linspace(*across, width_px), np.linspace(*down, height_px))
        distance, angle = np.hypot(X, Z + radius), np.arctan2(X, Z + radius)
        rows = (distance - radius) / grid.range_mm[-1, 0] * (image.shape[0] - 1)
        cols = (angle + half_angle) / (2 * half_angle) * (image.shape[1] - 1)
    out = ndimage.map_coordinates(image, [rows, cols], order=1, cval=np.nan)
    inside = (rows >= 0) & (rows <= image.shape[0] - 1) & (cols >= 0) & (cols <= image.shape[1] - 1)
    return np.where(inside, out, np.nan), across, down
