"""The fast ultrasound model against the reference simulator, pymust (Python port of MUST/SIMUS,
Garcia 2022): the probes' parameters, the point-spread function's widths, speckle statistics and
the fall of a needle's echo with its angle. pymust takes seconds per image where the explorers need
milliseconds, so it checks the model here and is not used by the book."""

import numpy as np
import pymust
import pytest

from spinebook import data
from spinebook.imaging import ultrasound
from spinebook.imaging.reference import fwhm, parameters, point_image, simulate
from spinebook.imaging.phantom import Part, Phantom
from spinebook.imaging.scenes import simulator_for
from spinebook.imaging.shapes import Box, Cylinder

PROBES = ["L11-5v", "C5-2v"]


@pytest.fixture(scope="module")
def sim():
    return simulator_for(data.load())


@pytest.fixture(scope="module")
def point_images():
    """pymust's image of one point at 15, 25 and 45 mm for each probe: (lateral, axial) FWHM in mm."""
    widths = {}
    for name in PROBES:
        for depth_mm in (15, 25, 45):
            image, step = point_image(name, depth_mm, 1.5 if name == "L11-5v" else 3.5)
            i, j = np.unravel_index(image.argmax(), image.shape)
            widths[name, depth_mm] = (fwhm(image[i], step), fwhm(image[:, j], step))
    return widths


@pytest.mark.parametrize("name", PROBES)
def test_the_probe_table_is_what_pymust_encodes(sim, name):
    param, probe = pymust.getparam(name), sim.probes[name]
    assert probe.centre_frequency_mhz * 1e6 == pytest.approx(param.fc)
    assert probe.fractional_bandwidth * 100 == pytest.approx(param.bandwidth)
    assert (probe.elements, probe.pitch_mm, probe.element_width_mm) == (param.Nelements, pytest.approx(param.pitch * 1000),
                                                                        pytest.approx(param.width * 1000))
    assert probe.radius_mm == (pytest.approx(param.radius * 1000) if np.isfinite(param.radius) else 0.0)
    assert (probe.element_height_mm, probe.elevation_focus_mm) == (pytest.approx(param.height * 1000),
                                                                   pytest.approx(param.focus * 1000))


@pytest.mark.parametrize("name", PROBES)
def test_the_f_number_follows_pymusts_directivity_rule(sim, name):
    param = parameters(name)
    param.fnumber = None  # pymust then derives it from the element directivity, as the model does
    g = np.linspace(-1e-3, 1e-3, 5)
    xi, zi = np.meshgrid(g, 0.02 + g)
    simulate(param, np.array([0.0]), np.array([0.02]), np.array([1.0]), xi, zi)
    assert sim.probes[name].f_number == pytest.approx(param.fnumber, rel=0.06)  # pymust searches with xtol π/100


@pytest.mark.parametrize("name", PROBES)
@pytest.mark.parametrize("depth_mm", [15, 25, 45])
def test_axial_width_matches_simus(sim, point_images, name, depth_mm):
    _, axial = point_images[name, depth_mm]
    assert sim.probes[name].axial_fwhm_mm() == pytest.approx(axial, rel=0.20)


@pytest.mark.parametrize("name", PROBES)
@pytest.mark.parametrize("depth_mm", [15, 25, 45])
def test_lateral_width_is_within_sixty_percent_of_simus_and_never_much_narrower(sim, point_images, name, depth_mm):
    """Measured: the model is 1.6× SIMUS's width near the probe, equal to it at 45 mm (it limits the
    aperture by the f-number; SIMUS's directivity does so gradually)."""
    lateral, _ = point_images[name, depth_mm]
    ratio = float(sim.probes[name].lateral_fwhm_mm(depth_mm)) / lateral
    assert 0.9 < ratio < 1.7, ratio


def test_lateral_width_scales_with_wavelength_like_simus(sim, point_images):
    ours = float(sim.probes["C5-2v"].lateral_fwhm_mm(25) / sim.probes["L11-5v"].lateral_fwhm_mm(25))
    theirs = point_images["C5-2v", 25][0] / point_images["L11-5v", 25][0]
    assert ours == pytest.approx(theirs, rel=0.20)  # measured: 1.73 vs 2.09 (the model's f-numbers differ by probe)
    assert ours > 1.5  # half the frequency, about twice the width


def speckle_snr(envelope):
    return float(envelope.mean() / envelope.std())


def test_speckle_is_fully_developed_in_simus_and_in_the_model(sim):
    """Many random scatterers per resolution cell: the envelope is Rayleigh-distributed, mean/SD 1.91."""
    rng = np.random.default_rng(1)
    n = 6000
    x, z = rng.uniform(-2.5e-3, 2.5e-3, n), rng.uniform(17.5e-3, 22.5e-3, n)
    g = np.linspace(-1.2e-3, 1.2e-3, 49)
    xi, zi = np.meshgrid(g, 20e-3 + g)
    theirs = speckle_snr(simulate(parameters("L11-5v"), x, z, rng.standard_normal(n), xi, zi))
    probe = sim.probes["L11-5v"]
    grid = ultrasound.beam_grid(probe)
    names = np.full(grid.range_mm.shape, "muscle", dtype=object)
    field, _ = ultrasound.echo_field(names, grid, probe, sim.acoustics)
    envelope = np.abs(ultrasound.blur(field, grid, probe))
    rows = np.flatnonzero((grid.range_mm[:, 0] > 15) & (grid.range_mm[:, 0] < 25))
    ours = float(np.median([speckle_snr(envelope[row]) for row in rows]))  # per depth: attenuation varies with it
    assert 1.75 < theirs < 2.15 and 1.75 < ours < 2.15, (theirs, ours)


def test_needle_echo_falls_with_angle_like_simus(sim):
    """A straight reflector through a point 20 mm deep at 0°, 20° and 30° to the linear array: its
    echo relative to 0°, in pymust (a dense line of scatterers) and in the model (a steel rod)."""
    param = parameters("L11-5v")
    probe = sim.probes["L11-5v"]
    grid = ultrasound.beam_grid(probe, beams=256, samples=400)
    points = ultrasound.Plane("transverse", 0.0).to_3d(grid.lateral, grid.depth)
    muscle = Phantom((Part("muscle", Box((0, 0, 60), (100, 100, 60)), "muscle", "air"),))
    theirs, ours = [], []
    for angle in (0, 20, 30):
        a = np.radians(angle)
        s = np.arange(-6e-3, 6e-3, 0.05e-3)
        g = np.linspace(-2e-3, 2e-3, 41)
        xi, zi = np.meshgrid(g, 0.02 + g)
        theirs.append(simulate(param, s * np.cos(a), 0.02 + s * np.sin(a), np.ones_like(s), xi, zi).max())
        axis, middle = np.array([np.cos(a), 0.0, np.sin(a)]), np.array([0.0, 0.0, 20.0])
        names = muscle.tissue_map(points)
        names[Cylinder(tuple(middle - 12 * axis), tuple(middle + 12 * axis), 0.3).contains(points)] = "steel"
        field, _ = ultrasound.echo_field(names, grid, probe, sim.acoustics, diffuse_level_db=-300)
        ours.append(np.abs(field[np.linalg.norm(points - middle, axis=-1) < 3]).max())
    theirs, ours = np.array(theirs) / theirs[0], np.array(ours) / ours[0]
    assert theirs[1] > theirs[2] and ours[1] > ours[2]
    assert 0.5 < ours[1] / theirs[1] < 2.0, (ours, theirs)  # at 20°: 0.26 vs 0.32 when measured
    assert ours[2] < 0.1 and theirs[2] < 0.1


def test_the_pymust_evaluation_reports_its_size_and_licence():
    from spinebook.imaging import reference

    assert "LGPL" in reference.licence()
    assert 50 < reference.installed_megabytes() < 200  # matplotlib and fonttools make most of it
