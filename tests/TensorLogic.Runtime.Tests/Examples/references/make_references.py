#!/usr/bin/python3
"""Expected answers of the programs in examples/, computed independently of TensorLogic.

Run with Debian's NumPy:  /usr/bin/python3 tests/TensorLogic.Runtime.Tests/Examples/references/make_references.py

Each example's mathematics is written out here directly in NumPy (matrix products, explicit loops, an
enumeration of every assignment for the Bayesian network), from the data files the examples read; the
Tensor Logic tool is never run. The answers are written as <example>.json: a list with one object per
query, in the program's order and in the shape of the tool's JSON Lines output (JsonAnswerWriter):
{"query", "shape", "data"} for a real query (row-major), {"query", "vars", "rows"} for a Boolean query
with variables (rows sorted), {"query", "value"} for a ground one. family.tl and perceptron.tl are
small enough to be checked by hand in ExampleTests.cs instead.
"""

import itertools
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
DATA = os.path.join(ROOT, "examples", "data")


# ------------------------------------------------------------------ helpers

def npy(name):
    return np.load(os.path.join(DATA, name))


def read_lines(name):
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        return [line.split() for line in f if line.strip()]


def table(name, keys):
    """A .tsv of (key, column, value) lines as a matrix whose rows follow `keys`."""
    rows = read_lines(name)
    columns = 1 + max(int(r[1]) for r in rows)
    result = np.zeros((len(keys), columns))
    for key, column, value in rows:
        result[keys.index(key), int(column)] = float(value)
    return result


def first_appearance(*sequences):
    """Symbols numbered in order of first appearance, as Tensor Logic numbers a domain's symbols."""
    order = []
    for sequence in sequences:
        for item in sequence:
            if item not in order:
                order.append(item)
    return order


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def relu(x):
    return np.maximum(x, 0)


def softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def lnorm(x, axis=-1):
    mean = x.mean(axis=axis, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=axis, keepdims=True)
    return (x - mean) / np.sqrt(var + 1e-5)


def tensor(query, value):
    value = np.asarray(value, dtype=np.float64)
    return {"query": query, "shape": list(value.shape), "data": [float(v) for v in value.ravel()]}


def rows(query, variables, tuples):
    return {"query": query, "vars": variables, "rows": sorted(list(t) for t in set(tuples))}


def truth(query, value):
    return {"query": query, "value": bool(value)}


# ------------------------------------------------------------------ the examples

def mlp():
    w = npy("mlp_w.npy")

    def network(x):
        x = x.copy()
        for layer in range(1, x.shape[0]):
            x[layer] = sigmoid(w[layer] @ x[layer - 1])
        return x

    single = network(npy("mlp_x.npy"))
    batch = np.stack([network(x) for x in npy("mlp_batch.npy")])
    return [tensor("X[2, j]?", single[2]), tensor("XB[n, 2, j]?", batch[:, 2, :])]


def rnn():
    w, v, u = npy("rnn_w.npy"), npy("rnn_v.npy"), npy("rnn_u.npy")
    steps = u.shape[1]
    state = np.zeros(w.shape[0])
    history = np.zeros((w.shape[0], steps))
    for t in range(steps):
        state = sigmoid(w @ state + v @ u[:, t])
        history[:, t] = state
    return [tensor("X?", state), tensor("H?", history)]


def cnn():
    image, kernel = npy("cnn_image.npy"), npy("cnn_filter.npy")
    size, width = image.shape[0], kernel.shape[0]
    padded = np.zeros((size + width - 1, size + width - 1, image.shape[2]))
    padded[:size, :size] = image
    pre = np.zeros((size, size))
    for x in range(size):
        for y in range(size):
            pre[x, y] = (kernel * padded[x:x + width, y:y + width]).sum()
    features = relu(pre)
    blocks = features.reshape(size // 2, 2, size // 2, 2)
    combined = relu(pre.reshape(size // 2, 2, size // 2, 2).sum(axis=(1, 3)))
    return [
        tensor("Features?", features),
        tensor("Pooled?", blocks.sum(axis=(1, 3))),
        tensor("MaxPooled?", blocks.max(axis=(1, 3))),
        tensor("Combined?", combined),
    ]


def gnn():
    x, wp, wout = npy("gnn_x.npy"), npy("gnn_wp.npy"), npy("gnn_wout.npy")
    adjacency = np.zeros((x.shape[0], x.shape[0]))
    for a, b in read_lines("gnn_edges.tsv"):
        adjacency[int(a), int(b)] = 1
    emb = x
    for layer in range(2):
        z = relu(emb @ wp[layer].T)
        emb = relu(0.5 * (adjacency @ z) + 0.8 * emb)
    return [
        tensor("Y?", sigmoid(emb @ wout)),
        tensor("YEdge?", sigmoid(emb @ emb.T)),
        tensor("YGraph?", sigmoid((emb @ wout).sum())),
    ]


def attention():
    x = npy("attention_x.npy")
    query, key, value = (x @ npy(f"attention_{w}.npy").T for w in ("wq", "wk", "wv"))
    comp = softmax(query @ key.T / np.sqrt(2), axis=1)
    return [tensor("Comp?", comp), tensor("Attn?", comp @ value)]


def transformer():
    words = read_lines("transformer_text.txt")[0]
    vocabulary = first_appearance(words, [r[0] for r in read_lines("transformer_emb.tsv")])
    emb, out = table("transformer_emb.tsv", vocabulary), table("transformer_wo.tsv", vocabulary)
    wq, wk, wv = npy("transformer_wq.npy"), npy("transformer_wk.npy"), npy("transformer_wv.npy")
    ws, wp, wp2 = npy("transformer_ws.npy"), npy("transformer_wp.npy"), npy("transformer_wp2.npy")
    blocks, de, dk, base = 2, 4, 2, 10000.0
    positions = len(words)

    onehot = np.zeros((positions, len(vocabulary)))
    for p, word in enumerate(words):
        onehot[p, vocabulary.index(word)] = 1
    posenc = np.zeros((positions, de))
    for p in range(positions):
        for d in range(de):
            posenc[p, d] = np.sin(p / base ** (d / de)) if d % 2 == 0 else np.cos(p / base ** ((d - 1) / de))
    stream = onehot @ emb + posenc

    causal = np.tril(np.ones((positions, positions), dtype=bool))  # [p, p']: p' <= p
    first_comp = None
    for b in range(blocks):
        heads = []
        for h in range(wq.shape[1]):
            q, k, v = stream @ wq[b, h].T, stream @ wk[b, h].T, stream @ wv[b, h].T
            scores = np.where(causal, q @ k.T / np.sqrt(dk), -np.inf)
            comp = softmax(scores, axis=1)
            if b == 0 and h == 0:
                first_comp = comp
            heads.append(comp @ v)
        merge = np.concatenate(heads, axis=1)  # dm = h*|dv| + dv
        resid = lnorm(merge @ ws[b].T + stream)
        hidden = relu(resid @ wp[b].T)
        stream = lnorm(hidden @ wp2[b].T + resid)
    y = softmax(stream @ out.T, axis=1)
    return [
        rows("Before(p', 2)?", ["p'"], [(p,) for p in range(positions) if p <= 2]),
        tensor("Comp[0, 0, 2, p']?", first_comp[2]),
        tensor("Y?", y),
    ]


def kernels():
    x, y, a, ag = npy("kernels_x.npy"), npy("kernels_y.npy"), npy("kernels_a.npy"), npy("kernels_ag.npy")
    poly = (x @ x.T) ** 2
    gauss = np.exp(-((x[:, None, :] - x[None, :, :]) ** 2).sum(axis=2) / 1.0)
    predicted = y.copy()
    for q in (8, 9):
        predicted[q] = sigmoid((a * y * poly[q]).sum() + 0)
    return [
        tensor("K?", poly),
        tensor("KG?", gauss),
        tensor("Y?", predicted),
        tensor("YG[Q1]?", sigmoid((ag * y * gauss[8]).sum() + 0)),
        tensor("YG[Q2]?", sigmoid((ag * y * gauss[9]).sum() + 0)),
    ]


def bayes():
    """Every assignment of the four variables enumerated, with its probability as the product of the CPTs."""
    cloudy = [0.5, 0.5]
    sprinkler = {0: [0.5, 0.5], 1: [0.9, 0.1]}
    rain = {0: [0.8, 0.2], 1: [0.2, 0.8]}
    wet = {(0, 0): [1.0, 0.0], (0, 1): [0.1, 0.9], (1, 0): [0.1, 0.9], (1, 1): [0.01, 0.99]}
    joint = {}
    for c, s, r, w in itertools.product((0, 1), repeat=4):
        joint[c, s, r, w] = cloudy[c] * sprinkler[c][s] * rain[c][r] * wet[s, r][w]

    def probability(**fixed):
        names = "csrw"
        return sum(p for values, p in joint.items() if all(values[names.index(k)] == v for k, v in fixed.items()))

    return [
        tensor("Z?", probability()),
        tensor("PRain?", [probability(r=r) for r in (0, 1)]),
        tensor("PSprinkler?", [probability(s=s) for s in (0, 1)]),
        tensor("PWet?", [probability(w=w) for w in (0, 1)]),
        tensor("ZE?", probability(w=1)),
        tensor("PRainGivenWet?", [probability(r=r, w=1) / probability(w=1) for r in (0, 1)]),
        tensor("PCloudyGivenWetNoSprinkler?", [probability(c=c, w=1, s=0) / probability(w=1, s=0) for c in (0, 1)]),
    ]


def embedding():
    people = first_appearance([r[0] for r in read_lines("embedding.tsv")])
    emb = table("embedding.tsv", people)
    parent_pairs = sorted({tuple(r) for r in read_lines("family.tsv")} | {("Bob", "Charlie")})  # a set of tuples
    sister_pairs = [("Diana", "Bob"), ("Emma", "Charlie")]
    index = {p: i for i, p in enumerate(people)}

    def embed(pairs):
        return sum(np.outer(emb[index[a]], emb[index[b]]) for a, b in pairs)

    aunt_pairs = {(x, z) for x, y in sister_pairs for y2, z in parent_pairs if y == y2}
    score = emb @ (embed(sister_pairs) @ embed(parent_pairs)) @ emb.T
    deduced = (score - 0.5 > 0).astype(float)
    members = sum(emb[index[p]] for p in ("Bob", "Charlie", "Emma"))
    return [
        rows("Aunt(x, z)?", ["x", "z"], aunt_pairs),
        rows("AuntFromEmbedding(x, z)?", ["x", "z"], [(people[i], people[j]) for i, j in zip(*np.nonzero(deduced))]),
        tensor("Score?", score),
        tensor("Deduced?", deduced),
        tensor("Soft?", sigmoid((score - 0.5) / 0.1)),
        tensor("InSet?", emb @ members),
    ]


def classifier():
    """Two instances of stdlib/std/nn.tl, with the weights classifier.tl gives them: net on the points, head on
    net's hidden layer. Each is relu(x W1^T + b1), then softmax(h W2^T + b2) over the classes."""
    points = np.array([[1, 2], [-1, 0.5], [0, -1]])

    def network(x, w1, b1, w2, b2):
        hidden = relu(x @ np.array(w1).T + np.array(b1))
        return hidden, softmax(hidden @ np.array(w2).T + np.array(b2), axis=1)

    hidden, probs = network(points, [[0.5, -1], [1, 1], [-0.5, 0.25]], [0, -1, 0.5], [[1, -1, 0.5], [-0.5, 1, 1]], [0.1, -0.1])
    _, head = network(hidden, [[1, 0, -1], [0.5, 0.5, 0.5]], [0, -0.5], [[1, -1], [0, 2], [-1, 0.5]], [0, 0, 0.2])
    return [
        tensor("net.H[n, h]?", hidden),
        tensor("net.Probs[n, o]?", probs),
        tensor("head.Probs[n, o]?", head),
    ]


EXAMPLES = {
    "classifier": classifier,
    "mlp": mlp,
    "rnn": rnn,
    "cnn": cnn,
    "gnn": gnn,
    "attention": attention,
    "transformer": transformer,
    "kernels": kernels,
    "bayes": bayes,
    "embedding": embedding,
}

if __name__ == "__main__":
    for name, compute in EXAMPLES.items():
        with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8", newline="\n") as f:
            f.write("[\n" + ",\n".join(json.dumps(answer) for answer in compute()) + "\n]\n")
