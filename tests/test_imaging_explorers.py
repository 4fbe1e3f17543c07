"""The imaging page's explorers: every state a valid plotly figure with its images, measured
doses in the captions, Doppler where an artery is, and a clear message for an impossible state."""

import base64

import numpy as np
import plotly.graph_objects as go
import pytest

from spinebook import data
from spinebook.explorers import imaging

FACTORIES = {"two_views": 36, "fluoroscopy_views": 27, "ultrasound_views": 48, "needle_advance": 18}


@pytest.fixture(scope="module")
def book_data():
    return data.load()


@pytest.fixture(scope="module")
def explorers(book_data):
    return {name: getattr(imaging, name)(book_data) for name in FACTORIES}


@pytest.mark.parametrize("name", FACTORIES)
def test_every_state_is_a_valid_figure_with_small_jpeg_images(explorers, name):
    explorer = explorers[name]
    assert explorer.n_states == FACTORIES[name]
    for _, state in explorer.states():
        fig = explorer.figure(**state).to_plotly_json()
        go.Figure(fig)  # plotly's validation, which the fast path skips, passes
        images = fig["layout"]["images"]
        assert len(images) == (2 if name in ("two_views", "needle_advance") else 1)
        for image in images:
            kind, payload = image["source"].split(",", 1)
            assert kind == "data:image/jpeg;base64"
            assert len(base64.b64decode(payload)) < 16_000
        labels = [a for a in fig["layout"]["annotations"] if a.get("bgcolor")]
        assert labels and all(a["bgcolor"] == "#000000" for a in labels)
        narrow = fig["layout"]["meta"]["narrow"]["layout"]  # on a phone the panels stack
        assert narrow["yaxis"]["domain"][0] > 0 if len(images) == 2 else narrow["yaxis"]["domain"] == [0, 0.93]
        if len(images) == 2:
            assert narrow["yaxis2"]["domain"][1] < narrow["yaxis"]["domain"][0] and narrow["height"] > fig["layout"]["height"]


def test_captions_carry_the_measured_dose_of_the_procedure(explorers):
    fl = explorers["fluoroscopy_views"]
    mbb = fl.figure(target="medial_branch", view="oblique", contrast="none").layout.title.text
    assert "109 mGy and 46 s of screening (Bakır 2024)" in mbb
    tf = fl.figure(target="transforaminal", view="oblique", contrast="spread").layout.title.text
    assert "5.32 mGy per level" in tf and "with contrast" in tf
    tf_plain = fl.figure(target="transforaminal", view="oblique", contrast="none").layout.title.text
    assert "3.62 mGy per level" in tf_plain


def _doppler_pixels(fig):
    from PIL import Image
    import io

    source = fig.layout.images[0].source
    rgb = np.asarray(Image.open(io.BytesIO(base64.b64decode(source.split(",", 1)[1]))).convert("RGB")).astype(int)
    return int(((rgb[..., 0] - rgb[..., 2] > 80) | (rgb[..., 2] - rgb[..., 0] > 80)).sum())


def test_doppler_colours_the_artery_only_where_there_is_one(explorers):
    us = explorers["ultrasound_views"]
    on = us.figure(target="transforaminal", plane="transverse", body="normal", probe="C5-2v", doppler=True)
    off = us.figure(target="transforaminal", plane="transverse", body="normal", probe="C5-2v", doppler=False)
    facet = us.figure(target="facet", plane="transverse", body="normal", probe="C5-2v", doppler=True)
    assert _doppler_pixels(on) > 5 and _doppler_pixels(off) == 0 and _doppler_pixels(facet) == 0
    assert "No artery crosses this plane" in facet.layout.title.text


def test_the_needle_tip_moves_towards_the_target_frame_by_frame(explorers):
    cine = explorers["needle_advance"]
    tips = []
    for advance in imaging.ADVANCES[:4]:  # near the target the two labels merge into one
        fig = cine.figure(target="facet", advance=advance)
        label = next(a for a in fig.layout.annotations if a.text == "needle tip" and a.xref == "x2")
        target = next(a for a in fig.layout.annotations if a.text == "target" and a.xref == "x2")
        tips.append(np.hypot(label.x - target.x, label.y - target.y))
    assert all(a > b for a, b in zip(tips, tips[1:])), tips


def test_an_impossible_advance_shows_a_message_not_a_traceback(explorers):
    cine = explorers["needle_advance"]
    fig = cine.figure(target="facet", advance=1.5)
    assert "between the skin and the<br>target" in fig.layout.annotations[0].text


def test_a_needle_beside_the_plane_fades_in_ultrasound_not_in_fluoroscopy(book_data):
    from spinebook.imaging.scenes import simulator_for

    sim = simulator_for(book_data)
    probe = sim.probes["C5-2v"]
    # slice thickness by hand at 50 mm: hypot(0.886 * 0.4314 * 60 / 13.5, 13.5 * (1 - 50 / 60)) = 2.82 mm
    assert float(probe.elevation_fwhm_mm(50.0)) == pytest.approx(2.82, abs=0.01)
    width = np.hypot(0.886 * (1540 / 3.57e6 * 1e3) * 60 / 13.5, 13.5 * (1 - 50 / 60))
    assert float(probe.out_of_plane_echo(2.0, 50.0)) == pytest.approx(np.exp(-8 * np.log(2) * (2.0 / width) ** 2), rel=1e-9)
    inside = sim.ultrasound("facet", "normal", "C5-2v", 25)
    beside = sim.ultrasound("facet", "normal", "C5-2v", 25, offset_mm=3.0)
    points = inside.masks["points"]
    near_target = np.linalg.norm(points - sim.target_point("facet", "normal"), axis=-1) < 8.0  # deep: thin slice
    mask = inside.masks["needle"].contains(points) & near_target
    assert np.abs(beside.masks["echo"][mask]).mean() < 0.5 * np.abs(inside.masks["echo"][mask]).mean()
    fl_in = sim.fluoroscopy("facet", "normal", "oblique", "none", 25)
    fl_beside = sim.fluoroscopy("facet", "normal", "oblique", "none", 25)  # the C-arm sees the needle the same
    assert np.array_equal(fl_in.pixels, fl_beside.pixels)


def test_the_parasagittal_plane_shows_the_needle_as_a_dot_and_the_spine_along_its_length(book_data):
    from spinebook.imaging.scenes import simulator_for

    sim = simulator_for(book_data)
    along = sim.ultrasound("facet", "normal", "C5-2v", 45, plane="parasagittal")
    names = along.masks["names"]
    needle = along.masks["needle"].contains(along.masks["points"])
    assert 0 < needle.sum() < 40  # a cross-section, not a line
    rows_with_bone = np.flatnonzero((names == "bone").any(axis=0))
    assert len(rows_with_bone) > 0.3 * names.shape[1]  # bone under much of the probe: laminae and processes
    assert sim.artery_crosses("transforaminal", "normal", "transverse") == "along"
