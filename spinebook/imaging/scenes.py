"""What a trainee sees of one target: the fluoroscopy and the ultrasound view of the same state.

A *state* is a target (lumbar medial branch, facet joint, transforaminal), a body (normal BMI or
obese), a needle (its in-plane angle to the skin and how far it has been advanced), the C-arm angle
and contrast, the probe and Doppler. :class:`Simulator` builds the phantom once per body and keeps
each view's unchanging part (the tissue map of the plane, the projection without needle), so a new
state costs only what changed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from spinebook.imaging import fluoroscopy, model, ultrasound
from spinebook.imaging.phantom import Part, Phantom, lumbar_segment
from spinebook.imaging.shapes import Cylinder, Ellipsoid

BODIES = {"normal": "Normal BMI", "obese": "Obese (BMI ≥ 30)"}
BODY_WORDS = {"normal": "normal BMI", "obese": "obese (BMI ≥ 30)"}
CONTRAST = {"none": "No contrast", "spread": "Contrast: intended spread", "intravascular": "Contrast: intravascular"}
#: Photons a detector pixel records behind the body's median path (a setting; see the page).
PHOTONS_BEHIND_BODY = 1000.0


@dataclass(frozen=True)
class Target:
    key: str
    label: str


TARGETS = {
    "medial_branch": Target("medial_branch", "Lumbar medial branch (L5 transverse process)"),
    "facet": Target("facet", "Facet joint (L4–L5)"),
    "transforaminal": Target("transforaminal", "Transforaminal (L4–L5 foramen)"),
}


@dataclass(frozen=True)
class View:
    """One simulated image: grey levels 0–1 (NaN outside a fan), its extent in mm, labelled points
    (name -> (across, down) in mm), optional Doppler signal (+1 flow towards the probe, −1 away) and,
    in ``masks``, what the contrast-to-noise table needs (tissue map, echo field, geometry)."""

    pixels: np.ndarray
    across: tuple
    down: tuple
    labels: dict
    colour: np.ndarray | None = None
    masks: dict | None = None


class Simulator:
    """Both modalities over one phantom per body, built from the data package's tissues, anatomy
    and probes."""

    def __init__(self, data):
        self.acoustics = model.acoustics(data["tissues"])
        self.mu = model.linear_attenuation_per_mm(data["tissues"])
        self.probes = model.probes(data["probes"])
        self.dimensions = {body: model.dimensions(data["anatomy"], body) for body in BODIES}

    @functools.lru_cache(maxsize=None)
    def phantom(self, body: str, removed: tuple = ()) -> Phantom:
        """The phantom of ``body``; parts named in ``removed`` are left out (their place keeps the
        tissue around them), to measure what a structure adds to an image."""
        full = lumbar_segment(self.dimensions[body])
        unknown = set(removed) - {p.name for p in full.parts}
        if unknown:
            raise KeyError(f"no part named {', '.join(sorted(unknown))} in the phantom")
        return Phantom(tuple(p for p in full.parts if p.name not in removed), landmarks=full.landmarks)

    # --- geometry of a target -------------------------------------------------------------------
    def target_point(self, target: str, body: str) -> np.ndarray:
        marks = self.phantom(body).landmarks
        if target == "medial_branch":
            return np.array(marks["L5 transverse process right"])
        if target == "facet":
            return np.array(marks["facet joint right"]) + np.array([0.0, 0.0, -6.0])
        if target == "transforaminal":
            foramen, artery = np.array(marks["foramen"]), np.array(marks["artery start"])
            return np.array([foramen[0] + 3.0, artery[1], foramen[2] - 5.0])
        raise KeyError(f"unknown target {target!r}; choose one of {', '.join(TARGETS)}")

    def needle(self, target: str, body: str, angle_deg: float, advance: float = 1.0, offset_mm: float = 0.0) -> Part:
        """The needle in the transverse plane of the target (or ``offset_mm`` beside it, cranially),
        entering lateral to it at ``angle_deg`` to the skin and advanced ``advance`` (0–1) of the way."""
        if not 0 < angle_deg < 90:
            raise ValueError(f"needle angle must be between 0 and 90 degrees, not {angle_deg}")
        tip = self.target_point(target, body) + np.array([0.0, offset_mm, 0.0])
        a = np.radians(angle_deg)
        length = tip[2] / np.sin(a)
        entry = tip + length * np.array([np.cos(a), 0.0, -np.sin(a)])
        end = entry + max(advance, 0.02) * (tip - entry)
        radius = self.dimensions[body]["needle_diameter"] / 2
        return Part("needle", Cylinder(tuple(entry), tuple(end), radius), "steel", "muscle")

    def contrast(self, target: str, body: str, kind: str) -> list[Part]:
        if kind == "none":
            return []
        marks = self.phantom(body).landmarks
        tip = self.target_point(target, body)
        if kind == "intravascular":
            artery = next(p for p in self.phantom(body).parts if p.name == "radicular artery").shape
            return [Part("contrast in the artery", Cylinder(artery.start, artery.end, artery.radius), "contrast", "blood"),
                    Part("contrast in the canal's vessels", Cylinder(artery.end, (0.0, artery.end[1] + 25.0, artery.end[2] + 2.0),
                                                                     artery.radius * 0.8), "contrast", "fat")]
        if target == "transforaminal":
            foramen = np.array(marks["foramen"])
            return [Part("contrast along the root", Ellipsoid(tuple(foramen + [4.0, -3.0, 2.0]), (9.0, 12.0, 5.0)), "contrast", "muscle")]
        if target == "facet":
            return [Part("contrast in the joint", Ellipsoid(tuple(tip + [0, 0, 4.0]), (1.5, 10.0, 6.0)), "contrast", "muscle")]
        return [Part("contrast at the target", Ellipsoid(tuple(tip + [0, 0, -1.5]), (6.0, 8.0, 2.0)), "contrast", "muscle")]

    # --- fluoroscopy -----------------------------------------------------------------------------
    def carm_angle(self, target: str, body: str, view: str) -> float:
        if view == "AP":
            return 0.0
        if view == "lateral":
            return 90.0
        return float(self.dimensions[body][f"oblique_view_angle_{target}"])

    @functools.lru_cache(maxsize=64)
    def _transmission(self, body: str, angle: float, removed: tuple = ()) -> np.ndarray:
        return fluoroscopy.transmission(self.phantom(body, removed), self.mu, angle)

    def fluoroscopy(self, target: str, body: str, view: str = "oblique", contrast: str = "none",
                    needle_angle: float = 45.0, advance: float = 1.0, seed: int = 3, needle: bool = True,
                    removed: tuple = ()) -> View:
        """The C-arm image of a state. The photon budget and display window are those of the whole
        phantom, so images with a part ``removed`` (or no ``needle``) are directly comparable."""
        angle = self.carm_angle(target, body, view)
        tools = ((self.needle(target, body, needle_angle, advance),) if needle else ()) + tuple(
            self.contrast(target, body, contrast))
        extra, mu = self._pixel_wide(tools)
        full = self._transmission(body, angle)
        base = self._transmission(body, angle, tuple(removed)) if removed else full
        added = fluoroscopy.transmission(extra, mu, angle)
        open_beam = PHOTONS_BEHIND_BODY / float(np.median(full))
        counts = fluoroscopy.detected(base * added, open_beam, seed)
        pixels = fluoroscopy.display(counts, window=fluoroscopy.window(full * open_beam))
        detector = fluoroscopy.Detector()
        half = detector.width_mm / 2
        rotation = fluoroscopy.rotation_about_y(angle)

        def on_image(point):
            local = (np.asarray(point, float) - np.array(fluoroscopy.ISOCENTRE)) @ rotation
            return float(local[0]), float(point[1])

        marks = self.phantom(body).landmarks
        labels = {"L4": on_image(marks["L4 body"]), "L5": on_image(marks["L5 body"])}
        if needle:
            labels["needle tip"] = on_image(tools[0].shape.end)
        return View(pixels, (-half, half), (detector.height_mm / 2, -detector.height_mm / 2), labels,
                    masks={"angle": angle, "extra": extra})

    def _pixel_wide(self, parts):
        """Rods thinner than a detector pixel (the needle, a small artery full of contrast) widened to a
        radius of one pixel with μ lowered in proportion to the area gained: the attenuation a pixel
        integrates over its area is kept, and a rod is never missed between two pixel centres."""
        detector = fluoroscopy.Detector()
        half_pixel = detector.width_mm / (detector.pixels - 1)
        mu, wide = dict(self.mu), []
        for n, part in enumerate(parts):
            shape = part.shape
            if isinstance(shape, Cylinder) and shape.radius < half_pixel:
                key = f"{part.tissue} (pixel-wide {n})"
                share = (shape.radius / half_pixel) ** 2
                mu[key] = self.mu[part.parent] + (self.mu[part.tissue] - self.mu[part.parent]) * share
                part = Part(part.name, Cylinder(shape.start, shape.end, half_pixel), key, part.parent)
            wide.append(part)
        return Phantom(tuple(wide)), mu

    def projected(self, parts, angle: float) -> np.ndarray:
        """Length (mm) of each detector pixel's ray inside ``parts``: where they fall on the image."""
        phantom, _ = self._pixel_wide(parts)
        mu = {part.tissue: 1.0 for part in phantom.parts} | {part.parent: 0.0 for part in phantom.parts}
        return fluoroscopy.line_integrals(phantom, mu, angle)

    def part(self, body: str, name: str) -> Part:
        return next(p for p in self.phantom(body).parts if p.name == name)

    # --- ultrasound ------------------------------------------------------------------------------
    def plane(self, target: str, body: str, kind: str = "transverse") -> ultrasound.Plane:
        """The probe over the target: transverse (across the spine, the plane of the needle, probe
        centred 12 mm lateral to the target) or parasagittal (along the spine, 2 mm lateral to the
        target, where the needle's shaft crosses it)."""
        tip = self.target_point(target, body)
        if kind == "parasagittal":
            return ultrasound.Plane("parasagittal", float(tip[0]) + 2.0, centre=float(tip[1]))
        return ultrasound.Plane("transverse", float(tip[1]), centre=float(tip[0]) + 12.0)

    @functools.lru_cache(maxsize=64)
    def _tissue_map(self, target: str, body: str, probe: str, removed: tuple = (), plane: str = "transverse"):
        grid = ultrasound.beam_grid(self.probes[probe])
        points = self.plane(target, body, plane).to_3d(grid.lateral, grid.depth)
        return grid, points, self.phantom(body, removed).tissue_map(points)

    def ultrasound(self, target: str, body: str, probe: str = "C5-2v", needle_angle: float = 45.0,
                   advance: float = 1.0, doppler: bool = False, needle: bool = True, contrast: str = "none",
                   removed: tuple = (), seed: int = 7, offset_mm: float = 0.0, plane: str = "transverse") -> View:
        """The B-mode image of a state: the target's transverse plane, the needle in it. A needle
        thinner than a sample is drawn one sample wide (its echo fills the point-spread function)."""
        grid, points, names = self._tissue_map(target, body, probe, tuple(removed), plane)
        imaged = self.plane(target, body, plane)
        probe_ = self.probes[probe]
        needle_part = self.needle(target, body, needle_angle, advance)  # drawn in the plane ...
        visible = Cylinder(needle_part.shape.start, needle_part.shape.end, max(needle_part.shape.radius, _sample_radius(grid)))
        share = None
        if needle and offset_mm:  # ... and heard through the edge of the slice when it lies beside it
            share = np.where(visible.contains(points), probe_.out_of_plane_echo(offset_mm, points[..., 2]), 1.0)
        names = names.copy()
        for part in self.contrast(target, body, contrast):
            names[part.shape.contains(points) & (names == part.parent)] = "contrast"
        if needle:
            names[visible.contains(points)] = "steel"
        field, _ = ultrasound.echo_field(names, grid, probe_, self.acoustics, seed=seed, echo_share=share)
        image = ultrasound.bmode(field, grid, probe_, self.acoustics, seed=seed + 4)
        pixels, across, down = ultrasound.scan_convert(image, grid, probe_)
        colour = self._doppler(points, grid, probe_, body, imaged) if doppler else None
        tip, aim = np.asarray(needle_part.shape.end), self.target_point(target, body)
        on_screen = lambda point: tuple(float(v) for v in ultrasound.display_position(
            probe_, point[imaged.lateral_axis] - imaged.centre, point[2]))
        labels = {"target": on_screen(aim)}
        if needle and np.linalg.norm(tip - aim) > 5.0:
            labels["needle tip"] = on_screen(tip)
        return View(pixels, across, (down[0], down[1]), labels, colour,
                    {"names": names, "grid": grid, "image": image, "echo": field, "points": points, "needle": visible})

    def artery_crosses(self, target: str, body: str, plane: str = "transverse") -> str:
        """"along" if the artery runs in the imaged plane, "across" if it passes through it, "" if not."""
        grid, points, _ = self._tissue_map(target, body, "C5-2v", (), plane)
        artery = self.part(body, "radicular artery").shape
        hits = int(Cylinder(artery.start, artery.end, max(artery.radius, _sample_radius(grid))).contains(points).sum())
        return "" if hits == 0 else ("along" if hits > 20 else "across")

    def _doppler(self, points, grid, probe, body, imaged):
        """Colour where blood moves along the beam: +1 towards the probe, −1 away (no speed scale: the
        sources give no flow velocity for these arteries). A vessel narrower than a sample still
        colours one sample: its flow fills the resolution cell."""
        artery = self.part(body, "radicular artery").shape
        lumen = Cylinder(artery.start, artery.end, max(artery.radius, _sample_radius(grid))).contains(points)
        flow = np.asarray(artery.end) - np.asarray(artery.start)
        flow = flow / np.linalg.norm(flow)
        beam = np.stack([np.gradient(grid.lateral, axis=0), np.gradient(grid.depth, axis=0)], axis=-1)
        beam /= np.linalg.norm(beam, axis=-1, keepdims=True)
        toward = -(beam[..., 0] * flow[imaged.lateral_axis] + beam[..., 1] * flow[2])
        signal = np.where(lumen & (np.abs(toward) > 0.17), np.sign(toward), 0.0)
        image, _, _ = ultrasound.scan_convert(signal, grid, probe)
        return image


def _sample_radius(grid) -> float:
    """Half the coarser sample spacing of a beam grid: a rod at least this thick is never missed
    between samples (its echo fills the point-spread function anyway)."""
    return 0.5 * float(max(np.diff(grid.range_mm[:, 0]).max(), grid.beam_spacing_mm.max()))


_SIMULATORS: dict = {}


def simulator_for(data) -> Simulator:
    """One simulator per loaded dataset (it keeps the phantom and each view's fixed part)."""
    if id(data) not in _SIMULATORS:
        _SIMULATORS[id(data)] = (data, Simulator(data))  # the dataset is kept, so its id stays its own
    return _SIMULATORS[id(data)][1]
