#!/usr/bin/python3
"""Writes the fixtures of tests/TensorLogic.Runtime.Tests/Stdlib/StdlibFixtureTests.cs.

For each module of stdlib/std/ tested here it writes, into tests/TensorLogic.Runtime.Tests/Stdlib/fixtures/<module>/:

  program.tl    a program that imports the module, reads its data from the files beside it, and asks queries;
  <name>.npy    each array the program reads;
  answers.json  the answer to each query, in program order, in the shape of tlc's JSON Lines output
                ({"query", "shape", "data"} for a real tensor, {"query", "vars", "rows"} for a relation).

The answers come from an implementation that shares nothing with TensorLogic: PyTorch's own layers
(nn.MultiheadAttention, nn.RNN, nn.GRU, nn.LSTM, F.conv2d, pooling), NumPy for the kernel machines and
Tucker decomposition, and enumeration of every assignment for the graphical models. The tests read the
files and never call Python. Everything is float64 and drawn from fixed seeds, so running this again
rewrites identical files.

It also writes the data of the examples that import the newer modules (examples/gpt.tl, grid.tl, svm.tl,
edges.tl, sequence.tl, graphnet.tl, aunts.tl, invention.tl,
diagnosis.tl) into examples/data/, and their expected answers, with those of examples/asia.tl (the
asia Bayesian network, by enumeration), into tests/TensorLogic.Runtime.Tests/Examples/references/, the files
ExampleTests reads (make_references.py writes those of the other examples).

Run with Debian's python3-torch and python3-numpy:
    /usr/bin/python3 tools/make_stdlib_fixtures.py
"""
import itertools
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "tests", "TensorLogic.Runtime.Tests", "Stdlib", "fixtures")

HEADER = """// Written by tools/make_stdlib_fixtures.py; run it again rather than editing this file.
// StdlibFixtureTests compares each answer with answers.json, computed by {reference}.
"""


def write_fixture(module, reference, program, arrays, answers):
    """Writes program.tl, each array as <name>.npy, and the expected answers."""
    folder = os.path.join(FIXTURES, module)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "program.tl"), "w") as f:
        f.write(HEADER.format(reference=reference) + "\n" + program)
    for name, array in arrays.items():
        np.save(os.path.join(folder, name + ".npy"), np.asarray(array, dtype=np.float64))
    with open(os.path.join(folder, "answers.json"), "w") as f:
        json.dump(answers, f, indent=1)
        f.write("\n")
    print(f"{module}: {len(answers)} answers")


def tensor(query, value):
    value = np.asarray(value, dtype=np.float64)
    return {"query": query, "shape": list(value.shape), "data": [float(v) for v in value.ravel()]}


def relation(query, rows):
    arity = len(rows[0]) if rows else 0
    return {"query": query, "vars": [f"${k}" for k in range(arity)], "rows": sorted([list(r) for r in rows])}


def facts(name, rows):
    return ". ".join(f"{name}({', '.join(str(v) for v in row)})" for row in rows)


def data_lines(instance, names):
    return "\n".join(f'{instance}.{name} = "{name.lower()}.npy"' for name in names)


# -------------------------------------------------------------------------------------- transformer

def transformer():
    vocab, dm, heads, dk, dff, blocks, length = 7, 8, 2, 4, 12, 2, 6
    rng = np.random.default_rng(11)
    text = rng.integers(vocab, size=length)
    weights = {
        "Emb": rng.normal(size=(vocab, dm)),
        "WQ": rng.normal(size=(blocks, heads, dk, dm)) / np.sqrt(dm),
        "WK": rng.normal(size=(blocks, heads, dk, dm)) / np.sqrt(dm),
        "WV": rng.normal(size=(blocks, heads, dk, dm)) / np.sqrt(dm),
        "WS": rng.normal(size=(blocks, dm, dm)) / np.sqrt(dm),
        "WP": rng.normal(size=(blocks, dff, dm)) / np.sqrt(dm),
        "WP2": rng.normal(size=(blocks, dm, dff)) / np.sqrt(dff),
        "WOut": rng.normal(size=(vocab, dm)) / np.sqrt(dm),
    }
    w = {name: torch.tensor(array) for name, array in weights.items()}

    # The sinusoidal encoding of "Attention is all you need", with base 10000.
    position = np.arange(length)[:, None]
    pair = np.arange(dm)[None, :] // 2 * 2
    angle = position / 10000 ** (pair / dm)
    encoding = np.where(np.arange(dm) % 2 == 0, np.sin(angle), np.cos(angle))

    x = w["Emb"][torch.tensor(text)] + torch.tensor(encoding)
    x = x.unsqueeze(0)
    # True above the diagonal: position p may not attend to p' > p.
    mask = torch.triu(torch.ones(length, length, dtype=torch.bool), diagonal=1)
    comps = []
    for b in range(blocks):
        attention = torch.nn.MultiheadAttention(dm, heads, bias=False, batch_first=True).double()
        with torch.no_grad():
            attention.in_proj_weight.copy_(torch.cat([w[n][b].reshape(heads * dk, dm) for n in ("WQ", "WK", "WV")]))
            attention.out_proj.weight.copy_(w["WS"][b])
        attended, comp = attention(x, x, x, attn_mask=mask, need_weights=True, average_attn_weights=False)
        comps.append(comp[0])
        resid = F.layer_norm(attended + x, (dm,))
        hidden = torch.relu(resid @ w["WP"][b].T)
        x = F.layer_norm(hidden @ w["WP2"][b].T + resid, (dm,))
    logits = (x[0] @ w["WOut"].T).detach().numpy()
    probs = torch.softmax(torch.tensor(logits), dim=-1).numpy()

    program = f"""import "std/transformer.tl" as gpt with Tokens=Text, Vocab={vocab}, Dm={dm}, Heads={heads}, Dk={dk}, Dff={dff}, Blocks={blocks}

{facts("Text", enumerate(text))}
{data_lines("gpt", weights)}

gpt.Comp[1, h, p, p']?
gpt.Logits?
gpt.Probs?
"""
    answers = [
        tensor("gpt.Comp[1, h, p, p']?", comps[1].detach().numpy()),
        tensor("gpt.Logits?", logits),
        tensor("gpt.Probs?", probs),
    ]
    write_fixture("transformer", "torch.nn.MultiheadAttention and F.layer_norm", program,
                  {name.lower(): array for name, array in weights.items()}, answers)


# ---------------------------------------------------------------------------------------------- rnn

def rnn():
    units, inputs, steps = 4, 3, 5
    rng = np.random.default_rng(12)
    u = rng.normal(size=(inputs, steps))
    sequence = torch.tensor(u.T).unsqueeze(1)   # PyTorch's layout: (time, batch, features)

    simple = torch.nn.RNN(inputs, units, bias=False).double()
    gru = torch.nn.GRU(inputs, units, bias=False).double()
    lstm = torch.nn.LSTM(inputs, units, bias=False).double()
    with torch.no_grad():
        for cell in (simple, gru, lstm):
            for weight in cell.parameters():
                weight.copy_(torch.tensor(rng.normal(size=weight.shape)))
        h = simple(sequence)[0][:, 0, :].T.numpy()
        gru_h = gru(sequence)[0][:, 0, :].T.numpy()
        lstm_h = lstm(sequence)[0][:, 0, :].T.numpy()

    # PyTorch stacks the gates' rows: GRU (reset, update, new), LSTM (input, forget, cell, output).
    arrays = {
        "w": simple.weight_hh_l0.detach().numpy(),
        "v": simple.weight_ih_l0.detach().numpy(),
        "gw": gru.weight_ih_l0.detach().numpy().reshape(3, units, inputs),
        "gu": gru.weight_hh_l0.detach().numpy().reshape(3, units, units),
        "lw": lstm.weight_ih_l0.detach().numpy().reshape(4, units, inputs),
        "lu": lstm.weight_hh_l0.detach().numpy().reshape(4, units, units),
        "u": u,
    }
    program = f"""import "std/rnn.tl" as seq with U=Inputs, In={inputs}, Units={units}

Inputs = "u.npy"
{data_lines("seq", ["W", "V", "GW", "GU", "LW", "LU"])}

seq.H?
seq.Last?
seq.GruH?
seq.LstmH?
"""
    answers = [
        tensor("seq.H?", h),
        tensor("seq.Last?", h[:, -1]),
        tensor("seq.GruH?", gru_h),
        tensor("seq.LstmH?", lstm_h),
    ]
    write_fixture("rnn", "torch.nn.RNN, torch.nn.GRU and torch.nn.LSTM", program, arrays, answers)


# ---------------------------------------------------------------------------------------------- cnn

def cnn():
    channels, filters, size, pad, stride, pool = 2, 3, 3, 1, 2, 2
    height, width = 7, 12
    rng = np.random.default_rng(13)
    image = rng.normal(size=(channels, height, width))
    weights = {"filter": rng.normal(size=(filters, channels, size, size)), "bias": rng.normal(size=filters)}

    conv = F.conv2d(torch.tensor(image).unsqueeze(0), torch.tensor(weights["filter"]), torch.tensor(weights["bias"]),
                    stride=stride, padding=pad)
    features = torch.relu(conv)
    rows, cols = conv.shape[2], conv.shape[3]
    assert rows % pool == 0 and cols % pool == 0, "PyTorch drops a partial block; the module pools it"

    program = f"""import "std/cnn.tl" as layer with Image=Picture, Channels={channels}, Filters={filters}, Size={size}, Pad={pad}, Stride={stride}, Rows={rows}, Cols={cols}, Pool={pool}

Picture = "image.npy"
layer.Filter = "filter.npy"
layer.Bias = "bias.npy"

layer.Conv?
layer.MaxPool?
layer.AvgPool?
"""
    answers = [
        tensor("layer.Conv?", conv[0].numpy()),
        tensor("layer.MaxPool?", F.max_pool2d(features, pool)[0].numpy()),
        tensor("layer.AvgPool?", F.avg_pool2d(features, pool)[0].numpy()),
    ]
    write_fixture("cnn", "F.conv2d, F.max_pool2d and F.avg_pool2d", program, {"image": image, **weights}, answers)


# ---------------------------------------------------------------------------------------------- gnn

def gnn():
    dim, layers, nodes = 3, 2, 6
    edges = [(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 5)]
    rng = np.random.default_rng(14)
    x = rng.normal(size=(nodes, dim))
    weights = {name: rng.normal(size=(layers, dim, dim)) / np.sqrt(dim) for name in ("WP", "WAgg", "WSelf")}
    weights["WOut"] = rng.normal(size=dim)
    w = {name: torch.tensor(array) for name, array in weights.items()}

    # Dense message passing: the adjacency matrix times the messages sums them over the neighbours.
    adjacency = torch.zeros(nodes, nodes)
    for a, b in edges:
        adjacency[a, b] = adjacency[b, a] = 1
    emb = torch.tensor(x)
    for l in range(layers):
        messages = torch.relu(emb @ w["WP"][l].T)
        emb = torch.relu(adjacency @ messages @ w["WAgg"][l].T + emb @ w["WSelf"][l].T)
    neighbours = [(a, b) for a, b in edges] + [(b, a) for a, b in edges]

    program = f"""import "std/gnn.tl" as net with Neig=Link, X=Features, Dim={dim}, Layers={layers}

{facts("Link", neighbours)}
Features = "x.npy"
{data_lines("net", weights)}

net.Final?
net.Node?
net.Edge?
net.Graph?
"""
    answers = [
        tensor("net.Final?", emb.numpy()),
        tensor("net.Node?", torch.sigmoid(emb @ w["WOut"]).numpy()),
        tensor("net.Edge?", torch.sigmoid(emb @ emb.T).numpy()),
        tensor("net.Graph?", torch.sigmoid(emb.sum(0) @ w["WOut"]).numpy()),
    ]
    write_fixture("gnn", "dense message passing in PyTorch (adjacency matrix products)", program,
                  {"x": x, **{name.lower(): array for name, array in weights.items()}}, answers)


# ------------------------------------------------------------------------------------------ kernels

def kernels():
    examples, queries, features, degree, variance, bias = 8, 3, 2, 3, 0.5, -0.25
    rng = np.random.default_rng(15)
    x = rng.normal(size=(examples, features))
    y = np.where(rng.random(examples) < 0.5, -1.0, 1.0)
    alpha = np.where(rng.random(examples) < 0.6, rng.random(examples), 0.0)
    q = rng.normal(size=(queries, features))

    def poly(a, b):
        return (a @ b.T) ** degree

    def gauss(a, b):
        squared = ((a[:, None, :] - b[None, :, :]) ** 2).sum(-1)
        return np.exp(-squared / variance)

    def sigmoid(v):
        return 1 / (1 + np.exp(-v))

    poly_score = poly(q, x) @ (alpha * y) + bias
    gauss_score = gauss(q, x) @ (alpha * y) + bias
    program = f"""import "std/kernels.tl" as svm with X=Train, Y=Labels, Alpha=Dual, Q=Tests, Degree={degree}, Var={variance}, Bias={bias}

Train = "x.npy"
Labels = "y.npy"
Dual = "alpha.npy"
Tests = "q.npy"

svm.Poly?
svm.GaussGram?
svm.PolyScore?
svm.GaussScore?
svm.PolyPredict?
svm.GaussPredict?
"""
    answers = [
        tensor("svm.Poly?", poly(q, x)),
        tensor("svm.GaussGram?", gauss(x, x)),
        tensor("svm.PolyScore?", poly_score),
        tensor("svm.GaussScore?", gauss_score),
        tensor("svm.PolyPredict?", sigmoid(poly_score)),
        tensor("svm.GaussPredict?", sigmoid(gauss_score)),
    ]
    write_fixture("kernels", "NumPy", program, {"x": x, "y": y, "alpha": alpha, "q": q}, answers)


# ---------------------------------------------------------------------------------------------- pgm

def enumerate_marginals(unary, pair, edges):
    """P(v = x) for every v and x, by summing the unnormalized probability of every assignment."""
    variables, states = unary.shape
    marginals = np.zeros((variables, states))
    for assignment in itertools.product(range(states), repeat=variables):
        weight = np.prod([unary[v, x] for v, x in enumerate(assignment)])
        weight *= np.prod([pair[a, b, assignment[a], assignment[b]] for a, b in edges])
        for v, x in enumerate(assignment):
            marginals[v, x] += weight
    return marginals / marginals.sum(1, keepdims=True)


def belief_propagation(unary, pair, edges, iterations):
    """Synchronous sum-product message passing, every message normalized, from uniform messages."""
    variables, states = unary.shape
    directed = edges + [(b, a) for a, b in edges]
    message = {edge: np.ones(states) / states for edge in directed}
    for _ in range(iterations):
        incoming = {v: np.prod([message[(u, w)] for u, w in directed if w == v], axis=0) for v in range(variables)}
        message = {(a, b): normalized(pair[a, b].T @ (unary[a] * incoming[a] / message[(b, a)])) for a, b in directed}
    beliefs = np.array([unary[v] * np.prod([message[(u, w)] for u, w in directed if w == v], axis=0) for v in range(variables)])
    return beliefs / beliefs.sum(1, keepdims=True)


def normalized(vector):
    return vector / vector.sum()


def pairwise_field(rng, variables, states, edges, coupling):
    unary = rng.uniform(0.5, 2, size=(variables, states))
    pair = np.zeros((variables, variables, states, states))
    for a, b in edges:
        potential = np.exp(coupling * rng.normal(size=(states, states)))
        pair[a, b], pair[b, a] = potential, potential.T
    return unary, pair


def pgm_program(instance_args, edges):
    neighbours = edges + [(b, a) for a, b in edges]
    return f"""import "std/pgm.tl" as bp with {instance_args}

{facts("Link", neighbours)}
Field = "unary.npy"
Coupling = "pair.npy"

bp.Belief?
"""


def pgm():
    # A tree: belief propagation is exact, so the answers are the marginals found by enumeration. The
    # evidence "variable 4 is not in state 0" is a potential of 0 on that state.
    rng = np.random.default_rng(16)
    edges = [(0, 1), (0, 2), (1, 3), (1, 4), (2, 5), (5, 6)]
    unary, pair = pairwise_field(rng, 7, 3, edges, coupling=1.0)
    unary[4, 0] = 0
    marginals = enumerate_marginals(unary, pair, edges)
    write_fixture("pgm-tree", "enumeration of every assignment", pgm_program("Edge=Link, Unary=Field, Pair=Coupling", edges),
                  {"unary": unary, "pair": pair}, [tensor("bp.Belief?", marginals)])

    # A 3 x 3 grid, whose loops make belief propagation approximate: the answers are those of the same
    # algorithm in NumPy, and exact.npy holds the marginals by enumeration, which they approach.
    rng = np.random.default_rng(17)
    grid = [(r * 3 + c, r * 3 + c + 1) for r in range(3) for c in range(2)] + [(r * 3 + c, r * 3 + c + 3) for r in range(2) for c in range(3)]
    unary, pair = pairwise_field(rng, 9, 2, grid, coupling=0.5)
    # pgm.tl's default 30 rounds: round 0's messages are uniform, so its beliefs follow 29 updates.
    beliefs = belief_propagation(unary, pair, grid, iterations=29)
    exact = enumerate_marginals(unary, pair, grid)
    print(f"pgm-grid: loopy beliefs within {np.abs(beliefs - exact).max():.3g} of the exact marginals")
    write_fixture("pgm-grid", "sum-product belief propagation in NumPy", pgm_program("Edge=Link, Unary=Field, Pair=Coupling", grid),
                  {"unary": unary, "pair": pair, "exact": exact}, [tensor("bp.Belief?", beliefs)])


# -------------------------------------------------------------------------------------------- embed

def embed():
    objects, dimensions = 10, 256
    rng = np.random.default_rng(18)
    vectors = rng.normal(size=(objects, dimensions))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    r = sorted({(int(a), int(b)) for a, b in rng.integers(objects, size=(6, 2))})
    s = sorted({(int(a), int(b)) for a, b in rng.integers(objects, size=(6, 2))})
    members = sorted({int(a) for a in rng.integers(objects, size=4)})

    # The symbolic answers, by brute force: the rule's join, and membership.
    derived = sorted({(x, z) for x, y in r for y2, z in s if y == y2})
    head = np.zeros((objects, objects))
    for x, z in derived:
        head[x, z] = 1
    in_set = np.array([1.0 if x in members else 0.0 for x in range(objects)])

    # The scores in NumPy; at T = 0 the readings must be the symbolic answers, so the draw needs a margin.
    emb_r = sum(np.outer(vectors[a], vectors[b]) for a, b in r)
    emb_s = sum(np.outer(vectors[a], vectors[b]) for a, b in s)
    head_score = vectors @ emb_r @ emb_s @ vectors.T
    set_score = vectors @ vectors[members].sum(0)
    margin = min(np.abs(head_score - 0.5).min(), np.abs(set_score - 0.5).min())
    assert margin > 0.1, f"embed: a score is {margin:.3g} from the threshold; choose another seed"
    assert derived, "embed: the rule derives nothing; choose another seed"

    program = f"""import "std/embed.tl" as exact with Emb=Vectors, R=Rel, S=Next, Set=Member, T=0
import "std/embed.tl" as soft with Emb=Vectors, R=Rel, S=Next, Set=Member, T=0.2

Vectors = "vectors.npy"
{facts("Rel", r)}
{facts("Next", s)}
{facts("Member", [(m,) for m in members])}

exact.HeadScore?
exact.Head?
exact.Derived(x, z)?
exact.InSet?
soft.Head?
soft.InSet?
"""
    answers = [
        tensor("exact.HeadScore?", head_score),
        tensor("exact.Head?", head),
        relation("exact.Derived(x, z)?", derived),
        tensor("exact.InSet?", in_set),
        tensor("soft.Head?", 1 / (1 + np.exp(-(head_score - 0.5) / 0.2))),
        tensor("soft.InSet?", 1 / (1 + np.exp(-(set_score - 0.5) / 0.2))),
    ]
    answers[2]["vars"] = ["x", "z"]
    write_fixture("embed", "brute-force deduction (T = 0) and NumPy (T > 0)", program, {"vectors": vectors}, answers)
    print(f"embed: margin {margin:.3g} around the threshold")


# ------------------------------------------------------------------------------------------- tucker

def tucker():
    sizes, ranks = (5, 4, 3), (2, 3, 2)
    rng = np.random.default_rng(19)
    a = rng.normal(size=sizes)
    factors = {"m": rng.uniform(0, 1, size=(sizes[0], ranks[0])), "m'": rng.uniform(0, 1, size=(sizes[1], ranks[1])),
               "m''": rng.uniform(0, 1, size=(sizes[2], ranks[2])), "c": rng.normal(size=ranks)}
    recon = np.einsum("ip,jq,kr,pqr->ijk", factors["m"], factors["m'"], factors["m''"], factors["c"])
    loss = ((recon - a) ** 2).mean()
    program = f"""import "std/tucker.tl" as t with A=Data, I={sizes[0]}, J={sizes[1]}, K={sizes[2]}, Rank1={ranks[0]}, Rank2={ranks[1]}, Rank3={ranks[2]}

Data = "a.npy"
t.M = "m.npy"
t.M' = "m1.npy"
t.M'' = "m2.npy"
t.C = "c.npy"

t.Recon?
t.Loss?
t.RelativeError?
t.Invented(i, p)?
t.Invented''(k, r)?
"""
    answers = [
        tensor("t.Recon?", recon),
        tensor("t.Loss?", loss),
        tensor("t.RelativeError?", loss / (a ** 2).mean()),
        relation("t.Invented(i, p)?", [tuple(ip) for ip in np.argwhere(factors["m"] > 0.5).tolist()]),
        relation("t.Invented''(k, r)?", [tuple(kr) for kr in np.argwhere(factors["m''"] > 0.5).tolist()]),
    ]
    answers[3]["vars"], answers[4]["vars"] = ["i", "p"], ["k", "r"]
    arrays = {"a": a, "m": factors["m"], "m1": factors["m'"], "m2": factors["m''"], "c": factors["c"]}
    write_fixture("tucker", "np.einsum", program, arrays, answers)


# ----------------------------------------------------------------------------------------- jointree

ASIA = "asia", "smoke", "tub", "lung", "bronc", "either", "xray", "dysp"


def asia_factors():
    """The asia network's tables (as examples/asia.tl writes them), each with its variables' positions."""
    return [
        ((0,), np.array([0.99, 0.01])), ((1,), np.array([0.5, 0.5])),
        ((0, 2), np.array([[0.99, 0.01], [0.95, 0.05]])), ((1, 3), np.array([[0.99, 0.01], [0.9, 0.1]])),
        ((1, 4), np.array([[0.7, 0.3], [0.4, 0.6]])),
        ((2, 3, 5), np.array([[[1, 0], [0, 1]], [[0, 1], [0, 1]]], dtype=float)),
        ((5, 6), np.array([[0.95, 0.05], [0.02, 0.98]])),
        ((4, 5, 7), np.array([[[0.9, 0.1], [0.3, 0.7]], [[0.2, 0.8], [0.1, 0.9]]])),
    ]


def asia_join_tree():
    """The asia network's usual join tree as std/jointree.tl takes it, and its answers by enumeration."""
    # Cliques (variables by position in ASIA) and parents: {l, e, b} is the root, {t, l, e} and {s, l, b}
    # and {e, b, d} its children, {a, t} below {t, l, e}, {e, x} below {e, b, d}.
    cliques = [(3, 5, 4), (2, 3, 5), (0, 2), (1, 3, 4), (5, 4, 7), (5, 6)]
    parent = {1: 0, 2: 1, 3: 0, 4: 0, 5: 4}
    home = [2, 3, 2, 3, 3, 1, 5, 4]  # the clique each table goes to, in the order of asia_factors()
    evidence = {6: 1, 7: 1}  # a positive X-ray and dyspnoea, as in examples/asia.tl
    states = 8
    assignments = [list(itertools.product((0, 1), repeat=len(c))) for c in cliques]

    def potentials(seen):
        phi = np.zeros((len(cliques), states))
        for c, clique in enumerate(cliques):
            for s, values in enumerate(assignments[c]):
                value = dict(zip(clique, values))
                phi[c, s] = np.prod([table[tuple(value[v] for v in variables)]
                                     for (variables, table), h in zip(asia_factors(), home) if h == c] or [1.0])
                phi[c, s] *= all(value[v] == x for v, x in seen.items() if v in value)
        return phi

    agree = np.zeros((len(cliques), len(cliques), states, states))
    member = np.zeros((len(cliques), states, len(ASIA), 2))
    for c, clique in enumerate(cliques):
        for s, values in enumerate(assignments[c]):
            for v, x in zip(clique, values):
                member[c, s, v, x] = 1
            if c in parent:
                p = parent[c]
                for s2, values2 in enumerate(assignments[p]):
                    mine, theirs = dict(zip(clique, values)), dict(zip(cliques[p], values2))
                    agree[c, p, s, s2] = all(mine[v] == theirs[v] for v in mine if v in theirs)
    draw = np.random.default_rng(22).uniform(size=(len(cliques), states))

    # Enumeration: the joint of every assignment, with and without the evidence.
    joint = {}
    for values in itertools.product((0, 1), repeat=len(ASIA)):
        joint[values] = np.prod([table[tuple(values[v] for v in variables)] for variables, table in asia_factors()])
    consistent = lambda values, fixed: all(values[v] == x for v, x in fixed.items())
    z = lambda fixed: sum(p for values, p in joint.items() if consistent(values, fixed))

    def marginals(fixed):
        # An observed variable keeps its value: the other one has probability 0, not a new observation.
        joint_with = lambda v, x: 0.0 if fixed.get(v, x) != x else z({**fixed, v: x})
        return np.array([[joint_with(v, x) for x in (0, 1)] for v in range(len(ASIA))]) / z(fixed)

    # The sample: cliques from the root down, each state scored by the log of its probability given
    # everything sampled so far (by enumeration) plus the same Gumbel noise, the largest kept.
    fixed, gaps = dict(evidence), []
    for c in (0, 1, 3, 4, 2, 5):
        scores = np.full(states, -np.inf)
        for s, values in enumerate(assignments[c]):
            p = z({**fixed, **dict(zip(cliques[c], values))})
            if p > 0:
                scores[s] = np.log(p) - np.log(-np.log(draw[c, s]))
        ranked = np.sort(scores[np.isfinite(scores)])
        gaps.append(ranked[-1] - ranked[-2] if len(ranked) > 1 else np.inf)
        fixed.update(zip(cliques[c], assignments[c][int(np.argmax(scores))]))
    assert min(gaps) > 1e-3, "jointree: two sampled states score alike; choose another seed"
    sample = np.zeros((len(ASIA), 2))
    for v, x in fixed.items():
        sample[v, x] = 1

    arrays = {"phi": potentials({}), "phi_seen": potentials(evidence), "agree": agree, "member": member, "draw": draw}
    reference = {"z": z({}), "z_seen": z(evidence), "prior": marginals({}), "seen": marginals(evidence), "sample": sample}
    return parent, arrays, reference


def jointree():
    """std/jointree.tl on the asia network: its usual join tree, against enumeration of all 256 assignments."""
    parent, arrays, reference = asia_join_tree()
    cliques = len(arrays["phi"])
    tree = facts("Parent", [(c, p) for c, p in parent.items()])
    program = f"""import "std/jointree.tl" as prior with Up=Parent, Potential=Phi, Agree=Match, Member=Holds, Draw=U
import "std/jointree.tl" as seen with Up=Parent, Potential=PhiSeen, Agree=Match, Member=Holds, Draw=U

{tree}
Phi = "phi.npy"
PhiSeen = "phi_seen.npy"
Match = "agree.npy"
Holds = "member.npy"
U = "draw.npy"

prior.Z?
prior.Marginal?
seen.Z?
seen.Marginal?
seen.Sample?
"""
    answers = [
        tensor("prior.Z?", np.full(cliques, reference["z"])),
        tensor("prior.Marginal?", reference["prior"]),
        tensor("seen.Z?", np.full(cliques, reference["z_seen"])),
        tensor("seen.Marginal?", reference["seen"]),
        tensor("seen.Sample?", reference["sample"]),
    ]
    write_fixture("jointree", "enumeration of all 256 assignments of the asia network", program, arrays, answers)


# ------------------------------------------------------------------------------------------ examples

EXAMPLE_DATA = os.path.join(ROOT, "examples", "data")
EXAMPLE_REFERENCES = os.path.join(ROOT, "tests", "TensorLogic.Runtime.Tests", "Examples", "references")


def write_example(example, arrays, answers):
    """The example's data as examples/data/<name>.npy, and its answers as ExampleTests reads them."""
    for name, array in arrays.items():
        np.save(os.path.join(EXAMPLE_DATA, name + ".npy"), np.asarray(array, dtype=np.float64))
    with open(os.path.join(EXAMPLE_REFERENCES, example + ".json"), "w", encoding="utf-8", newline="\n") as f:
        f.write("[\n" + ",\n".join(json.dumps(answer) for answer in answers) + "\n]\n")
    print(f"examples/{example}.tl: {len(answers)} answers")


class TinyGpt(torch.nn.Module):
    """A post-norm GPT as the paper writes it: no biases, layer norms without gain or bias."""

    def __init__(self, vocab, dm, heads, dff, blocks):
        super().__init__()
        self.embedding = torch.nn.Embedding(vocab, dm)
        self.attention = torch.nn.ModuleList(torch.nn.MultiheadAttention(dm, heads, bias=False, batch_first=True) for _ in range(blocks))
        self.up = torch.nn.ModuleList(torch.nn.Linear(dm, dff, bias=False) for _ in range(blocks))
        self.down = torch.nn.ModuleList(torch.nn.Linear(dff, dm, bias=False) for _ in range(blocks))
        self.out = torch.nn.Linear(dm, vocab, bias=False)
        self.dm = dm

    def forward(self, tokens):
        length = tokens.shape[0]
        position = torch.arange(length)[:, None]
        pair = torch.arange(self.dm)[None, :] // 2 * 2
        angle = position / 10000 ** (pair / self.dm)
        encoding = torch.where(torch.arange(self.dm) % 2 == 0, torch.sin(angle), torch.cos(angle))
        x = (self.embedding(tokens) + encoding).unsqueeze(0)
        mask = torch.triu(torch.ones(length, length, dtype=torch.bool), diagonal=1)
        for attention, up, down in zip(self.attention, self.up, self.down):
            resid = F.layer_norm(attention(x, x, x, attn_mask=mask, need_weights=False)[0] + x, (self.dm,))
            x = F.layer_norm(down(torch.relu(up(resid))) + resid, (self.dm,))
        return self.out(x[0])


def gpt_example():
    words = ["the", "cat", "sat", "on", "mat", "dog", "ran", "."]
    text = "the cat sat on the mat .".split()
    vocab, dm, heads, dff, blocks = len(words), 16, 4, 32, 2
    torch.manual_seed(20)
    model = TinyGpt(vocab, dm, heads, dff, blocks).double()
    with torch.no_grad():
        logits = model(torch.tensor([words.index(w) for w in text])).numpy()

    # PyTorch's weights in the module's layout: in_proj_weight stacks the query, key and value rows of
    # every head; the linear layers' weights are already [out, in].
    stacked = lambda part: np.stack([a.in_proj_weight.detach().numpy()[part * dm:(part + 1) * dm].reshape(heads, dm // heads, dm)
                                     for a in model.attention])
    arrays = {
        "gpt_emb": model.embedding.weight.detach().numpy(),
        "gpt_wq": stacked(0), "gpt_wk": stacked(1), "gpt_wv": stacked(2),
        "gpt_ws": np.stack([a.out_proj.weight.detach().numpy() for a in model.attention]),
        "gpt_wp": np.stack([u.weight.detach().numpy() for u in model.up]),
        "gpt_wp2": np.stack([d.weight.detach().numpy() for d in model.down]),
        "gpt_wout": model.out.weight.detach().numpy(),
    }
    with open(os.path.join(EXAMPLE_DATA, "gpt_text.tsv"), "w", newline="\n") as f:
        f.writelines(f"{p}\t{words.index(w)}\n" for p, w in enumerate(text))
    probs = torch.softmax(torch.tensor(logits), dim=-1).numpy()
    write_example("gpt", arrays, [tensor("gpt.Logits?", logits), tensor("gpt.Probs[6, t]?", probs[6])])


def grid_example():
    # A 4 x 4 black-and-white image (dark left half, bright right half), each pixel seen through noise that flips it with
    # probability 0.2; neighbouring pixels agree with weight e^0.5 against e^-0.5.
    side, flip, coupling = 4, 0.2, 0.5
    clean = np.array([[0, 0, 1, 1]] * side).ravel()
    seen_pixels = clean.copy()
    seen_pixels[[4, 7, 13]] ^= 1   # three flipped pixels
    seen = np.array([[1 - flip, flip] if p == 0 else [flip, 1 - flip] for p in seen_pixels])
    like = np.exp(coupling * np.array([[1, -1], [-1, 1]]))
    edges = [(r * side + c, r * side + c + 1) for r in range(side) for c in range(side - 1)] + \
            [(r * side + c, (r + 1) * side + c) for r in range(side - 1) for c in range(side)]
    pair = np.zeros((side * side, side * side, 2, 2))
    for a, b in edges:
        pair[a, b] = pair[b, a] = like

    beliefs = belief_propagation(seen, pair, edges, iterations=29)
    exact = enumerate_marginals(seen, pair, edges)
    print(f"examples/grid.tl: loopy beliefs within {np.abs(beliefs - exact).max():.3g} of the exact marginals")
    with open(os.path.join(EXAMPLE_DATA, "grid_edges.tsv"), "w", newline="\n") as f:
        f.writelines(f"{a}\t{b}\n{b}\t{a}\n" for a, b in edges)
    assert np.allclose(like, [[1.6487212707001282, 0.6065306597126334], [0.6065306597126334, 1.6487212707001282]]), "grid.tl's Agree"
    write_example("grid", {"grid_seen": seen, "grid_exact": exact}, [
        tensor("bp.Belief?", beliefs),
        tensor("Restored?", (beliefs[:, 1] > 0.5).astype(float)),
        tensor("Exact?", exact),
    ])


def asia_example():
    """examples/asia.tl's answers, by enumerating all 256 assignments of the eight variables."""
    pa, ps = [0.99, 0.01], [0.5, 0.5]
    pt, pl, pb = [[0.99, 0.01], [0.95, 0.05]], [[0.99, 0.01], [0.9, 0.1]], [[0.7, 0.3], [0.4, 0.6]]
    px = [[0.95, 0.05], [0.02, 0.98]]
    pd = [[[0.9, 0.1], [0.3, 0.7]], [[0.2, 0.8], [0.1, 0.9]]]
    joint = {}
    for a, s, t, l, b, e, x, d in itertools.product((0, 1), repeat=8):
        either = 1.0 if e == (t or l) else 0.0
        joint[(a, s, t, l, b, e, x, d)] = pa[a] * ps[s] * pt[a][t] * pl[s][l] * pb[s][b] * either * px[e][x] * pd[b][e][d]

    def marginal(position, holds=lambda v: True):
        result = np.zeros(2)
        for values, p in joint.items():
            if holds(values):
                result[values[position]] += p
        return result

    seen = lambda v: v[7] == 1 and v[6] == 1
    seen4 = lambda v: seen(v) and v[0] == 1 and v[1] == 0
    write_example("asia", {}, [
        tensor("Z?", sum(joint.values())),
        tensor("PLung?", marginal(3)),
        tensor("PDysp?", marginal(7)),
        tensor("PTubGivenE?", marginal(2, seen) / marginal(2, seen).sum()),
        tensor("PLungGivenE?", marginal(3, seen) / marginal(3, seen).sum()),
        tensor("PBroncGivenE4?", marginal(4, seen4) / marginal(4, seen4).sum()),
    ])


def svm_example():
    """examples/svm.tl's answers from the data of examples/kernels.tl, in NumPy."""
    data = lambda name: np.load(os.path.join(EXAMPLE_DATA, name + ".npy"))
    x, y, a, ag = data("kernels_x"), data("kernels_y"), data("kernels_a"), data("kernels_ag")
    queries = x[8:10]
    poly = (queries @ x.T) ** 2 @ (a * y)
    gauss = np.exp(-((queries[:, None, :] - x[None, :, :]) ** 2).sum(-1)) @ (ag * y)
    sigmoid = lambda v: 1 / (1 + np.exp(-v))
    write_example("svm", {}, [
        tensor("poly.PolyScore?", poly), tensor("poly.PolyPredict?", sigmoid(poly)),
        tensor("gauss.GaussScore?", gauss), tensor("gauss.GaussPredict?", sigmoid(gauss)),
    ])


def edges_example():
    """examples/edges.tl's answers: PyTorch's conv2d and pooling on the digit of examples/cnn.tl."""
    digit = np.load(os.path.join(EXAMPLE_DATA, "cnn_image.npy"))
    sobel = torch.tensor([[[[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]], [[[-1, -2, -1], [0, 0, 0], [1, 2, 1]]]], dtype=torch.float64)
    image = torch.tensor(digit).permute(2, 0, 1).unsqueeze(0)
    features = torch.relu(F.conv2d(image, sobel, padding=1))
    write_example("edges", {}, [
        tensor("sobel.Features?", features[0].numpy()),
        tensor("sobel.MaxPool?", F.max_pool2d(features, 2)[0].numpy()),
        tensor("sobel.AvgPool?", F.avg_pool2d(features, 2)[0].numpy()),
    ])


def sequence_example():
    """examples/sequence.tl: PyTorch's recurrent layers with their own initialization, and their states."""
    units, steps = 4, 6
    u = np.stack([np.cos(np.arange(steps)), np.sin(np.arange(steps))])
    torch.manual_seed(21)
    simple = torch.nn.RNN(2, units, bias=False).double()
    gru = torch.nn.GRU(2, units, bias=False).double()
    lstm = torch.nn.LSTM(2, units, bias=False).double()
    sequence = torch.tensor(u.T).unsqueeze(1)
    with torch.no_grad():
        h, gru_h, lstm_h = (cell(sequence)[0][:, 0, :].T.numpy() for cell in (simple, gru, lstm))
    weights = lambda w, gates: w.detach().numpy().reshape(gates, units, -1)
    write_example("sequence", {
        "sequence_u": u,
        "sequence_w": simple.weight_hh_l0.detach().numpy(), "sequence_v": simple.weight_ih_l0.detach().numpy(),
        "sequence_gw": weights(gru.weight_ih_l0, 3), "sequence_gu": weights(gru.weight_hh_l0, 3),
        "sequence_lw": weights(lstm.weight_ih_l0, 4), "sequence_lu": weights(lstm.weight_hh_l0, 4),
    }, [
        tensor("rnn.H[i, 5]?", h[:, 5]),
        tensor("rnn.Last?", h[:, 5]),
        tensor("rnn.GruH?", gru_h),
        tensor("rnn.LstmH?", lstm_h),
    ])


def graphnet_example():
    """examples/graphnet.tl: the network of examples/gnn.tl through std/gnn.tl, as dense PyTorch products."""
    data = lambda name: torch.tensor(np.load(os.path.join(EXAMPLE_DATA, name + ".npy")))
    x, messages, out = data("gnn_x"), data("gnn_wp"), data("gnn_wout")
    adjacency = torch.zeros(x.shape[0], x.shape[0], dtype=torch.float64)
    with open(os.path.join(EXAMPLE_DATA, "gnn_edges.tsv")) as f:
        for a, b in (line.split("\t") for line in f.read().splitlines() if line):
            adjacency[int(a), int(b)] = 1
    emb = x
    for l in range(2):
        emb = torch.relu(0.5 * adjacency @ torch.relu(emb @ messages[l].T) + 0.8 * emb)
    write_example("graphnet", {}, [
        tensor("net.Node?", torch.sigmoid(emb @ out).numpy()),
        tensor("net.Edge?", torch.sigmoid(emb @ emb.T).numpy()),
        tensor("net.Graph?", torch.sigmoid(emb.sum(0) @ out).numpy()),
    ])


def aunts_example():
    """examples/aunts.tl: the Aunt rule by brute-force deduction, the embedded scores in NumPy."""
    people, rows = [], []
    with open(os.path.join(EXAMPLE_DATA, "embedding.tsv")) as f:
        rows = [line.split("\t") for line in f.read().splitlines() if line]
    for name, _, _ in rows:
        if name not in people:
            people.append(name)
    vectors = np.zeros((len(people), 1 + max(int(d) for _, d, _ in rows)))
    for name, d, value in rows:
        vectors[people.index(name), int(d)] = float(value)
    with open(os.path.join(EXAMPLE_DATA, "family.tsv")) as f:
        parent = [tuple(line.split("\t")) for line in f.read().splitlines() if line] + [("Bob", "Charlie")]
    sister = [("Diana", "Bob"), ("Emma", "Charlie")]
    sisterly = sorted({x for x, _ in sister})
    aunt = sorted({(x, z) for x, y in sister for y2, z in parent if y == y2})

    index = people.index
    emb_r = sum(np.outer(vectors[index(a)], vectors[index(b)]) for a, b in sister)
    emb_s = sum(np.outer(vectors[index(a)], vectors[index(b)]) for a, b in parent)
    head_score = vectors @ emb_r @ emb_s @ vectors.T
    set_score = vectors @ vectors[[index(x) for x in sisterly]].sum(0)
    margin = min(np.abs(head_score - 0.5).min(), np.abs(set_score - 0.5).min())
    assert margin > 0.1, f"aunts: a score is {margin:.3g} from the threshold"
    in_set = np.array([1.0 if x in sisterly else 0.0 for x in people])
    assert ((head_score > 0.5) == np.array([[(x, z) in aunt for z in people] for x in people])).all()
    assert ((set_score > 0.5) == (in_set == 1)).all()
    write_example("aunts", {}, [
        {"query": "exact.Derived(x, z)?", "vars": ["x", "z"], "rows": [list(row) for row in aunt]},
        tensor("exact.HeadScore?", head_score),
        tensor("exact.InSet?", in_set),
        tensor("soft.Head?", 1 / (1 + np.exp(-(head_score - 0.5) / 0.1))),
    ])


def invention_example():
    """examples/invention.tl: sales generated by a Tucker decomposition, reconstructed with np.einsum."""
    m = np.array([[1, 0], [1, 0], [1, 0.25], [0, 1], [0, 1], [0, 1]])
    m1 = np.array([[1, 0], [1, 0], [0, 1], [0, 1]])
    m2 = np.eye(2)
    c = np.array([[[3, 1], [0, 2]], [[1, 1], [4, 0]]])
    # The sales are the decomposition's product, so the reconstruction from the same factors is exact.
    sales = np.einsum("ip,jq,kr,pqr->ijk", m, m1, m2, c)
    recon = sales
    invented = lambda factor: [list(row) for row in np.argwhere(factor > 0.5).tolist()]
    write_example("invention", {"invention_a": sales}, [
        tensor("t.Recon[0, j, k]?", recon[0]),
        tensor("t.RelativeError?", ((recon - sales) ** 2).mean() / (sales ** 2).mean()),
        {"query": "t.Invented(i, p)?", "vars": ["i", "p"], "rows": invented(m)},
        {"query": "t.Invented'(j, q)?", "vars": ["j", "q"], "rows": invented(m1)},
    ])


def diagnosis_example():
    """examples/diagnosis.tl: the join tree of the jointree fixture, its potentials built by the program."""
    _, arrays, reference = asia_join_tree()
    write_example("diagnosis", {"diagnosis_member": arrays["member"], "diagnosis_draw": arrays["draw"]}, [
        tensor("prior.Marginal?", reference["prior"]),
        tensor("seen.Marginal?", reference["seen"]),
        tensor("Evidence?", reference["z_seen"] / reference["z"]),
        tensor("seen.Sample?", reference["sample"]),
    ])


if __name__ == "__main__":
    torch.set_default_dtype(torch.float64)
    transformer()
    rnn()
    cnn()
    gnn()
    kernels()
    pgm()
    embed()
    tucker()
    jointree()
    gpt_example()
    grid_example()
    asia_example()
    svm_example()
    edges_example()
    sequence_example()
    graphnet_example()
    aunts_example()
    invention_example()
    diagnosis_example()
