#!/usr/bin/python3
"""Writes the data of the learning examples in examples/learning/, deterministically (fixed seeds).

Run from anywhere with Debian's NumPy:  /usr/bin/python3 examples/learning/make_data.py

Only data are written here, never weights: `tlc train` learns those. Every file is a few KB at most.
"""

import os

import numpy as np

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def save(name, array, dtype=np.float64):
    """0/1 arrays are saved as bytes (dtype=np.uint8), which tlc reads as numbers like any other."""
    np.save(os.path.join(DATA, name), np.ascontiguousarray(array, dtype=dtype))


def write_text(name, lines):
    with open(os.path.join(DATA, name), "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(line + "\n" for line in lines))


# ------------------------------------------------------------------ rnn.tl
# Every binary sequence of 9 steps (512), shuffled; the label is 1 when it holds more ones than zeros.
def rnn():
    rng = np.random.default_rng(1)
    steps = 9
    u = np.array([[(n >> t) & 1 for t in range(steps)] for n in range(2**steps)])
    u = u[rng.permutation(len(u))]
    save("rnn_u.npy", u, np.uint8)
    save("rnn_y.npy", u.sum(axis=1) > steps / 2, np.uint8)


# ------------------------------------------------------------------ gnn.tl
# Two communities of 20 nodes: an edge joins two nodes of one community with probability 0.3, of different
# communities with probability 0.03. Each node's 4 features are its community's mean (+-0.5 on the first
# feature) plus unit Gaussian noise, so a node's own features tell its community only about 70% of the
# time, and its neighbours' tell it far better. Alternate nodes of each community are for training and
# for testing.
def gnn():
    rng = np.random.default_rng(2)
    nodes, features = 40, 4
    community = np.arange(nodes) % 2
    same = community[:, None] == community[None, :]
    upper = np.triu(rng.random((nodes, nodes)) < np.where(same, 0.3, 0.03), k=1)
    edges = upper | upper.T
    x = rng.normal(size=(nodes, features))
    x[:, 0] += np.where(community == 1, 0.5, -0.5)
    write_text("gnn_edges.tsv", [f"{a}\t{b}" for a, b in zip(*np.nonzero(edges))])
    save("gnn_x.npy", x)
    save("gnn_y.npy", community)
    write_text("gnn_train.tsv", [str(n) for n in range(nodes) if n // 2 % 2 == 0])
    write_text("gnn_test.tsv", [str(n) for n in range(nodes) if n // 2 % 2 == 1])
    assert edges.sum(axis=1).min() > 0, "every node has a neighbour"


# ------------------------------------------------------------------ kernel.tl
# Two concentric classes of 2-D points: class 1 within radius 1, class 0 on a ring of radius 1.5 to 2.5;
# not linearly separable. 40 labelled points are the kernel machine's support set, 300 others the examples.
def kernel():
    rng = np.random.default_rng(3)

    def points(count):
        label = rng.random(count) < 0.5
        radius = np.where(label, rng.uniform(0, 1, count), rng.uniform(1.5, 2.5, count))
        angle = rng.uniform(0, 2 * np.pi, count)
        return np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1), label

    support, support_label = points(40)
    x, y = points(300)
    save("kernel_support.npy", support)
    save("kernel_support_y.npy", np.where(support_label, 1.0, -1.0))
    save("kernel_x.npy", x)
    save("kernel_y.npy", y)


# ------------------------------------------------------------------ tucker.tl
# A[i, j, k] = M[i, p] M'[j, q] M''[k, r] C[p, q, r] with random factors of ranks 2, 3 and 2, scaled so
# that the mean of A's squares is 1.
def tucker():
    rng = np.random.default_rng(4)
    m1, m2, m3 = rng.normal(size=(8, 2)), rng.normal(size=(7, 3)), rng.normal(size=(6, 2))
    core = rng.normal(size=(2, 3, 2))
    a = np.einsum("ip,jq,kr,pqr->ijk", m1, m2, m3, core)
    save("tucker_a.npy", a / np.sqrt((a**2).mean()))


# ------------------------------------------------------------------ transformer.tl
# A toy language: three random tokens of 8, then the same three again (6 tokens). The inputs are the first
# five, one-hot, X[e, p, t]; the targets the next token at each position, Y[e, p, t]. The last three
# targets repeat tokens seen before and can be predicted; the first two cannot. All 512 sequences, shuffled.
def transformer():
    rng = np.random.default_rng(5)
    tokens, half = 8, 3
    prefixes = np.array([[(n // tokens**k) % tokens for k in range(half)] for n in range(tokens**half)])
    prefixes = prefixes[rng.permutation(len(prefixes))]
    sequences = np.concatenate([prefixes, prefixes], axis=1)
    one_hot = np.eye(tokens)[sequences]
    save("transformer_x.npy", one_hot[:, :-1], np.uint8)
    save("transformer_y.npy", one_hot[:, 1:], np.uint8)


if __name__ == "__main__":
    os.makedirs(DATA, exist_ok=True)
    rnn()
    gnn()
    kernel()
    tucker()
    transformer()
