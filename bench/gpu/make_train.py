#!/usr/bin/python3
"""Writes the MLP training case of the GPU suite: random inputs X[e, i] in [0, 1), labels Y[e, c] one-hot from
a fixed random linear teacher (so the task is learnable and the loss falls), and train.tl, the model of
examples/learning/digits.tl at a width a GPU is worth using for. NumPy only; the same seed gives the same files.

  /usr/bin/python3 bench/gpu/make_train.py --dir DIR [--examples 65536] [--widths 784,1024,10] [--batch 1024] [--epochs 3]
"""
import argparse
import json
from pathlib import Path

import numpy as np

PROGRAM = """\
// MLP training, written as examples/learning/digits.tl is (bench/gpu/make_train.py).
X = "x.npy"
Y = "y.npy"
W1 : real[{hidden}, {inputs}]
B1 : real[{hidden}]
W2 : real[{classes}, {hidden}]
B2 : real[{classes}]

H[e, h] = relu(W1[h, p] X[e, p] + B1[h])
O[e, c.] = softmax(W2[c, h] H[e, h] + B2[c])
CrossEntropy[e] = -Y[e, c] log(O[e, c] + 1e-9)
Loss avg= CrossEntropy[e]

learn Loss with optimizer=adam, lr={lr}, epochs={epochs}, batch={batch}, seed=1
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--examples", type=int, default=65536)
    parser.add_argument("--widths", default="784,1024,10")
    parser.add_argument("--batch", type=int, default=1024)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=0.001)
    args = parser.parse_args()
    inputs, hidden, classes = (int(w) for w in args.widths.split(","))
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(20261122)
    x = rng.random((args.examples, inputs), dtype=np.float32)
    teacher = rng.standard_normal((inputs, classes)).astype(np.float32)
    labels = np.argmax((x - 0.5) @ teacher, axis=1)
    y = np.eye(classes, dtype=np.float32)[labels]
    np.save(folder / "x.npy", x)
    np.save(folder / "y.npy", y)
    settings = dict(examples=args.examples, inputs=inputs, hidden=hidden, classes=classes,
                    batch=args.batch, epochs=args.epochs, lr=args.lr)
    (folder / "train.tl").write_text(PROGRAM.format(**settings))
    (folder / "train.json").write_text(json.dumps(settings, indent=2) + "\n")
    flops = 6 * args.examples * (inputs * hidden + hidden * classes)  # forward + backward, per epoch
    print(json.dumps(settings | {"flopsPerEpoch": flops}))


if __name__ == "__main__":
    main()
