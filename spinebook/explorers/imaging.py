"""Explorers of the imaging page: the same lumbar target seen by fluoroscopy and by ultrasound.

The images are simulated (see :mod:`spinebook.imaging`); the dose each fluoroscopy image is shown
with is a measured one, from the radiation table of chapter 3.
"""

from __future__ import annotations

import pandas as pd

from spinebook.figures.imaging import views_figure
from spinebook.imaging.scenes import BODIES, BODY_WORDS, CONTRAST, TARGETS, simulator_for
from spinebook.widgets import Control, EmptySelection, Explorer

NEEDLE_ANGLES = (25, 45, 65)
OFF_PLANE_MM = 3.0
ADVANCES = (0.2, 0.4, 0.6, 0.8, 0.9, 1.0)
VIEWS = {"AP": "AP", "oblique": "Oblique", "lateral": "Lateral"}
#: The measured fluoroscopy cost shown with each target: radiation.csv rows (source_id, procedure).
DOSE_ROWS = {
    "medial_branch": ("bakir2024", "lumbar facet medial branch block (oblique technique)"),
    "facet": ("zhou2005", "facet joint block"),
    "transforaminal": ("pholsawatchai2023", "lumbar transforaminal ESI {contrast} contrast"),
}
SOURCE_NAMES = {"bakir2024": "Bakır 2024", "zhou2005": "Zhou 2005", "pholsawatchai2023": "Pholsawatchai 2023"}
QUANTITY_WORDS = {"radiation_dose_mGy": "{v:g} mGy", "fluoro_time_s": "{v:g} s of screening",
                  "fluoroscopic_dose_mGy_per_level": "{v:g} mGy per level"}


def _dose_note(radiation: pd.DataFrame, target: str, contrast: str = "none") -> str:
    """What a fluoroscopy-guided procedure at this target cost in a measured series, as a sentence."""
    source, procedure = DOSE_ROWS[target]
    procedure = procedure.format(contrast="with" if contrast != "none" else "without")
    rows = radiation[(radiation["source_id"] == source) & (radiation["procedure"] == procedure)]
    if rows.empty:
        return "No measured dose for this procedure in the radiation table."
    amounts = " and ".join(QUANTITY_WORDS.get(q, "{v:g} " + u).format(v=v)
                           for q, v, u in zip(rows["quantity"], rows["value"], rows["unit"]))
    return f"Measured: a {procedure} cost a mean of {amounts} ({SOURCE_NAMES[source]})."


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _fluoro_heading(sim, target, body, view):
    angle = sim.carm_angle(target, body, view)
    return f"Fluoroscopy · {VIEWS[view]} {angle:.0f}°" if view == "oblique" else f"Fluoroscopy · {VIEWS[view]}"


def _sound_heading(sim, probe, doppler=False):
    return f"Ultrasound · {sim.probes[probe].label}{' · colour Doppler' if doppler else ''}"


def two_views(data) -> Explorer:
    """Target × body × needle angle × needle in or beside the plane (3 × 2 × 3 × 2 states): the
    oblique fluoroscopy and the curvilinear ultrasound of the same needle."""
    sim = simulator_for(data)

    def figure(target, body, needle_angle, offset_mm):
        fl = sim.fluoroscopy(target, body, "oblique", "none", needle_angle)
        us = sim.ultrasound(target, body, "C5-2v", needle_angle, offset_mm=offset_mm)
        where = "in the plane" if not offset_mm else f"{offset_mm:g} mm beside the plane"
        title = (f"{TARGETS[target].label}, {BODY_WORDS[body]}, needle at {needle_angle}° to the skin, {where}. "
                 + _dose_note(data["radiation"], target))
        return views_figure(title, fl, _fluoro_heading(sim, target, body, "oblique"), us, _sound_heading(sim, "C5-2v"))

    return Explorer(figure, [
        Control("target", "Target", [(t.label, k) for k, t in TARGETS.items()], "dropdown"),
        Control("body", "Body", [(v, k) for k, v in BODIES.items()], "buttons"),
        Control("needle_angle", "Needle angle to the skin", [(f"{a}°", a) for a in NEEDLE_ANGLES], "buttons", default=45),
        Control("offset_mm", "Needle", [("In the plane", 0.0), (f"{OFF_PLANE_MM:g} mm beside it", OFF_PLANE_MM)], "buttons"),
    ], title="Two ways of seeing one target")


def fluoroscopy_views(data) -> Explorer:
    """Target × C-arm view × contrast (3 × 3 × 3 states), fluoroscopy only."""
    sim = simulator_for(data)

    def figure(target, view, contrast):
        fl = sim.fluoroscopy(target, "normal", view, contrast, 45)
        title = f"{TARGETS[target].label}: {VIEWS[view]} view, {CONTRAST[contrast].lower()}. " + _dose_note(
            data["radiation"], target, contrast)
        return views_figure(title, fluoro=fl, fluoro_heading=_fluoro_heading(sim, target, "normal", view), height=470)

    return Explorer(figure, [
        Control("target", "Target", [(t.label, k) for k, t in TARGETS.items()], "dropdown"),
        Control("view", "C-arm", [(v, k) for k, v in VIEWS.items()], "buttons", default="oblique"),
        Control("contrast", "Contrast", [(v, k) for k, v in CONTRAST.items()], "buttons"),
    ], title="The C-arm's view")


def ultrasound_views(data) -> Explorer:
    """Target × plane × body × probe × Doppler (3 × 2 × 2 × 2 × 2 states), ultrasound only."""
    sim = simulator_for(data)

    def figure(target, plane, body, probe, doppler):
        us = sim.ultrasound(target, body, probe, 45, doppler=doppler, plane=plane)
        vessel = ""
        if doppler:
            crossing = sim.artery_crosses(target, body, plane)
            vessel = (" The artery runs in this plane: colour shows its flow along the beam." if crossing == "along"
                      else " The artery crosses this plane: a spot of colour where its flow meets the beam." if crossing
                      else " No artery crosses this plane: Doppler shows nothing.")
        needle = " The needle, in the transverse plane, crosses this one: a bright dot." if plane == "parasagittal" else ""
        title = (f"{TARGETS[target].label}, {plane} plane, {BODY_WORDS[body]}, "
                 f"{_lower_first(sim.probes[probe].label)} probe.{needle}{vessel}")
        return views_figure(title, sound=us, sound_heading=_sound_heading(sim, probe, doppler), height=470)

    return Explorer(figure, [
        Control("target", "Target", [(t.label, k) for k, t in TARGETS.items()], "dropdown"),
        Control("plane", "Plane", [("Transverse", "transverse"), ("Parasagittal", "parasagittal")], "buttons"),
        Control("body", "Body", [(v, k) for k, v in BODIES.items()], "buttons"),
        Control("probe", "Probe", [(p.label, k) for k, p in sim.probes.items()], "buttons", default="C5-2v"),
        Control("doppler", "Colour Doppler", [("Off", False), ("On", True)], "buttons"),
    ], title="The probe's view")


def needle_advance(data) -> Explorer:
    """Target × how far the needle has gone (3 × 6 states): a cine loop, frame by frame."""
    sim = simulator_for(data)

    def figure(target, advance):
        if not 0 < advance <= 1:
            raise EmptySelection("The needle can only be advanced between the skin and the target.")
        fl = sim.fluoroscopy(target, "normal", "oblique", "none", 45, advance)
        us = sim.ultrasound(target, "normal", "C5-2v", 45, advance)
        title = f"{TARGETS[target].label}: the needle {advance:.0%} of the way from the skin to the target."
        return views_figure(title, fl, _fluoro_heading(sim, target, "normal", "oblique"), us, _sound_heading(sim, "C5-2v"))

    return Explorer(figure, [
        Control("target", "Target", [(t.label, k) for k, t in TARGETS.items()], "dropdown"),
        Control("advance", "Needle advanced", [(f"{a:.0%}", a) for a in ADVANCES], "slider", default=ADVANCES[0], play=True),
    ], title="Needle advance")
