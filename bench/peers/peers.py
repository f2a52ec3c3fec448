#!/usr/bin/python3
"""The benchmark cases in NumPy and PyTorch (CPU, float32), timed like TensorLogic's.

Reads the case folders that `TensorLogic.Bench prepare` (or `run`) wrote: case.json says what to compute,
the .npy/.tsv files beside it are the very inputs the Tensor Logic program reads. For each case it times
NumPy and then PyTorch on the computation only (inputs loaded, layouts and index arrays prepared
beforehand; the warm-up and repetition counts are the harness's), writes NumPy's result to numpy.npy
for the harness to check TensorLogic against, checks PyTorch against NumPy, and prints one JSON line
per case and peer.

Run with /usr/bin/python3 (Debian's numpy and torch); tools/install-peers.sh installs them.
  /usr/bin/python3 bench/peers/peers.py --dir DIR [--threads 2] [--warmup 1] [--reps 5] [--case NAME] [--only numpy|torch]
"""
import argparse
import json
import math
import os
import sys
import time
from pathlib import Path


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", required=True, help="folder of case folders (each with case.json)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--case", help="a name, a family (matmul) or a comma-separated list")
    parser.add_argument("--only", choices=["numpy", "torch"], help="run one peer (NumPy still runs once to write numpy.npy)")
    return parser.parse_args()


args = parse_args()
# The BLAS thread pools read these when the libraries load, so they are set before the imports.
for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = str(args.threads)
# PyTorch's OpenMP threads spin while they wait for work by default. On a machine whose cores are shared
# (more runnable threads than cores) that spinning took a 12 ms transformer block to 170-280 ms, so idle
# threads sleep instead unless the caller says otherwise. Recorded in every output line.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(args.threads)


# ---------------------------------------------------------------------------------------------------
# The computations. Each builder takes the loaded inputs and the case's parameters and returns a
# function of no arguments that does the timed work; what it prepares before returning is not timed.

def layer_norm_np(x):
    mean = x.mean(axis=-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + np.float32(1e-5))


def softmax_np(x):
    shifted = np.exp(x - x.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def numpy_case(kind, t, p):
    if kind == "matmul":
        return lambda: t["A"] @ t["B"]
    if kind == "bmm":
        return lambda: np.matmul(t["A"], t["B"])
    if kind == "attn-scores":
        return lambda: t["Q"] @ t["K"].swapaxes(-1, -2)
    if kind == "attn-weighted":
        return lambda: t["P"] @ t["V"]
    if kind == "transformer":
        return numpy_transformer(t, p)
    if kind == "mlp":
        def mlp():
            h1 = np.maximum(t["X"] @ t["W1"].T + t["B1"], 0)
            h2 = np.maximum(h1 @ t["W2"].T + t["B2"], 0)
            return softmax_np(h2 @ t["W3"].T + t["B3"])
        return mlp
    if kind == "conv3x3":
        return numpy_conv(t, p)
    if kind == "gnn":
        return numpy_gnn(t, p)
    if kind in ("planner-pqrs", "planner-scalar"):
        expression, names = EINSUMS[kind]
        operands = [t[name] for name in names]
        # NumPy caps intermediates at the largest input by default, which forbids every pairwise
        # order here; allow what TensorLogic's planner allows (PlannerOptions.MemoryCapElements, 2^28).
        path = np.einsum_path(expression, *operands, optimize=("optimal", 2 ** 28))[0]
        return lambda: np.einsum(expression, *operands, optimize=path)
    raise ValueError(f"unknown kind {kind}")


EINSUMS = {
    "planner-pqrs": ("pi,qj,ijkl,rk,sl->pqrs", ["A", "B", "T", "C", "D"]),
    "planner-scalar": ("abc,cfd,dbe,efa->", ["A", "B", "C", "D"]),
}


def numpy_transformer(t, p):
    seq, d, heads, dk = p["seq"], p["d"], p["heads"], p["dk"]
    x = t["X"]
    # W[h, dk, d] as one [h·dk, d] matrix, so each projection is one GEMM (views, no copies).
    wq, wk, wv = (t[name].reshape(heads * dk, d) for name in ("WQ", "WK", "WV"))
    allowed = np.tril(np.ones((seq, seq), dtype=bool))  # allowed[p, q] = q <= p, i.e. Before(q, p)
    scale = np.float32(1 / math.sqrt(dk))

    def split(m):  # [p, h·dk] -> [h, p, dk]
        return m.reshape(seq, heads, dk).transpose(1, 0, 2)

    def block():
        query, key, value = split(x @ wq.T), split(x @ wk.T), split(x @ wv.T)
        scores = np.where(allowed, (query @ key.transpose(0, 2, 1)) * scale, -np.inf).astype(np.float32)
        attention = softmax_np(scores) @ value
        merge = attention.transpose(1, 0, 2).reshape(seq, heads * dk)
        stream1 = layer_norm_np(merge @ t["WS"].T + x)
        hidden = np.maximum(stream1 @ t["W1"].T + t["B1"], 0)
        return layer_norm_np(hidden @ t["W2"].T + t["B2"] + stream1)
    return block


def numpy_conv(t, p):
    size = p["size"]
    image, weights = t["Img"], t["W"]

    def conv():
        # F[x, y, o] = relu(Σ W[dx, dy, c, o] Img[x+dx, y+dy, c]), nothing past the high edges.
        padded = np.pad(image, ((0, 2), (0, 2), (0, 0)))
        out = np.zeros((size, size, weights.shape[3]), dtype=np.float32)
        for dx in range(3):
            for dy in range(3):
                out += padded[dx:dx + size, dy:dy + size, :] @ weights[dx, dy]
        return np.maximum(out, 0)
    return conv


def numpy_gnn(t, p):
    edges, z = t["Neig"], t["Z"]
    # A CSR-like layout is the index structure a NumPy user builds once: edges sorted by source.
    order = np.argsort(edges[:, 0], kind="stable")
    sources, targets = edges[order, 0], edges[order, 1]
    starts = np.flatnonzero(np.r_[True, sources[1:] != sources[:-1]])
    rows = sources[starts]

    def aggregate():
        out = np.zeros((p["nodes"], z.shape[1]), dtype=np.float32)
        out[rows] = np.add.reduceat(z[targets], starts, axis=0)
        return out
    return aggregate


def torch_case(kind, t, p):
    t = {name: torch.from_numpy(value) for name, value in t.items()}
    if kind == "matmul":
        return lambda: t["A"] @ t["B"]
    if kind == "bmm":
        return lambda: torch.bmm(t["A"], t["B"])
    if kind == "attn-scores":
        return lambda: t["Q"] @ t["K"].transpose(-1, -2)
    if kind == "attn-weighted":
        return lambda: t["P"] @ t["V"]
    if kind == "transformer":
        return torch_transformer(t, p)
    if kind == "mlp":
        functional = torch.nn.functional
        return lambda: torch.softmax(
            functional.linear(torch.relu(functional.linear(torch.relu(functional.linear(t["X"], t["W1"], t["B1"])), t["W2"], t["B2"])), t["W3"], t["B3"]),
            dim=1)
    if kind == "conv3x3":
        # conv2d wants [batch, c, x, y] input and [o, c, dx, dy] weights: converted once, untimed.
        image = t["Img"].permute(2, 0, 1).unsqueeze(0).contiguous()
        weights = t["W"].permute(3, 2, 0, 1).contiguous()
        functional = torch.nn.functional
        return lambda: torch.relu(functional.conv2d(functional.pad(image, (0, 2, 0, 2)), weights))[0].permute(1, 2, 0)
    if kind == "gnn":
        sources, targets, z = t["Neig"][:, 0], t["Neig"][:, 1], t["Z"]
        return lambda: torch.zeros(p["nodes"], z.shape[1]).index_add_(0, sources, z[targets])
    if kind in EINSUMS:
        expression, names = EINSUMS[kind]
        operands = [t[name] for name in names]
        return lambda: torch.einsum(expression, *operands)
    raise ValueError(f"unknown kind {kind}")


def torch_transformer(t, p):
    seq, d, heads, dk = p["seq"], p["d"], p["heads"], p["dk"]
    functional = torch.nn.functional
    x = t["X"]
    wq, wk, wv = (t[name].reshape(heads * dk, d) for name in ("WQ", "WK", "WV"))
    blocked = ~torch.tril(torch.ones(seq, seq, dtype=torch.bool))
    scale = 1 / math.sqrt(dk)

    def split(m):
        return m.reshape(seq, heads, dk).transpose(0, 1)

    def block():
        query, key, value = split(x @ wq.T), split(x @ wk.T), split(x @ wv.T)
        scores = (query @ key.transpose(1, 2) * scale).masked_fill(blocked, float("-inf"))
        attention = torch.softmax(scores, dim=-1) @ value
        merge = attention.transpose(0, 1).reshape(seq, heads * dk)
        stream1 = functional.layer_norm(merge @ t["WS"].T + x, (d,), eps=1e-5)
        hidden = torch.relu(functional.linear(stream1, t["W1"], t["B1"]))
        return functional.layer_norm(functional.linear(hidden, t["W2"], t["B2"]) + stream1, (d,), eps=1e-5)
    return block


# ---------------------------------------------------------------------------------------------------

def load_inputs(folder, case):
    inputs = {}
    for entry in case["inputs"]:
        path = folder / entry["file"]
        if path.suffix == ".npy":
            inputs[entry["tensor"]] = np.load(path)
        else:
            inputs[entry["tensor"]] = np.loadtxt(path, dtype=np.int64, delimiter="\t", ndmin=2)
    return inputs


def time_it(function, warmup, reps):
    for _ in range(warmup):
        function()
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - start) * 1e3)
    return result, times


def summary(milliseconds):
    ordered = sorted(milliseconds)
    middle = len(ordered) // 2
    median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return {"best": round(ordered[0], 4), "median": round(median, 4)}


def relative_error(ours, expected):
    ours, expected = np.asarray(ours, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    if ours.shape != expected.shape:
        return float("inf")
    norm = np.linalg.norm(expected)
    difference = np.linalg.norm(ours - expected)
    return float(difference / norm) if norm else float(difference)


def selected(case, pattern):
    if not pattern:
        return True
    names = [n.strip() for n in pattern.split(",") if n.strip()]
    return any(case["name"] == n or case["kind"] == n or case["name"].startswith(n + "-") for n in names)


def main():
    root = Path(args.dir)
    cases = []
    for manifest in sorted(root.glob("*/case.json")):
        case = json.loads(manifest.read_text())
        if selected(case, args.case):
            cases.append((case["order"], manifest.parent, case))
    if not cases:
        sys.exit(f"peers.py: no case folders matching '{args.case or '*'}' under {root}; run `TensorLogic.Bench prepare` first")
    cases.sort(key=lambda c: c[0])

    versions = {"numpy": np.__version__, "torch": torch.__version__}
    for _, folder, case in cases:
        print(f"peers: {case['name']} ({case['description']}) ...", file=sys.stderr)
        inputs = load_inputs(folder, case)
        kind, parameters, flops = case["kind"], case["params"], case["flops"]
        numpy_function = numpy_case(kind, inputs, parameters)
        if args.only == "torch":
            expected = numpy_function()  # only for numpy.npy and the check
        else:
            expected, times = time_it(numpy_function, args.warmup, args.reps)
            emit(case, "numpy", times, flops, versions["numpy"], None)
        expected = np.asarray(expected, dtype=np.float32)
        np.save(folder / "numpy.npy", expected)
        if args.only != "numpy":
            torch_function = torch_case(kind, inputs, parameters)
            with torch.inference_mode():
                result, times = time_it(torch_function, args.warmup, args.reps)
            emit(case, "pytorch", times, flops, versions["torch"], relative_error(result.numpy(), expected))


def emit(case, peer, times, flops, version, error):
    line = {
        "case": case["name"], "peer": peer, "version": version, "threads": args.threads,
        "description": case["description"], "flops": flops, "warmup": args.warmup, "reps": args.reps,
        "ompWaitPolicy": os.environ["OMP_WAIT_POLICY"],
        "executeMs": summary(times), "gflops": flops / min(times) / 1e6,
    }
    if error is not None:
        line["check"] = {"against": "numpy", "relError": error, "ok": error <= 1e-3}
    print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
