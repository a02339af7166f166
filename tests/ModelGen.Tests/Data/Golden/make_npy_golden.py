"""Writes small .npy files with numpy and npy_golden.json describing what each holds.

Run from the repository root with the system interpreter (it has numpy):
    /usr/bin/python3 tests/ModelGen.Tests/Data/Golden/make_npy_golden.py
Float values are recorded as their float32 bit patterns, so the test compares exactly (NaN, -0.0 and
subnormals included). Files that a reader must reject carry "rejected_because" instead of values: text the error message must contain.
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def special_floats():
    values = np.array([0.0, -0.0, 1.0, -2.5, 1e-45, 3.4028235e38, np.inf, -np.inf, np.nan, 0.1, 1.0 / 3.0, -1e-7], dtype=np.float32)
    return values.reshape(3, 4)


def good_files(rng):
    return [
        ("float32_2d.npy", special_floats(), None),
        ("float32_4d.npy", rng.standard_normal((2, 1, 3, 5)).astype(np.float32), None),
        ("float32_1d.npy", np.arange(5, dtype=np.float32) / 4, None),
        ("float32_scalar.npy", np.array(7.25, dtype=np.float32), None),
        ("float32_empty.npy", np.zeros((0, 3), dtype=np.float32), None),
        ("uint8_3d.npy", rng.integers(0, 256, (2, 3, 4)).astype(np.uint8), None),
        ("float32_big_endian.npy", rng.standard_normal((2, 3)).astype(">f4"), None),
        ("float32_version2.npy", rng.standard_normal((4, 2)).astype(np.float32), (2, 0)),
        ("float32_version3.npy", rng.standard_normal((3,)).astype(np.float32), (3, 0)),
    ]


def rejected_files(rng):
    return [
        ("float32_fortran.npy", np.asfortranarray(rng.standard_normal((3, 4)).astype(np.float32)), "Fortran (column-major) order"),
        ("float64.npy", rng.standard_normal((2, 2)), "'<f8'"),
        ("int32.npy", np.arange(6, dtype=np.int32).reshape(2, 3), "'<i4'"),
    ]


def save(name, array, version):
    path = os.path.join(HERE, name)
    with open(path, "wb") as file:
        np.lib.format.write_array(file, array, version=version, allow_pickle=False)
    return path


def describe(name, array):
    entry = {"file": name, "shape": list(array.shape), "dtype": array.dtype.str}
    flat = np.ascontiguousarray(array).reshape(-1)
    if array.dtype.kind == "f":
        entry["float32_bits"] = [int(b) for b in flat.astype("<f4").view("<u4")]
    else:
        entry["bytes"] = [int(v) for v in flat]
    return entry


def main():
    rng = np.random.default_rng(20260601)
    entries = []
    for name, array, version in good_files(rng):
        path = save(name, array, version)
        loaded = np.load(path)
        assert loaded.dtype == array.dtype and loaded.shape == array.shape
        assert loaded.tobytes() == array.tobytes()
        entries.append(describe(name, array))
    for name, array, reason in rejected_files(rng):
        save(name, array, None)
        with open(os.path.join(HERE, name), "rb") as file:
            header = file.read(128)
        assert (b"'fortran_order': True" in header) == reason.startswith("Fortran")
        entries.append({"file": name, "rejected_because": reason})
    with open(os.path.join(HERE, "npy_golden.json"), "w") as file:
        json.dump({"numpy_version": np.__version__, "files": entries}, file, indent=1)
        file.write("\n")


if __name__ == "__main__":
    main()
