"""Seeded samplers of parameter space: grids, uniform and Sobol boxes, Gaussians, user points.

Random numbers are drawn on the host with :func:`numpy.random.default_rng`
(or :class:`scipy.stats.qmc.Sobol`) from the given seed and then moved to the
chosen backend, so that the same seed gives the same points on every backend.
A box is a sequence of ``(low, high)`` pairs, one per variable, or the text
``"-3:3,-3:3"`` (:func:`parse_box`).
"""

from __future__ import annotations

import dataclasses
from typing import Any, Sequence

import numpy as np

from ..errors import InvalidArgument
from .backend import get_backend

__all__ = ["parse_box", "Grid", "grid", "uniform", "sobol", "gaussian", "user_points"]


def parse_box(box, dim: int | None = None) -> np.ndarray:
    """``"-3:3,-1:2"`` or ``[(-3, 3), (-1, 2)]`` -> array of shape ``(d, 2)``."""
    if isinstance(box, str):
        rows = []
        for part in box.split(","):
            bits = part.strip().split(":")
            if len(bits) != 2:
                raise InvalidArgument(f"box={box!r}: each side must be 'low:high', got {part!r}")
            try:
                rows.append((float(bits[0]), float(bits[1])))
            except ValueError:
                raise InvalidArgument(f"box={box!r}: {part!r} is not 'low:high' with numbers") from None
        b = np.array(rows, dtype=float)
    else:
        b = np.asarray(box, dtype=float)
    if b.ndim != 2 or b.shape[1] != 2:
        raise InvalidArgument(f"box={box!r} must be one (low, high) pair per variable")
    if not np.all(np.isfinite(b)) or np.any(b[:, 1] <= b[:, 0]):
        raise InvalidArgument(f"box={box!r}: every side needs finite low < high")
    if dim is not None and b.shape[0] != dim:
        raise InvalidArgument(f"box={box!r} has {b.shape[0]} sides but there are {dim} variables")
    return b


@dataclasses.dataclass(frozen=True)
class Grid:
    """A regular grid: ``shape[i]`` points from ``box[i, 0]`` to ``box[i, 1]``.

    Point ``k`` (C order) has multi-index ``numpy.unravel_index(k, shape)``.
    """

    box: np.ndarray
    shape: tuple

    @property
    def spacing(self) -> np.ndarray:
        return (self.box[:, 1] - self.box[:, 0]) / (np.asarray(self.shape) - 1)

    @property
    def size(self) -> int:
        return int(np.prod(self.shape))

    def axes(self) -> list:
        return [np.linspace(lo, hi, n) for (lo, hi), n in zip(self.box, self.shape)]

    def points(self, backend: str | None = None, start: int = 0, stop: int | None = None):
        """Rows ``start:stop`` of the grid's points as an ``(m, d)`` array."""
        xp = get_backend(backend)
        stop = self.size if stop is None else min(stop, self.size)
        k = np.arange(start, stop)
        idx = np.unravel_index(k, self.shape)
        pts = np.stack([self.box[i, 0] + idx[i] * self.spacing[i] for i in range(len(self.shape))],
                       axis=1)
        return xp.asarray(pts)

    def on_boundary(self, k: np.ndarray) -> np.ndarray:
        """Whether the flat indices ``k`` lie on the box's boundary."""
        idx = np.unravel_index(np.asarray(k), self.shape)
        out = np.zeros(np.shape(k), dtype=bool)
        for i, n in enumerate(self.shape):
            out |= (idx[i] == 0) | (idx[i] == n - 1)
        return out


def grid(box, shape: int | Sequence[int]) -> Grid:
    """A regular grid over ``box`` with ``shape`` points per side (an int: the same on each)."""
    b = parse_box(box)
    if isinstance(shape, (int, np.integer)):
        shape = (int(shape),) * b.shape[0]
    shape = tuple(int(s) for s in shape)
    if len(shape) != b.shape[0] or min(shape) < 2:
        raise InvalidArgument(f"grid shape={shape!r}: need one size >= 2 per side of the box")
    return Grid(b, shape)


def _check_n(n):
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise InvalidArgument(f"n={n!r} must be a positive integer number of samples")


def uniform(box, n: int, seed: int | None = 0, backend: str | None = None):
    """``n`` points uniform in ``box`` (seeded)."""
    _check_n(n)
    b = parse_box(box)
    rng = np.random.default_rng(seed)
    pts = b[:, 0] + rng.random((int(n), b.shape[0])) * (b[:, 1] - b[:, 0])
    return get_backend(backend).asarray(pts)


def sobol(box, n: int, seed: int | None = 0, backend: str | None = None, scramble: bool = True):
    """``n`` scrambled Sobol points in ``box`` (:class:`scipy.stats.qmc.Sobol`, seeded).

    ``n`` need not be a power of two (SciPy warns about balance then; we silence it).
    """
    import warnings

    from scipy.stats import qmc

    _check_n(n)
    b = parse_box(box)
    eng = qmc.Sobol(d=b.shape[0], scramble=scramble, seed=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        u = eng.random(int(n))
    return get_backend(backend).asarray(qmc.scale(u, b[:, 0], b[:, 1]))


def gaussian(mean, std, n: int, seed: int | None = 0, backend: str | None = None):
    """``n`` points from N(mean, diag(std^2)) (seeded); ``mean`` fixes the dimension."""
    _check_n(n)
    m = np.atleast_1d(np.asarray(mean, dtype=float))
    s = np.broadcast_to(np.asarray(std, dtype=float), m.shape)
    if np.any(s <= 0) or not np.all(np.isfinite(s)):
        raise InvalidArgument(f"std={std!r} must be positive and finite")
    rng = np.random.default_rng(seed)
    return get_backend(backend).asarray(m + s * rng.standard_normal((int(n), m.shape[0])))


def user_points(points: Any, dim: int, backend: str | None = None):
    """Validate user-supplied points (array-like, ``(n, dim)``, finite)."""
    p = np.asarray(points, dtype=float)
    if p.ndim == 1 and dim == 1:
        p = p[:, None]
    if p.ndim != 2 or p.shape[1] != dim or p.shape[0] == 0:
        raise InvalidArgument(f"points of shape {p.shape} must be a non-empty (n, {dim}) array")
    if not np.all(np.isfinite(p)):
        raise InvalidArgument("points contain NaN or inf")
    return get_backend(backend).asarray(p)
