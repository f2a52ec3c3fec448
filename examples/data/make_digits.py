#!/usr/bin/python3
"""Writes the digits data set as the arrays a classifier trains on: digits_x.npy and digits_y.npy.

Run from anywhere with Debian's NumPy (tools/install-peers.sh installs it):
    /usr/bin/python3 examples/data/make_digits.py

Input: digits.csv beside this file, the UCI optical recognition of handwritten digits (test set,
E. Alpaydin, 1998, as distributed with scikit-learn): 1,797 rows, each 64 pixel values 0..16 of an 8x8
image in row-major order, then the digit 0..9.
Output, both float64 and in the rows' order:
    digits_x.npy  [1797, 64]  pixels / 16, so every input lies in [0, 1]
    digits_y.npy  [1797, 10]  the digit one-hot: row n has a 1 in column digit(n) and 0 elsewhere
"""

import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
PIXELS = 64
CLASSES = 10
MAX_PIXEL = 16


def load(path):
    """The pixels and labels of digits.csv, checked: a changed file should fail here, not in training."""
    table = np.loadtxt(path, delimiter=",")
    if table.ndim != 2 or table.shape[1] != PIXELS + 1:
        raise SystemExit(f"{path}: expected {PIXELS + 1} columns, found shape {table.shape}")
    pixels, labels = table[:, :PIXELS], table[:, PIXELS]
    if pixels.min() < 0 or pixels.max() > MAX_PIXEL:
        raise SystemExit(f"{path}: pixel values outside 0..{MAX_PIXEL}")
    if not np.array_equal(labels, np.round(labels)) or labels.min() < 0 or labels.max() >= CLASSES:
        raise SystemExit(f"{path}: labels are not whole numbers 0..{CLASSES - 1}")
    return pixels, labels.astype(np.int64)


def one_hot(labels):
    encoded = np.zeros((len(labels), CLASSES), dtype=np.float64)
    encoded[np.arange(len(labels)), labels] = 1.0
    return encoded


def save(name, array):
    np.save(os.path.join(HERE, name), np.ascontiguousarray(array, dtype=np.float64))


def main():
    pixels, labels = load(os.path.join(HERE, "digits.csv"))
    save("digits_x.npy", pixels / MAX_PIXEL)
    save("digits_y.npy", one_hot(labels))
    print(f"digits_x.npy {pixels.shape}, digits_y.npy ({len(labels)}, {CLASSES})")


if __name__ == "__main__":
    main()
