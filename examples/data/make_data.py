#!/usr/bin/python3
"""Writes the data and weights of the programs in examples/, deterministically (fixed seeds).

Run from anywhere with Debian's NumPy:  /usr/bin/python3 examples/data/make_data.py

Inputs come from the shared UCI data sets (iris.csv, digits.csv); weights are either trained here with a
few lines of plain gradient descent (mlp, kernels), so that the examples compute something meaningful, or
drawn at random (rnn, gnn, attention, transformer, embedding). Every file is small: a few KB at most.
The expected answers of the tests are computed separately, by
tests/TensorLogic.Runtime.Tests/Examples/references/make_references.py; run it again after this script.
The trained weights can differ in their last bits with the BLAS library NumPy uses (reference BLAS or
OpenBLAS sum in different orders); the committed files are the ones the tests use.
The training data digits_x.npy and digits_y.npy come from make_digits.py beside this file.
"""

import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def shared_folder():
    """The shared data sets: the nearest shared/data above this file (the checkout may be nested)."""
    folder = HERE
    while not os.path.exists(os.path.join(folder, "shared", "data", "iris.csv")):
        parent = os.path.dirname(folder)
        if parent == folder:
            raise SystemExit("shared/data/iris.csv not found above " + HERE)
        folder = parent
    return os.path.join(folder, "shared", "data")


def shared_csv(name):
    """The shared data set as a float array; iris.csv starts with a header line of sizes and class names."""
    path = os.path.join(shared_folder(), name)
    return np.loadtxt(path, delimiter=",", skiprows=1 if name == "iris.csv" else 0)


def save(name, array):
    np.save(os.path.join(HERE, name), np.ascontiguousarray(array, dtype=np.float64))


def write_text(name, text):
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def write_table(name, rows):
    """A real tensor as a .tsv: the index fields, then the value (repr keeps every bit of the double)."""
    write_text(name, "".join("\t".join([*map(str, r[:-1]), repr(float(r[-1]))]) + "\n" for r in rows))


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


# ------------------------------------------------------------------ mlp.tl (§5.3)
# A 5-6-3 sigmoid network on iris, trained here by full-batch gradient descent on squared error. Input
# unit 4 is a constant 1, a bias. The layers are packed the paper's way, X[i, j] with i the layer: every
# layer has U = 6 units, smaller ones padded with zeros, and W[i, j, k] maps layer i-1 to layer i (W[0]
# is unused, since layer 0 is the input).
def make_mlp():
    rng = np.random.default_rng(53)
    iris = shared_csv("iris.csv")
    features = (iris[:, :4] - iris[:, :4].mean(axis=0)) / iris[:, :4].std(axis=0)
    inputs = np.hstack([features, np.ones((len(iris), 1))])
    targets = np.eye(3)[iris[:, 4].astype(int)]
    w1 = rng.normal(0, 0.5, (6, 5))
    w2 = rng.normal(0, 0.5, (3, 6))
    for _ in range(3000):
        hidden = sigmoid(inputs @ w1.T)
        out = sigmoid(hidden @ w2.T)
        d_out = (out - targets) * out * (1 - out)
        d_hidden = (d_out @ w2) * hidden * (1 - hidden)
        w2 -= 0.5 * d_out.T @ hidden / len(iris)
        w1 -= 0.5 * d_hidden.T @ inputs / len(iris)
    accuracy = (sigmoid(sigmoid(inputs @ w1.T) @ w2.T).argmax(axis=1) == iris[:, 4]).mean()
    assert accuracy > 0.9, accuracy

    units = 6
    weights = np.zeros((3, units, units))
    weights[1, :6, :5] = w1
    weights[2, :3, :6] = w2
    save("mlp_w.npy", weights)
    # One flower for the paper's equation, and a batch of six (two of each class) for the batched one.
    chosen = [0, 25, 50, 75, 100, 125]
    batch = np.zeros((len(chosen), 3, units))
    batch[:, 0, :5] = inputs[chosen]
    save("mlp_batch.npy", batch)
    save("mlp_x.npy", batch[2])


# ------------------------------------------------------------------ rnn.tl (§5.4)
def make_rnn():
    rng = np.random.default_rng(54)
    save("rnn_w.npy", rng.normal(0, 0.8, (3, 3)))
    save("rnn_v.npy", rng.normal(0, 0.8, (3, 3)))
    save("rnn_u.npy", rng.normal(0, 1.0, (3, 5)))  # U[j, t]: 3 input values at each of 5 steps


# ------------------------------------------------------------------ cnn.tl (§5.8)
def make_cnn():
    digits = shared_csv("digits.csv")
    image = digits[0, :64].reshape(8, 8, 1) / 16  # a handwritten 0: Image[row, column, channel] in [0, 1]
    save("cnn_image.npy", image)
    # A 3x3 Sobel vertical-edge detector, Filter[dx, dy]: it responds where the columns to the right are
    # brighter than those to the left.
    edge = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
    save("cnn_filter.npy", edge.reshape(3, 3, 1))


# ------------------------------------------------------------------ gnn.tl (§5.9)
def make_gnn():
    rng = np.random.default_rng(59)
    # Two triangles joined by a path: 0-1-2-0, 2-3, 3-4, 4-5-6-4, and 7 hanging off 6. Undirected, so
    # each edge is listed both ways.
    edges = [(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 5), (5, 6), (6, 4), (6, 7)]
    lines = [f"{a}\t{b}\n" for a, b in edges] + [f"{b}\t{a}\n" for a, b in edges]
    write_text("gnn_edges.tsv", "".join(lines))
    save("gnn_x.npy", rng.normal(0, 1.0, (8, 4)))
    weights = rng.normal(0, 0.5, (3, 4, 4))
    weights[2] = 0  # layer L = 2 is the output: its MLP is computed but never used
    save("gnn_wp.npy", weights)
    save("gnn_wout.npy", rng.normal(0, 1.0, 4))


# ------------------------------------------------------------------ attention.tl (§5.10)
def make_attention():
    rng = np.random.default_rng(510)
    save("attention_x.npy", rng.normal(0, 1.0, (4, 4)))  # X[p, d]: 4 positions, 4 features
    for name in ("wq", "wk", "wv"):
        save(f"attention_{name}.npy", rng.normal(0, 0.7, (2, 4)))  # W[dk, d], Dk = 2


# ------------------------------------------------------------------ transformer.tl (§5.11)
VOCABULARY = ["Alice", "loves", "Bob", "and", "not"]


def make_transformer():
    rng = np.random.default_rng(511)
    write_text("transformer_text.txt", "Alice loves Bob and Bob loves Alice\n")
    de, heads, dk, hidden, blocks = 4, 2, 2, 8, 2
    emb = rng.normal(0, 1.0, (len(VOCABULARY), de))
    write_table("transformer_emb.tsv", [(w, d, emb[t, d]) for t, w in enumerate(VOCABULARY) for d in range(de)])
    out = rng.normal(0, 1.0, (len(VOCABULARY), de))
    write_table("transformer_wo.tsv", [(w, d, out[t, d]) for t, w in enumerate(VOCABULARY) for d in range(de)])
    # Block weights have B + 1 slices, like the stream they share the index b with: Stream[b] is the
    # input of block b, and slice B (the output) is never used, so it is zero.
    def block_weights(*shape, scale):
        w = rng.normal(0, scale, (blocks + 1, *shape))
        w[blocks] = 0
        return w

    save("transformer_wq.npy", block_weights(heads, dk, de, scale=0.7))
    save("transformer_wk.npy", block_weights(heads, dk, de, scale=0.7))
    save("transformer_wv.npy", block_weights(heads, dk, de, scale=0.7))
    save("transformer_ws.npy", block_weights(de, heads * dk, scale=0.5))
    save("transformer_wp.npy", block_weights(hidden, de, scale=0.5))
    save("transformer_wp2.npy", block_weights(de, hidden, scale=0.5))


# ------------------------------------------------------------------ kernels.tl (§5.12)
# Versicolor (y = -1) against virginica (y = +1) by petal length and width in cm: examples 0..7 train
# the kernel machine, 8 and 9 (one of each class) are the queries, whose labels are unknown to the
# program (0). The dual coefficients A come from a kernel perceptron, one run per kernel.
def make_kernels():
    iris = shared_csv("iris.csv")
    chosen = [51, 58, 63, 74, 104, 110, 115, 136, 65, 140]
    x = iris[chosen][:, 2:4]
    y = np.where(iris[chosen, 4] == 2, 1.0, -1.0)
    save("kernels_x.npy", x)
    labels = y.copy()
    labels[8:] = 0
    save("kernels_y.npy", labels)

    def perceptron(gram):
        alpha = np.zeros(len(chosen))
        for _ in range(100):
            mistakes = 0
            for i in range(8):
                if y[i] * (alpha * labels) @ gram[:, i] <= 0:
                    alpha[i] += 1
                    mistakes += 1
            if mistakes == 0:
                break
        assert mistakes == 0
        assert (np.sign((alpha * labels) @ gram[:, 8:]) == y[8:]).all()
        return alpha

    save("kernels_a.npy", perceptron((x @ x.T) ** 2))
    save("kernels_ag.npy", perceptron(np.exp(-((x[:, None, :] - x[None, :, :]) ** 2).sum(axis=2) / 1.0)))


# ------------------------------------------------------------------ embedding.tl (§5.14)
PEOPLE = ["Alice", "Bob", "Charlie", "Diana", "Emma", "Frank", "Grace", "Henry"]


def make_embedding():
    rng = np.random.default_rng(5)
    dim = 32
    emb = rng.normal(0, 1.0, (len(PEOPLE), dim))
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)  # random unit vectors: nearly orthogonal
    # The embedded Aunt rule must deduce exactly the symbolic Aunt relation when thresholded at 1/2
    # (T = 0); check that this draw leaves a safe margin on both sides of the threshold.
    index = {p: x for x, p in enumerate(PEOPLE)}
    parent = np.zeros((len(PEOPLE), len(PEOPLE)))
    sister = np.zeros_like(parent)
    with open(os.path.join(HERE, "family.tsv"), encoding="utf-8") as f:
        for line in f:
            a, b = line.split()
            parent[index[a], index[b]] = 1
    parent[index["Bob"], index["Charlie"]] = 1
    sister[index["Diana"], index["Bob"]] = sister[index["Emma"], index["Charlie"]] = 1
    aunt = sister @ parent > 0
    score = emb @ (emb.T @ sister @ emb) @ (emb.T @ parent @ emb) @ emb.T
    margin = min(score[aunt].min() - 0.5, 0.5 - score[~aunt].max())
    assert margin > 0.1, margin
    write_table("embedding.tsv", [(p, d, emb[x, d]) for x, p in enumerate(PEOPLE) for d in range(dim)])


if __name__ == "__main__":
    make_mlp()
    make_rnn()
    make_cnn()
    make_gnn()
    make_attention()
    make_transformer()
    make_kernels()
    make_embedding()
