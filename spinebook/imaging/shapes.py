"""Solid shapes of the schematic phantom, in millimetres.

Each shape answers two questions, both vectorised over many points or rays:
``contains(points)`` — which points lie inside (for the ultrasound plane's tissue map), and
``chord(origins, direction)`` — the length of each straight ray inside the shape (for the X-ray
line integrals, exactly, without sampling the volume).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


def rotation_about_y(degrees: float) -> np.ndarray:
    """Rotation matrix about the cranio-caudal (y) axis: positive turns +x towards +z."""
    a = np.radians(degrees)
    return np.array([[np.cos(a), 0.0, -np.sin(a)], [0.0, 1.0, 0.0], [np.sin(a), 0.0, np.cos(a)]])


def _rotated_bounds(centre, rotation, half_sizes):
    """Axis-aligned bounding box (low, high corners) of a shape with these half sizes, turned."""
    extent = np.abs(np.asarray(rotation, float)) @ np.asarray(half_sizes, float)
    return np.asarray(centre, float) - extent, np.asarray(centre, float) + extent


def _local(points: np.ndarray, centre, rotation) -> np.ndarray:
    """Points (..., 3) in the shape's own axes (rotation columns are the shape's axes)."""
    return (np.asarray(points, float) - np.asarray(centre, float)) @ np.asarray(rotation, float)


@dataclass(frozen=True)
class Box:
    """A rectangular block: ``centre``, ``half`` sizes along its own axes, turned by ``rotation``."""

    centre: tuple
    half: tuple
    rotation: np.ndarray = field(default_factory=lambda: np.eye(3))

    def bounds(self):
        return _rotated_bounds(self.centre, self.rotation, self.half)

    def contains(self, points: np.ndarray) -> np.ndarray:
        q = np.abs(_local(points, self.centre, self.rotation))
        return np.all(q <= np.asarray(self.half, float), axis=-1)

    def chord(self, origins: np.ndarray, direction: np.ndarray) -> np.ndarray:
        o = _local(origins, self.centre, self.rotation)
        d = np.asarray(direction, float) @ np.asarray(self.rotation, float)
        near = np.full(len(o), -np.inf)
        far = np.full(len(o), np.inf)
        for axis, h in enumerate(self.half):
            if abs(d[axis]) < 1e-12:
                outside = np.abs(o[:, axis]) > h
                far = np.where(outside, -np.inf, far)
                continue
            t1, t2 = (-h - o[:, axis]) / d[axis], (h - o[:, axis]) / d[axis]
            near = np.maximum(near, np.minimum(t1, t2))
            far = np.minimum(far, np.maximum(t1, t2))
        return np.clip(far - near, 0.0, None)


@dataclass(frozen=True)
class Ellipsoid:
    """An ellipsoid with semi-axes ``radii`` along its own axes, turned by ``rotation``."""

    centre: tuple
    radii: tuple
    rotation: np.ndarray = field(default_factory=lambda: np.eye(3))

    def bounds(self):
        return _rotated_bounds(self.centre, self.rotation, self.radii)

    def contains(self, points: np.ndarray) -> np.ndarray:
        q = _local(points, self.centre, self.rotation) / np.asarray(self.radii, float)
        return np.einsum("...i,...i->...", q, q) <= 1.0

    def chord(self, origins: np.ndarray, direction: np.ndarray) -> np.ndarray:
        radii = np.asarray(self.radii, float)
        o = _local(origins, self.centre, self.rotation) / radii
        d = (np.asarray(direction, float) @ np.asarray(self.rotation, float)) / radii
        a = d @ d
        b = 2.0 * (o @ d)
        c = np.einsum("ij,ij->i", o, o) - 1.0
        return np.sqrt(np.clip(b * b - 4 * a * c, 0.0, None)) / a


@dataclass(frozen=True)
class Cylinder:
    """A solid rod of ``radius`` from point ``start`` to point ``end`` (flat ends)."""

    start: tuple
    end: tuple
    radius: float

    @property
    def _axis(self):
        axis = np.asarray(self.end, float) - np.asarray(self.start, float)
        length = float(np.linalg.norm(axis))
        return axis / length, length

    def bounds(self):
        ends = np.array([self.start, self.end], float)
        return ends.min(axis=0) - self.radius, ends.max(axis=0) + self.radius

    def contains(self, points: np.ndarray) -> np.ndarray:
        axis, length = self._axis
        p = np.asarray(points, float) - np.asarray(self.start, float)
        along = p @ axis
        across = p - along[..., None] * axis
        return (along >= 0) & (along <= length) & (np.einsum("...i,...i->...", across, across) <= self.radius**2)

    def chord(self, origins: np.ndarray, direction: np.ndarray) -> np.ndarray:
        axis, length = self._axis
        d = np.asarray(direction, float)
        o = np.asarray(origins, float) - np.asarray(self.start, float)
        d_along, o_along = d @ axis, o @ axis
        d_perp = d - d_along * axis
        o_perp = o - o_along[:, None] * axis
        a = d_perp @ d_perp
        if a < 1e-12:  # ray parallel to the rod
            inside = np.einsum("ij,ij->i", o_perp, o_perp) <= self.radius**2
            return np.where(inside, length, 0.0)
        b = 2.0 * (o_perp @ d_perp)
        c = np.einsum("ij,ij->i", o_perp, o_perp) - self.radius**2
        disc = b * b - 4 * a * c
        root = np.sqrt(np.clip(disc, 0.0, None))
        near, far = (-b - root) / (2 * a), (-b + root) / (2 * a)
        far = np.where(disc > 0, far, near)
        if abs(d_along) > 1e-12:
            t1, t2 = -o_along / d_along, (length - o_along) / d_along
            near = np.maximum(near, np.minimum(t1, t2))
            far = np.minimum(far, np.maximum(t1, t2))
        else:
            outside = (o_along < 0) | (o_along > length)
            far = np.where(outside, near, far)
        return np.clip(far - near, 0.0, None)
