#!/usr/bin/python3
"""Writes the PyTorch fixtures of tests/TensorLogic.Runtime.Tests/Learning/TorchGradientTests.cs.

For each of four small models (an MLP, an RNN over time steps written twice, one transformer block) it writes, into
tests/TensorLogic.Runtime.Tests/Learning/fixtures/<model>/:

  model.tl        the Tensor Logic program, which reads its inputs and weights from the files beside it;
  <name>.npy      each input and weight the program reads (tensor W1 reads w1.npy);
  loss.npy        the loss PyTorch computes for the same model, a 0-d array;
  grad_<name>.npy d loss / d <weight>, as loss.backward() computes it.

The gradient compiler's gradients are then checked against autograd, an implementation that shares no
code or derivation with ours; the tests read the files and never call Python. Everything is float64 and
drawn from fixed seeds, so running this again rewrites identical files.

Run with the Python that has Debian's python3-torch and python3-numpy (tools/install-peers.sh):
    /usr/bin/python3 tools/make_torch_gradient_fixtures.py
"""
import math
import os

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "tests", "TensorLogic.Runtime.Tests", "Learning", "fixtures")

HEADER = """// Written by tools/make_torch_gradient_fixtures.py; run it again rather than editing this file.
// TorchGradientTests compares the gradient of Loss with PyTorch autograd's for the same model, stored
// beside this file as grad_<name>.npy, for each weight: {weights}.
"""

# A ReLU input this close to 0 could fall on the other side of the kink in float32, where the CPU engine's
# gradient would rightly differ from float64 autograd's; the data are drawn so that none is.
RELU_MARGIN = 1e-2

LNORM_EPSILON = 1e-5


def write_fixture(model, program, weights, inputs, loss_of):
    """Evaluates loss_of on torch copies of inputs and weights, then writes the program, arrays, loss and gradients."""
    folder = os.path.join(FIXTURES, model)
    os.makedirs(folder, exist_ok=True)
    tensors = {name: torch.tensor(array, dtype=torch.float64, requires_grad=name in weights)
               for name, array in inputs.items()}
    loss = loss_of(tensors)
    loss.backward()

    with open(os.path.join(folder, "model.tl"), "w") as f:
        f.write(HEADER.format(weights=", ".join(weights)) + "\n" + program)
    for name, array in inputs.items():
        np.save(os.path.join(folder, name.lower() + ".npy"), array)
    np.save(os.path.join(folder, "loss.npy"), np.array(loss.item(), dtype=np.float64))
    for name in weights:
        np.save(os.path.join(folder, "grad_" + name.lower() + ".npy"), tensors[name].grad.numpy())
    print(f"{model}: loss {loss.item():.12g}, gradients of {', '.join(weights)}")


def one_hot(rng, count, classes):
    return np.eye(classes)[rng.integers(classes, size=count)]


def check_relu_margin(model, pre_activation):
    closest = pre_activation.abs().min().item()
    if closest < RELU_MARGIN:
        raise SystemExit(f"{model}: a ReLU input is {closest:.3g} from the kink; choose another seed")


# ---------------------------------------------------------------------------------------------- mlp

MLP_PROGRAM = """X = "x.npy"      // X[e, i]: example e's features
Y = "y.npy"      // Y[e, c]: its class, one-hot
W1 = "w1.npy"    // W1[h, i]
B1 = "b1.npy"    // B1[h]
W2 = "w2.npy"    // W2[c, h]
B2 = "b2.npy"    // B2[c]

H[e, h] = relu(W1[h, i] X[e, i] + B1[h])
O[e, c.] = softmax(W2[c, h] H[e, h] + B2[c])
CrossEntropy[e] = -Y[e, c] log(O[e, c])
Loss avg= CrossEntropy[e]

Loss?
"""


def mlp():
    rng = np.random.default_rng(21)
    examples, features, hidden, classes = 5, 4, 6, 3
    inputs = {
        "X": rng.normal(size=(examples, features)),
        "Y": one_hot(rng, examples, classes),
        "W1": rng.normal(scale=0.8, size=(hidden, features)),
        "B1": rng.normal(scale=0.3, size=hidden),
        "W2": rng.normal(scale=0.8, size=(classes, hidden)),
        "B2": rng.normal(scale=0.3, size=classes),
    }

    def loss_of(t):
        pre = t["X"] @ t["W1"].T + t["B1"]
        check_relu_margin("mlp", pre)
        o = F.softmax(F.relu(pre) @ t["W2"].T + t["B2"], dim=1)
        return (-(t["Y"] * torch.log(o)).sum(dim=1)).mean()

    write_fixture("mlp", MLP_PROGRAM, ["W1", "B1", "W2", "B2"], inputs, loss_of)


# ---------------------------------------------------------------------------------------------- rnn

# The recursion is an index shift over an ordinary t. At t = 0 the recurrent term reads H[e, j, -1], which
# is out of range and so contributes nothing: the first step sees only its input, as an RNN started
# from the zero state does.
RNN_PROGRAM = """U = "u.npy"              // U[e, k, t]: example e's input k at step t
Target = "target.npy"    // Target[e, i]: the state wanted after the last step
W = "w.npy"              // W[i, j]: recurrent weights
V = "v.npy"              // V[i, k]: input weights
T = 3                    // the last step

H[e, i, t] = tanh(W[i, j] H[e, j, t-1] + V[i, k] U[e, k, t])
Loss = (H[e, i, T] - Target[e, i])^2

Loss?
"""


# The same RNN with a virtual index: the loop keeps only its current state, and the loss reads the final
# one (H[e, i] outside the loop). tlc differentiates it through time; autograd's numbers are those above.
RNN_VIRTUAL_PROGRAM = """U = "u.npy"              // U[e, k, t]: example e's input k at step t
Target = "target.npy"    // Target[e, i]: the state wanted after the last step
W = "w.npy"              // W[i, j]: recurrent weights
V = "v.npy"              // V[i, k]: input weights

H[e, i, *t+1] = tanh(W[i, j] H[e, j, *t] + V[i, k] U[e, k, t])
Loss = (H[e, i] - Target[e, i])^2

Loss?
"""


def rnn():
    rng = np.random.default_rng(12)
    examples, units, input_size, steps = 3, 4, 3, 4
    inputs = {
        "U": rng.normal(size=(examples, input_size, steps)),
        "Target": rng.uniform(-0.9, 0.9, size=(examples, units)),
        "W": rng.normal(scale=0.6, size=(units, units)),
        "V": rng.normal(scale=0.6, size=(units, input_size)),
    }

    def loss_of(t):
        h = torch.zeros(examples, units, dtype=torch.float64)
        for step in range(steps):
            h = torch.tanh(h @ t["W"].T + t["U"][:, :, step] @ t["V"].T)
        return ((h - t["Target"]) ** 2).sum()

    write_fixture("rnn", RNN_PROGRAM, ["W", "V"], inputs, loss_of)
    write_fixture("rnn-virtual", RNN_VIRTUAL_PROGRAM, ["W", "V"], inputs, loss_of)


# -------------------------------------------------------------------------------------- transformer

POSITIONS, VOCABULARY, MODEL_WIDTH, HEADS, KEY_WIDTH, MLP_WIDTH = 4, 5, 4, 2, 2, 6
POSITIONAL_BASE = 10000

# One block of examples/transformer.tl, without the block index b.
TRANSFORMER_PROGRAM = """X = "x.npy"              // X(p, t): position p holds token t (bool)
Target = "target.npy"    // Target[p, t]: the token expected at position p, one-hot
Emb = "emb.npy"          // Emb[t, d]
WQ = "wq.npy"            // WQ[h, dk, d]
WK = "wk.npy"            // WK[h, dk, d]
WV = "wv.npy"            // WV[h, dv, d]
WS = "ws.npy"            // WS[d, dm]: the heads' merged output back to the stream
WP = "wp.npy"            // WP[u, d]: the MLP's hidden layer
WP2 = "wp2.npy"          // WP2[d, u]: its output
WO = "wo.npy"            // WO[t, d]: the output over the vocabulary
De = {de}
Dk = {dk}
L = {base}

// Before(p', p): position p attends to p' <= p.
{before}

EmbX[p, d] = X(p, t) Emb[t, d]
PosEnc[p, d] = Even(d) sin(p / L^(d/De)) + Odd(d) cos(p / L^((d-1)/De))
Stream[p, d] = EmbX[p, d] + PosEnc[p, d]

Query[h, p, dk] = WQ[h, dk, d] Stream[p, d]
Key[h, p, dk] = WK[h, dk, d] Stream[p, d]
Val[h, p, dv] = WV[h, dv, d] Stream[p, d]
Comp[h, p, p'.] = softmax(Before(p', p) Query[h, p, dk] Key[h, p', dk] / sqrt(Dk))
Attn[h, p, dv] = Comp[h, p, p'] Val[h, p', dv]

Merge[p, dm] = concat(Attn[h, p, dv])
Resid[p, d.] = lnorm(WS[d, dm] Merge[p, dm] + Stream[p, d])
Hidden[p, u] = relu(WP[u, d] Resid[p, d])
Out[p, d.] = lnorm(WP2[d, u] Hidden[p, u] + Resid[p, d])

Y[p, t.] = softmax(WO[t, d] Out[p, d])
CrossEntropy[p] = -Target[p, t] log(Y[p, t])
Loss avg= CrossEntropy[p]

Loss?
"""


def before_facts():
    facts = [f"Before({earlier}, {p})." for p in range(POSITIONS) for earlier in range(p + 1)]
    return "\n".join(" ".join(facts[i:i + 5]) for i in range(0, len(facts), 5))


def positional_encoding():
    """examples/transformer.tl's: sin at even d, cos at odd d, with the odd d's wavelength that of d - 1."""
    encoding = np.zeros((POSITIONS, MODEL_WIDTH))
    for p in range(POSITIONS):
        for d in range(MODEL_WIDTH):
            even = d - d % 2
            angle = p / POSITIONAL_BASE ** (even / MODEL_WIDTH)
            encoding[p, d] = math.sin(angle) if d % 2 == 0 else math.cos(angle)
    return torch.tensor(encoding, dtype=torch.float64)


def transformer():
    rng = np.random.default_rng(13)
    value_width = MODEL_WIDTH // HEADS
    inputs = {
        "X": np.eye(VOCABULARY, dtype=bool)[rng.integers(VOCABULARY, size=POSITIONS)],
        "Target": one_hot(rng, POSITIONS, VOCABULARY),
        "Emb": rng.normal(size=(VOCABULARY, MODEL_WIDTH)),
        "WQ": rng.normal(scale=0.7, size=(HEADS, KEY_WIDTH, MODEL_WIDTH)),
        "WK": rng.normal(scale=0.7, size=(HEADS, KEY_WIDTH, MODEL_WIDTH)),
        "WV": rng.normal(scale=0.7, size=(HEADS, value_width, MODEL_WIDTH)),
        "WS": rng.normal(scale=0.5, size=(MODEL_WIDTH, HEADS * value_width)),
        "WP": rng.normal(scale=0.7, size=(MLP_WIDTH, MODEL_WIDTH)),
        "WP2": rng.normal(scale=0.5, size=(MODEL_WIDTH, MLP_WIDTH)),
        "WO": rng.normal(scale=0.8, size=(VOCABULARY, MODEL_WIDTH)),
    }
    causal = torch.tril(torch.ones(POSITIONS, POSITIONS, dtype=torch.bool))  # [p, p']: p' <= p

    def loss_of(t):
        stream = t["X"] @ t["Emb"] + positional_encoding()
        query = torch.einsum("hkd,pd->hpk", t["WQ"], stream)
        key = torch.einsum("hkd,pd->hpk", t["WK"], stream)
        value = torch.einsum("hvd,pd->hpv", t["WV"], stream)
        scores = torch.einsum("hpk,hqk->hpq", query, key) / math.sqrt(KEY_WIDTH)
        comp = F.softmax(scores.masked_fill(~causal, float("-inf")), dim=-1)
        attn = torch.einsum("hpq,hqv->hpv", comp, value)
        merge = attn.permute(1, 0, 2).reshape(POSITIONS, HEADS * value_width)  # Merge[p, h·|dv| + dv]
        resid = F.layer_norm(merge @ t["WS"].T + stream, (MODEL_WIDTH,), eps=LNORM_EPSILON)
        pre = resid @ t["WP"].T
        check_relu_margin("transformer", pre)
        out = F.layer_norm(F.relu(pre) @ t["WP2"].T + resid, (MODEL_WIDTH,), eps=LNORM_EPSILON)
        y = F.softmax(out @ t["WO"].T, dim=-1)
        return (-(t["Target"] * torch.log(y)).sum(dim=-1)).mean()

    program = TRANSFORMER_PROGRAM.format(de=MODEL_WIDTH, dk=KEY_WIDTH, base=POSITIONAL_BASE, before=before_facts())
    write_fixture("transformer", program, ["Emb", "WQ", "WK", "WV", "WS", "WP", "WP2", "WO"], inputs, loss_of)


if __name__ == "__main__":
    torch.set_default_dtype(torch.float64)
    mlp()
    rnn()
    transformer()
