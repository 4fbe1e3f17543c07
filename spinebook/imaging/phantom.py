"""A schematic lumbar segment (L4–L5) built from boxes, ellipsoids and rods.

Axes, in millimetres, patient prone: ``x`` to the patient's right, ``y`` cranial (0 at the L4–L5
disc), ``z`` depth from the skin of the back (0) towards the abdomen. A *part* is a shape filled with
one tissue; parts listed later lie inside the part they are drawn over (their ``parent`` tissue) and
replace it there. That one rule gives both renderings exactly:

* the ultrasound plane's tissue map: the last part containing a point names its tissue;
* the X-ray line integral: ∑ (μ_part − μ_parent) × chord, as in the Shepp–Logan phantom.

It is a *schematic model, not anatomy*: every dimension is a mean from :mod:`data/anatomy.csv`
(or, where no source gave one, a named schematic choice shown on the page), every shape is simple.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from spinebook.imaging.shapes import Box, Cylinder, Ellipsoid, rotation_about_y


@dataclass(frozen=True)
class Part:
    name: str
    shape: object
    tissue: str
    parent: str


@dataclass(frozen=True)
class Phantom:
    """Ordered parts; ``background`` fills everything outside them (air)."""

    parts: tuple[Part, ...]
    background: str = "air"
    landmarks: dict = field(default_factory=dict, compare=False)

    def with_parts(self, *parts: Part) -> "Phantom":
        return replace(self, parts=self.parts + tuple(parts))

    def tissue_map(self, points: np.ndarray) -> np.ndarray:
        """Name of the tissue at each point (array of strings, shape of ``points[..., 0]``)."""
        points = np.asarray(points, float)
        flat = points.reshape(-1, 3)
        names = np.full(len(flat), self.background, dtype=object)
        for part in self.parts:
            low, high = part.shape.bounds()
            near = np.flatnonzero(np.all((flat >= low) & (flat <= high), axis=1))
            if len(near):
                names[near[part.shape.contains(flat[near])]] = part.tissue
        return names.reshape(points.shape[:-1])

    def line_integrals(self, origins: np.ndarray, direction: np.ndarray, mu: dict) -> np.ndarray:
        """∫ μ ds along each ray (origin, unit ``direction``), in the units of ``mu`` × mm."""
        total = np.zeros(len(origins))
        for part in self.parts:
            step = mu[part.tissue] - mu[part.parent]
            if step:
                total += step * part.shape.chord(origins, direction)
        return total


#: Dimension names the phantom needs (data/anatomy.csv ``dimension`` column or a schematic choice).
DIMENSIONS = (
    "skin_thickness", "subcutaneous_fat", "skin_to_lamina", "lamina_thickness", "spinous_width",
    "canal_ap", "interpedicular_width", "body_width", "body_depth", "body_height", "disc_height",
    "pedicle_width", "pedicle_height", "transverse_process_length", "transverse_process_height",
    "facet_angle", "facet_joint_space", "epidural_depth", "nerve_root_diameter", "artery_diameter",
    "needle_diameter",
)


def lumbar_segment(dims: dict) -> Phantom:
    """The L4–L5 segment from a mapping of :data:`DIMENSIONS` (millimetres, facet angle in degrees)."""
    missing = [name for name in DIMENSIONS if name not in dims]
    if missing:
        raise KeyError(f"the phantom needs these dimensions: {', '.join(missing)}")
    d = dims
    half_width, half_length = 90.0, 60.0
    lamina = d["skin_to_lamina"]
    canal_back = lamina + d["lamina_thickness"]
    canal_front = canal_back + d["canal_ap"]
    body_centre = canal_front + d["body_depth"] / 2
    depth = canal_front + d["body_depth"] + 40.0
    half_canal = d["interpedicular_width"] / 2
    pedicle_x = half_canal + d["pedicle_width"] / 2
    body_h, disc_h = d["body_height"], d["disc_height"]
    l4_centre, l5_centre = disc_h / 2 + body_h / 2, -(disc_h / 2 + body_h / 2)
    parts = [
        Part("body wall", Box((0, 0, depth / 2), (half_width, half_length, depth / 2)), "muscle", "air"),
        Part("subcutaneous fat", Box((0, 0, (d["skin_thickness"] + d["subcutaneous_fat"]) / 2),
                                     (half_width, half_length, (d["skin_thickness"] + d["subcutaneous_fat"]) / 2)),
             "fat", "muscle"),
        Part("skin", Box((0, 0, d["skin_thickness"] / 2), (half_width, half_length, d["skin_thickness"] / 2)), "skin", "fat"),
        Part("spinal canal", Ellipsoid((0, 0, (canal_back + canal_front) / 2),
                                       (half_canal, half_length, d["canal_ap"] / 2)), "fat", "muscle"),
        Part("dural sac", Ellipsoid((0, 0, (canal_back + d["epidural_depth"] + canal_front) / 2),
                                    (half_canal * 0.75, half_length, (d["canal_ap"] - d["epidural_depth"]) / 2)),
             "csf", "fat"),
        Part("L4–L5 disc", Ellipsoid((0, 0, body_centre), (d["body_width"] / 2, disc_h / 2 + 1.0, d["body_depth"] / 2)),
             "disc", "muscle"),
    ]
    landmarks = {"canal": (0.0, 0.0, (canal_back + canal_front) / 2)}
    for level, centre in (("L4", l4_centre), ("L5", l5_centre)):
        top = centre + body_h / 2
        pedicle_y = top - d["pedicle_height"] / 2 - 2.0
        parts.append(Part(f"{level} vertebral body",
                          Ellipsoid((0, centre, body_centre), (d["body_width"] / 2, body_h / 2, d["body_depth"] / 2)),
                          "bone", "muscle"))
        parts.append(Part(f"{level} lamina", Box((0, centre + 3.0, canal_back - d["lamina_thickness"] / 2),
                                                 (pedicle_x + d["pedicle_width"] / 2, body_h / 2 - 4.0, d["lamina_thickness"] / 2)),
                          "bone", "muscle"))
        parts.append(Part(f"{level} spinous process",
                          Box((0, centre + 3.0, (d["skin_thickness"] + d["subcutaneous_fat"] + 4.0 + lamina) / 2),
                              (d["spinous_width"] / 2, body_h / 2 - 6.0,
                               (lamina - d["skin_thickness"] - d["subcutaneous_fat"] - 4.0) / 2)),
                          "bone", "muscle"))
        tp_depth = canal_back + d["canal_ap"] * 0.35
        for side in (-1, 1):
            parts.append(Part(f"{level} pedicle", Box((side * pedicle_x, pedicle_y, (canal_back + canal_front) / 2),
                                                      (d["pedicle_width"] / 2, d["pedicle_height"] / 2, (canal_front - canal_back) / 2 + 1)),
                              "bone", "muscle"))
            tp_tip = pedicle_x + d["pedicle_width"] / 2 + d["transverse_process_length"]
            parts.append(Part(f"{level} transverse process",
                              Box((side * (pedicle_x + tp_tip) / 2, pedicle_y, tp_depth),
                                  ((tp_tip - pedicle_x) / 2, d["transverse_process_height"] / 2, 2.5)),
                              "bone", "muscle"))
            landmarks[f"{level} transverse process {'right' if side > 0 else 'left'}"] = (
                side * (pedicle_x + d["pedicle_width"] / 2 + 3.0), pedicle_y, tp_depth - 2.5)
        landmarks[f"{level} pedicle"] = (pedicle_x, pedicle_y, (canal_back + canal_front) / 2)
        landmarks[f"{level} body"] = (0.0, centre, body_centre)
    # The L4–L5 facet joints: L4's inferior and L5's superior articular process, two blocks either
    # side of a joint space whose plane is turned by the facet angle from the sagittal plane.
    joint_depth = canal_back - 4.0
    for side in (-1, 1):
        joint = (side * (pedicle_x + 1.0), 0.0, joint_depth)
        turn = rotation_about_y(-side * d["facet_angle"])
        gap = d["facet_joint_space"]
        for name, offset in (("L4 inferior articular process", -1), ("L5 superior articular process", 1)):
            centre = np.array(joint) + turn @ np.array([side * offset * (gap / 2 + 3.5), 0, 0])
            parts.append(Part(name, Box(tuple(centre), (3.5, 9.0, 9.0), turn), "bone", "muscle"))
        landmarks[f"facet joint {'right' if side > 0 else 'left'}"] = joint
    # The right L4 nerve root leaves the foramen under the L4 pedicle, running lateral, anterior and
    # caudal; a radicular artery reaches the foramen just above and in front of it.
    foramen = (pedicle_x + d["pedicle_width"] / 2, l4_centre - body_h / 2 + 2.0, (canal_back + canal_front) / 2 + 2.0)
    root_end = (foramen[0] + 30.0, foramen[1] - 18.0, foramen[2] + 16.0)
    parts.append(Part("L4 nerve root", Cylinder((half_canal - 2.0, foramen[1] + 4.0, foramen[2]), root_end,
                                                d["nerve_root_diameter"] / 2), "nerve", "muscle"))
    artery_start = (foramen[0] + 28.0, foramen[1] + 3.0, foramen[2] + 14.0)
    parts.append(Part("radicular artery", Cylinder(artery_start, (half_canal, foramen[1] + 3.0, foramen[2] - 1.0),
                                                   d["artery_diameter"] / 2), "blood", "muscle"))
    landmarks.update({"foramen": foramen, "artery start": artery_start, "root end": root_end,
                      "spinous process tip": (0.0, l4_centre + 3.0, d["skin_thickness"] + d["subcutaneous_fat"] + 4.0)})
    return Phantom(tuple(parts), landmarks=landmarks)
