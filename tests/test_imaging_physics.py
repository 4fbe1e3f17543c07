"""The simulator's physics against values computed here by hand from the stored data (not through
the package's own formulas), and its geometry against brute-force sampling."""

import math

import numpy as np
import pandas as pd
import pytest

from spinebook import data
from spinebook.imaging import fluoroscopy, physics, ultrasound
from spinebook.imaging.phantom import DIMENSIONS, Part, Phantom
from spinebook.imaging.scenes import simulator_for
from spinebook.imaging.shapes import Box, Cylinder, Ellipsoid, rotation_about_y


@pytest.fixture(scope="module")
def book_data():
    return data.load()


@pytest.fixture(scope="module")
def sim(book_data):
    return simulator_for(book_data)


def model_row(tissues, tissue, prop, condition=None):
    rows = tissues[(tissues.tissue == tissue) & (tissues.property == prop) & (tissues.role == "model")]
    if condition is not None:
        rows = rows[rows.condition == condition]
    else:
        rows = rows[~rows.condition.fillna("").str.contains("X-ray")]
    assert len(rows) == 1, (tissue, prop, condition)
    return rows.iloc[0]


def test_fat_muscle_reflection_is_the_textbook_value(book_data, sim):
    t = book_data["tissues"]
    z_fat = 925 * 1450 / 1e6  # OpenStax Table 17.5 row "Fat": density 925, speed 1450
    z_muscle = 1075 * 1590 / 1e6  # row "Muscle (average)"
    assert (model_row(t, "fat", "density").value, model_row(t, "fat", "speed_of_sound").value) == (925, 1450)
    assert (model_row(t, "muscle", "density").value, model_row(t, "muscle", "speed_of_sound").value) == (1075, 1590)
    by_hand = ((z_muscle - z_fat) / (z_muscle + z_fat)) ** 2  # (0.368 / 3.0505)^2
    assert by_hand == pytest.approx(0.014553, abs=1e-6)
    assert physics.intensity_reflection(sim.acoustics.impedance["fat"], sim.acoustics.impedance["muscle"]) == pytest.approx(by_hand)
    printed = ((1.70 - 1.34) / (1.70 + 1.34)) ** 2  # from the table's printed impedances: 1.40 %
    assert by_hand == pytest.approx(printed, rel=0.05)


def test_soft_tissue_bone_reflection_is_the_textbook_value(book_data, sim):
    z_bone = 1.86170 * 1000 * 4080 / 1e6  # ex vivo cortical density (g/cm3), textbook speed
    z_muscle = 1075 * 1590 / 1e6
    by_hand = ((z_bone - z_muscle) / (z_bone + z_muscle)) ** 2
    assert by_hand == pytest.approx(0.4001, abs=1e-3)
    assert physics.intensity_reflection(sim.acoustics.impedance["muscle"], sim.acoustics.impedance["bone"]) == pytest.approx(by_hand)
    # the printed bone impedances (5.7-7.8 MRayl) bracket it
    assert ((5.7 - 1.70) / 7.4) ** 2 < by_hand < ((7.8 - 1.70) / 9.5) ** 2 + 1e-9


def test_round_trip_attenuation_at_a_depth_and_frequency(sim, book_data):
    assert physics.round_trip_attenuation_db(1.2, 3.57, 5.0) == pytest.approx(2 * 1.2 * 3.57 * 5.0)  # 42.84 dB
    assert physics.db_to_intensity(10.0) == pytest.approx(0.1)
    # along a beam through uniform muscle the simulator's loss is the same formula
    probe = sim.probes["C5-2v"]
    grid = ultrasound.beam_grid(probe)
    names = np.full(grid.range_mm.shape, "muscle", dtype=object)
    _, parts = ultrasound.echo_field(names, grid, probe, sim.acoustics)
    depth_cm = grid.range_mm[-1, 0] / 10
    assert parts["loss_db"][-1, 0] == pytest.approx(2 * 1.2 * 3.57 * depth_cm, rel=0.01)
    # and the soft-tissue attenuation stored as 7 Np/m/MHz is 0.608 dB/cm/MHz
    assert sim.acoustics.reference_attenuation == pytest.approx(7 * 20 / math.log(10) / 100)


def test_the_shadow_under_the_lamina_is_below_ten_percent(sim):
    """Mean echo intensity in the 5 mm under the lamina's surface < 10 % of that in the 5 mm above."""
    phantom = sim.phantom("normal")
    lamina = next(p for p in phantom.parts if p.name == "L4 lamina").shape
    probe = sim.probes["C5-2v"]
    grid = ultrasound.beam_grid(probe)
    plane = ultrasound.Plane("transverse", float(lamina.centre[1]), centre=0.0)
    names = phantom.tissue_map(plane.to_3d(grid.lateral, grid.depth))
    field, _ = ultrasound.echo_field(names, grid, probe, sim.acoustics)
    intensity = np.abs(field) ** 2
    rows = int(round(5.0 / (grid.range_mm[1, 0] - grid.range_mm[0, 0])))
    above, below = [], []
    for beam in range(names.shape[1]):
        hits = np.flatnonzero(names[:, beam] == "bone")
        if len(hits) and hits[0] > rows + 2:
            top = hits[0]
            above.append(intensity[top - rows - 2:top - 2, beam].mean())
            below.append(intensity[top + 2:top + rows + 2, beam].mean())
    assert len(above) > 20, "the lamina must be under many beams"
    assert np.mean(below) < 0.10 * np.mean(above)


def test_projection_contrast_of_bone_against_soft_tissue_is_exp_minus_delta_mu_x(book_data, sim):
    t = book_data["tissues"]
    mu_bone = model_row(t, "bone", "mass_attenuation", "50 keV").value * model_row(t, "bone", "density", "NIST/ICRU-44 (X-ray)").value
    mu_muscle = model_row(t, "muscle", "mass_attenuation", "50 keV").value * model_row(t, "muscle", "density", "NIST/ICRU-44 (X-ray)").value
    assert (mu_bone, mu_muscle) == pytest.approx((0.4242 * 1.92, 0.2262 * 1.05))
    block = Part("soft tissue", Box((0, 0, 50), (60, 60, 50)), "muscle", "air")
    bone = Part("bone", Box((20, 0, 50), (10, 60, 5)), "bone", "muscle")  # 10 mm thick along the beam
    image = fluoroscopy.transmission(Phantom((block, bone)), sim.mu, 0.0, fluoroscopy.Detector(100, 100, 101))
    u = np.linspace(-50, 50, 101)
    through_bone, beside = image[50, np.argmin(abs(u - 20))], image[50, np.argmin(abs(u + 20))]
    assert through_bone / beside == pytest.approx(math.exp(-(mu_bone - mu_muscle) * 1.0), rel=1e-9)
    assert beside == pytest.approx(math.exp(-mu_muscle * 10.0), rel=1e-9)


@pytest.mark.parametrize("probe", ["L11-5v", "C5-2v"])
def test_needle_echo_decreases_with_insertion_angle(sim, probe):
    """A needle through the same point 25 mm deep in muscle, at 10° to 60° to the probe face: the
    echo from its middle 10 mm falls at every step."""
    probe = sim.probes[probe]
    grid = ultrasound.beam_grid(probe)
    plane = ultrasound.Plane("transverse", 0.0)
    points = plane.to_3d(grid.lateral, grid.depth)
    muscle = Phantom((Part("muscle", Box((0, 0, 60), (100, 100, 60)), "muscle", "air"),))
    echoes = []
    for angle in (10, 20, 30, 45, 60):
        a = np.radians(angle)
        axis = np.array([np.cos(a), 0.0, np.sin(a)])
        middle = np.array([0.0, 0.0, 25.0])
        needle = Cylinder(tuple(middle - 20 * axis), tuple(middle + 20 * axis), 0.5)
        names = muscle.tissue_map(points)
        names[needle.contains(points)] = "steel"
        field, _ = ultrasound.echo_field(names, grid, probe, sim.acoustics)
        near = (names == "steel") & (np.linalg.norm(points - middle, axis=-1) < 5.0)
        echoes.append(float((np.abs(field[near]) ** 2).mean()))
    assert all(a > b for a, b in zip(echoes, echoes[1:])), echoes
    assert echoes[-1] < 0.1 * echoes[0]


@pytest.mark.parametrize("shape", [
    Box((1.0, -2.0, 3.0), (4.0, 2.5, 6.0), rotation_about_y(30)),
    Ellipsoid((0.0, 1.0, -1.0), (5.0, 3.0, 2.0), rotation_about_y(-50)),
    Cylinder((-4.0, -3.0, -2.0), (5.0, 4.0, 3.0), 1.5),
], ids=["box", "ellipsoid", "cylinder"])
def test_chord_lengths_match_brute_force_sampling(shape):
    rng = np.random.default_rng(0)
    direction = np.array([0.3, -0.2, 0.93])
    direction /= np.linalg.norm(direction)
    origins = rng.uniform(-6, 6, size=(40, 3)) - 30 * direction
    steps = np.linspace(0, 60, 60001)
    points = origins[:, None, :] + steps[None, :, None] * direction
    sampled = shape.contains(points).sum(axis=1) * (steps[1] - steps[0])
    assert np.abs(shape.chord(origins, direction) - sampled).max() < 0.01
    assert (sampled > 0).sum() >= 5


def test_the_phantom_needs_every_dimension_and_says_which_is_missing():
    from spinebook.imaging.phantom import lumbar_segment

    with pytest.raises(KeyError, match="skin_to_lamina"):
        lumbar_segment({name: 5.0 for name in DIMENSIONS if name != "skin_to_lamina"})


def test_a_bad_needle_angle_is_a_clear_error(sim):
    with pytest.raises(ValueError, match="between 0 and 90"):
        sim.needle("facet", "normal", 95)


def test_the_obese_body_is_deeper_by_the_measured_difference(sim):
    normal, obese = sim.dimensions["normal"], sim.dimensions["obese"]
    assert normal["skin_to_lamina"] + normal["lamina_thickness"] == pytest.approx((43.6 + 46.5) / 2)  # Lee 2004, BMI normal
    assert obese["skin_to_lamina"] + obese["lamina_thickness"] == pytest.approx((57.9 + 61.6) / 2)
    assert obese["subcutaneous_fat"] - normal["subcutaneous_fat"] == pytest.approx(59.75 - 45.05)


def test_one_state_renders_quickly(sim):
    """A new state of the side-by-side explorer (fluoroscopy + ultrasound) in well under 0.2 s here;
    `make bench` measures the median against the 50 ms budget."""
    import time

    sim.ultrasound("facet", "normal", "C5-2v", 45)
    sim.fluoroscopy("facet", "normal", "oblique", "none", 45)
    times = []
    for angle in (20, 30, 40, 50, 60):
        start = time.perf_counter()
        sim.ultrasound("facet", "normal", "C5-2v", angle)
        sim.fluoroscopy("facet", "normal", "oblique", "none", angle)
        times.append(time.perf_counter() - start)
    assert sorted(times)[2] < 0.2
