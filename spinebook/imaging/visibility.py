"""The table "what each modality sees", computed from the simulated images.

For each structure the same view is simulated twice, with the structure and with it replaced by
the tissue around it (same anatomy behind, independent noise). Its visibility is the paired
contrast-to-noise ratio of :func:`~spinebook.imaging.measures.cnr_between`: what the structure
itself adds, over the image's noise (quantum noise in fluoroscopy, speckle in ultrasound). A CNR
near 0: invisible; about 1: at the edge of seeing; above 3–5: plain to see.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from spinebook.imaging.measures import cnr_between, first_rows

SURFACE_MM = 1.5
SECOND_SEED = 101  # the noise of the image without the structure is drawn independently


def _us_mask(view, parts, surface: bool):
    points, grid = view.masks["points"], view.masks["grid"]
    mask = np.zeros(points.shape[:-1], bool)
    for part in parts:
        mask |= part.shape.contains(points)
    if surface:
        step = float(grid.range_mm[1, 0] - grid.range_mm[0, 0])
        mask = first_rows(mask, max(1, round(SURFACE_MM / step)))
    return mask


def ultrasound_cnr(sim, target, body, probe, parts=(), needle_angle=45.0, tool=None, surface=False) -> float:
    """CNR of ``parts`` (or of the needle, or of injected contrast when ``tool`` is "needle",
    "spread" or "intravascular"): the injectate has no scatterers, like blood."""
    if tool == "needle":
        with_it = sim.ultrasound(target, body, probe, needle_angle)
        without = sim.ultrasound(target, body, probe, needle_angle, needle=False, seed=SECOND_SEED)
        mask = with_it.masks["needle"].contains(with_it.masks["points"])
    elif tool in ("spread", "intravascular"):
        with_it = sim.ultrasound(target, body, probe, needle_angle, needle=False, contrast=tool)
        without = sim.ultrasound(target, body, probe, needle_angle, needle=False, seed=SECOND_SEED)
        mask = with_it.masks["names"] == "contrast"
    else:
        with_it = sim.ultrasound(target, body, probe, needle_angle, needle=False)
        without = sim.ultrasound(target, body, probe, needle_angle, needle=False, removed=tuple(p.name for p in parts),
                                 seed=SECOND_SEED)
        mask = _us_mask(with_it, parts, surface)
    return cnr_between(with_it.masks["image"], without.masks["image"], mask)


def fluoroscopy_cnr(sim, target, body, parts=(), needle_angle=45.0, tool=None, view="oblique") -> float:
    if tool == "needle":
        with_it = sim.fluoroscopy(target, body, view, "none", needle_angle, seed=3)
        without = sim.fluoroscopy(target, body, view, "none", needle_angle, seed=4, needle=False)
        shown = [sim.needle(target, body, needle_angle)]
    elif tool in ("spread", "intravascular"):
        with_it = sim.fluoroscopy(target, body, view, tool, needle_angle, seed=3, needle=False)
        without = sim.fluoroscopy(target, body, view, "none", needle_angle, seed=4, needle=False)
        shown = sim.contrast(target, body, tool)
    else:
        with_it = sim.fluoroscopy(target, body, view, "none", needle_angle, seed=3, needle=False)
        without = sim.fluoroscopy(target, body, view, "none", needle_angle, seed=4, needle=False,
                                  removed=tuple(p.name for p in parts))
        shown = parts
    mask = sim.projected(list(shown), sim.carm_angle(target, body, view)) > 0
    return cnr_between(with_it.pixels, without.pixels, mask)


PROBE_COLUMNS = {"C5-2v": "ultrasound, curvilinear", "L11-5v": "ultrasound, linear"}


def visibility_table(sim, body: str = "normal") -> pd.DataFrame:
    """Contrast-to-noise of bone, fat, needle, nerve, vessel and contrast agent: fluoroscopy (the
    target's oblique view) and ultrasound with each probe, for one body."""
    phantom = sim.phantom(body)
    facets = [p for p in phantom.parts if "articular process" in p.name]
    nerve, artery = sim.part(body, "L4 nerve root"), sim.part(body, "radicular artery")
    fat = sim.part(body, "subcutaneous fat")
    cases = [("Bone: facet joint (articular processes)", "facet", dict(parts=facets), dict(parts=facets, surface=True)),
             ("Subcutaneous fat against muscle", "facet", dict(parts=[fat]), dict(parts=[fat]))]
    for angle in (25, 45, 65):
        cases.append((f"Needle at {angle}° to the skin", "facet", dict(needle_angle=angle, tool="needle"),
                      dict(needle_angle=angle, tool="needle")))
    cases += [("Nerve root (L4)", "transforaminal", dict(parts=[nerve]), dict(parts=[nerve])),
              ("Artery (spinal branch), no contrast", "transforaminal", dict(parts=[artery]), dict(parts=[artery])),
              ("Contrast in the artery (intravascular)", "transforaminal", dict(tool="intravascular"), dict(tool="intravascular")),
              ("Contrast spread around the root", "transforaminal", dict(tool="spread"), dict(tool="spread"))]
    rows = []
    for name, target, fl, us in cases:
        row = {"structure": name, "target": target, "fluoroscopy": fluoroscopy_cnr(sim, target, body, **fl)}
        for probe, column in PROBE_COLUMNS.items():
            row[column] = ultrasound_cnr(sim, target, body, probe, **us)
        rows.append(row)
    return pd.DataFrame(rows)
