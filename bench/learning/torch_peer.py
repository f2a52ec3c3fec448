#!/usr/bin/python3
"""The models of bench/learning in PyTorch (CPU, float32), trained as `tlc train` trains them.

Same data files, same 80/20 split, same batches in the same order and the same initial values as tlc
(tlrandom.py repeats its random choices), Adam with PyTorch's defaults but the learning rate, the same
loss written the same way, and after each epoch the same validation (loss and accuracy on the held-out
examples). Time per epoch is measured as tlc measures it: a clock started before the first step, read
after each epoch's validation.

  /usr/bin/python3 bench/learning/torch_peer.py --case digits|copy [--threads 2] [--epochs 20]
  /usr/bin/python3 bench/learning/torch_peer.py --case copy --evaluate DIR   # scores tensors tlc saved

Prints one JSON object: the settings, per-epoch train loss, validation loss and accuracy, cumulative
seconds, and the final accuracies.
"""
import argparse
import json
import math
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# What each .tl file's learn statement says (run.sh passes --epochs to both systems when asked).
CASES = {
    "digits": dict(program="examples/learning/digits.tl", x="examples/data/digits_x.npy", y="examples/data/digits_y.npy",
                   lr=0.01, epochs=20, batch=64, validate=0.2, seed=1),
    "copy": dict(program="bench/learning/copy.tl", x="bench/learning/data/copy_x.npy", y="bench/learning/data/copy_y.npy",
                 lr=0.01, epochs=20, batch=64, validate=0.2, seed=1),
}

# The learned tensors and their shapes, as in the .tl files (W[o, i] has its output axis first).
SHAPES = {
    "digits": {"W1": (32, 64), "B1": (32,), "W2": (10, 32), "B2": (10,)},
    "copy": {"Emb": (10, 32), "PosEmb": (15, 32), "WQ": (2, 16, 32), "WK": (2, 16, 32), "WV": (2, 16, 32),
             "WS": (32, 32), "W1": (64, 32), "B1": (64,), "W2": (32, 64), "B2": (32,), "WO": (10, 32)},
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--case", required=True, choices=sorted(CASES))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--epochs", type=int)
    parser.add_argument("--evaluate", metavar="DIR", help="score the tensors tlc saved in DIR on the held-out examples; no training")
    return parser.parse_args()


args = parse_args()
# Set before the imports, which start the thread pools. Idle OpenMP threads sleep rather than spin: on a
# shared machine spinning made PyTorch 10-20x slower (bench/peers/peers.py).
for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = str(args.threads)
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

sys.path.insert(0, HERE)
import tlrandom  # noqa: E402

torch.set_num_threads(args.threads)
torch.manual_seed(0)


def digits_forward(p, x):
    """H[e, h] = relu(W1[h, p] X[e, p] + B1[h]); O[e, c.] = softmax(W2[c, h] H[e, h] + B2[c])."""
    h = torch.relu(x @ p["W1"].T + p["B1"])
    return torch.softmax(h @ p["W2"].T + p["B2"], dim=-1)


def copy_forward(p, x):
    """copy.tl, equation by equation."""
    positions = x.shape[1]
    stream = x @ p["Emb"] + p["PosEmb"]                                   # [e, p, d]
    q = torch.einsum("hkd,epd->ehpk", p["WQ"], stream)
    k = torch.einsum("hkd,epd->ehpk", p["WK"], stream)
    v = torch.einsum("hkd,epd->ehpk", p["WV"], stream)
    scores = q @ k.transpose(-1, -2) / math.sqrt(16)                       # [e, h, p, q]
    causal = torch.ones(positions, positions, dtype=torch.bool).tril()     # Before(q, p): q <= p
    comp = torch.softmax(scores.masked_fill(~causal, float("-inf")), dim=-1)
    attn = comp @ v                                                        # [e, h, p, k]
    merge = attn.permute(0, 2, 1, 3).reshape(x.shape[0], positions, -1)    # concat: m = h·|k| + k
    d = stream.shape[-1]
    resid = F.layer_norm(merge @ p["WS"].T + stream, (d,))                 # lnorm, ε = 1e-5, no gain or bias
    hidden = torch.relu(resid @ p["W1"].T + p["B1"])
    out = F.layer_norm(hidden @ p["W2"].T + p["B2"] + resid, (d,))
    return torch.softmax(out @ p["WO"].T, dim=-1)                          # [e, p, v]


FORWARD = {"digits": digits_forward, "copy": copy_forward}


def loss_of(o, y):
    """CrossEntropy[e] = -Y[e, ...] log(O[e, ...] + 1e-9), summed over the other indices; Loss avg= over e."""
    return (-(y * torch.log(o + 1e-9))).reshape(y.shape[0], -1).sum(dim=1).mean()


def accuracies(case, o, y):
    """tlc's accuracy (arg-max of the prediction against the label's; for copy the last position's), and
    for copy also the share of every scored token predicted right."""
    if case == "digits":
        return (o.argmax(-1) == y.argmax(-1)).double().mean().item(), None
    last = (o[:, -1].argmax(-1) == y[:, -1].argmax(-1)).double().mean().item()
    scored = y.sum(-1) > 0
    tokens = ((o.argmax(-1) == y.argmax(-1)) & scored).sum().item() / scored.sum().item()
    return last, tokens


def main():
    case = CASES[args.case]
    epochs = args.epochs or case["epochs"]
    x_all = torch.from_numpy(np.load(os.path.join(ROOT, case["x"])).astype(np.float32))
    y_all = torch.from_numpy(np.load(os.path.join(ROOT, case["y"])).astype(np.float32))
    plan = tlrandom.plan(x_all.shape[0], case["batch"], case["validate"], case["seed"])
    validation = torch.tensor(plan.validation)
    x_val, y_val = x_all[validation], y_all[validation]
    forward = FORWARD[args.case]

    if args.evaluate:
        p = {name: torch.from_numpy(np.load(os.path.join(args.evaluate, name + ".npy")).astype(np.float32).reshape(shape))
             for name, shape in SHAPES[args.case].items()}
        with torch.no_grad():
            o = forward(p, x_val)
            accuracy, tokens = accuracies(args.case, o, y_val)
            print(json.dumps({"case": args.case, "validation_loss": loss_of(o, y_val).item(),
                              "accuracy": accuracy, "token_accuracy": tokens}))
        return

    p = {name: torch.tensor(tlrandom.initial_values(name, shape, case["seed"]), dtype=torch.float32).reshape(shape).requires_grad_()
         for name, shape in SHAPES[args.case].items()}
    optimizer = torch.optim.Adam(list(p.values()), lr=case["lr"])
    batches = [[torch.tensor(b) for b in plan.epoch(e)] for e in range(epochs)]   # drawn before the clock starts
    log = []
    clock = time.perf_counter()
    for epoch in range(epochs):
        loss_sum, counted = 0.0, 0
        for batch in batches[epoch]:
            x, y = x_all[batch], y_all[batch]
            optimizer.zero_grad()
            loss = loss_of(forward(p, x), y)
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(batch)
            counted += len(batch)
        with torch.no_grad():
            o = forward(p, x_val)
            validation_loss = loss_of(o, y_val).item()
            accuracy, tokens = accuracies(args.case, o, y_val)
        log.append({"epoch": epoch + 1, "train_loss": loss_sum / counted, "validation_loss": validation_loss,
                    "accuracy": accuracy, "token_accuracy": tokens, "elapsed_seconds": time.perf_counter() - clock})
    print(json.dumps({"case": args.case, "threads": args.threads, "epochs": epochs, "batch": case["batch"],
                      "training_examples": len(plan.training), "validation_examples": len(plan.validation),
                      "torch": torch.__version__, "log": log}))


main()
