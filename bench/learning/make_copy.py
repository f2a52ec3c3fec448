#!/usr/bin/python3
"""Writes the copying task that copy.tl (and the PyTorch model in torch_peer.py) learns, into data/.

Each example is a sequence of 2n tokens: n tokens drawn uniformly from a vocabulary of V, then the same n
again. A causal model reads positions 0 … 2n-2 and predicts, at each position p, the token at p + 1. The
first half is random, so only the predictions of the second half are scored: position p ≥ n-1 predicts
token p+1-n, which it can copy by attending n-1 positions back.

    data/copy_x.npy    [N, 2n-1, V]  the input tokens, one-hot (float64)
    data/copy_y.npy    [N, 2n-1, V]  the next token, one-hot at the scored positions p ≥ n-1, zero elsewhere
    data/copy_pos.tsv  the positions 0 … 2n-2, one a line (the causal mask's rule reads them)

Deterministic (NumPy's PCG64 with a fixed seed), so every run and both systems see the same data.
  /usr/bin/python3 bench/learning/make_copy.py [--examples 2000] [--tokens 8] [--vocab 10]
"""
import argparse
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--tokens", type=int, default=8, help="n, the length of the part that is copied")
    parser.add_argument("--vocab", type=int, default=10)
    parser.add_argument("--seed", type=int, default=12345)
    args = parser.parse_args()
    n, vocab = args.tokens, args.vocab
    rng = np.random.default_rng(args.seed)
    first = rng.integers(0, vocab, size=(args.examples, n))
    sequence = np.concatenate([first, first], axis=1)            # [N, 2n]
    positions = 2 * n - 1
    x = np.zeros((args.examples, positions, vocab))
    y = np.zeros((args.examples, positions, vocab))
    rows = np.arange(args.examples)[:, None]
    x[rows, np.arange(positions)[None, :], sequence[:, :positions]] = 1.0
    scored = np.arange(n - 1, positions)
    y[rows, scored[None, :], sequence[:, scored + 1]] = 1.0
    data = os.path.join(HERE, "data")
    os.makedirs(data, exist_ok=True)
    np.save(os.path.join(data, "copy_x.npy"), x)
    np.save(os.path.join(data, "copy_y.npy"), y)
    with open(os.path.join(data, "copy_pos.tsv"), "w") as out:
        out.writelines(f"{p}\n" for p in range(positions))


if __name__ == "__main__":
    main()
