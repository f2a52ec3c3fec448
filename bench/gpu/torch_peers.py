#!/usr/bin/python3
"""The GPU suite's cases in PyTorch on the GPU (float32, no TF32), timed like TensorLogic's.

Reads the case folders that `TensorLogic.Bench prepare --suite gpu` wrote (case.json + inputs). Per case it
times the computation with the inputs already on the device, synchronizing before the clock is read, and
once more counting the transfers (inputs host -> device, result device -> host), because TensorLogic's
execute phase uploads its inputs and downloads its result each time. It writes its result as numpy.npy,
which the harness checks TensorLogic's against (the name is the CPU suite's; here it is PyTorch's answer).
Without CUDA it runs on the CPU and says so in every line ("device": "cpu"), which is how the script is
tested on a machine without a GPU.

  /usr/bin/python3 bench/gpu/torch_peers.py --dir DIR [--warmup 1] [--reps 5] [--case LIST]
      [--deadline UNIX_SECONDS] [--case-seconds 30] [--dense-closure-limit 20000]
"""
import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import torch


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--case", help="comma-separated names or kinds")
    parser.add_argument("--deadline", type=float, help="skip what would start after this time (seconds since the epoch)")
    parser.add_argument("--case-seconds", type=float, default=30, help="stop repeating a case after this long")
    parser.add_argument("--dense-closure-limit", type=int, default=20000,
                        help="largest node count whose transitive closure is computed as dense boolean matrix squaring")
    return parser.parse_args()


args = parse_args()
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
# fp32 means fp32: TF32 would make the matmul faster than the float32 TensorLogic computes.
torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
torch.set_float32_matmul_precision("highest")


def sync():
    if device.type == "cuda":
        torch.cuda.synchronize()


# ---------------------------------------------------------------------------------------------------
# Each builder takes the device tensors and the parameters and returns the timed function.

def transformer(t, p):
    seq, d, heads, dk = p["seq"], p["d"], p["heads"], p["dk"]
    functional = torch.nn.functional
    wq, wk, wv = (t[name].reshape(heads * dk, d) for name in ("WQ", "WK", "WV"))
    blocked = ~torch.tril(torch.ones(seq, seq, dtype=torch.bool, device=device))
    scale = 1 / math.sqrt(dk)

    def split(m):
        return m.reshape(seq, heads, dk).transpose(0, 1)

    def block():
        x = t["X"]
        query, key, value = split(x @ wq.T), split(x @ wk.T), split(x @ wv.T)
        scores = (query @ key.transpose(1, 2) * scale).masked_fill(blocked, float("-inf"))
        attention = torch.softmax(scores, dim=-1) @ value
        merge = attention.transpose(0, 1).reshape(seq, heads * dk)
        stream1 = functional.layer_norm(merge @ t["WS"].T + x, (d,), eps=1e-5)
        hidden = torch.relu(functional.linear(stream1, t["W1"], t["B1"]))
        return functional.layer_norm(functional.linear(hidden, t["W2"], t["B2"]) + stream1, (d,), eps=1e-5)
    return block


def closure_count(t, p):
    """Count of Reach = E⁺ by squaring R <- R or R·R until it stops growing: log₂(n) dense products."""
    n = p["nodes"]
    edges = t["E"]
    # Half precision is exact for 0/1 products summed into >0 tests (an overflow to inf is still > 0).
    dtype = torch.float16 if device.type == "cuda" else torch.float32

    def close():
        reach = torch.zeros(n, n, dtype=dtype, device=device)
        reach[edges[:, 0], edges[:, 1]] = 1
        count = int(reach.count_nonzero())
        while True:
            reach = ((reach + reach @ reach) > 0).to(dtype)
            grown = int(reach.count_nonzero())
            if grown == count:
                return torch.tensor(float(count), device=device)
            count = grown
    return close


def builder(kind, t, p):
    functional = torch.nn.functional
    if kind == "matmul":
        return lambda: t["A"] @ t["B"]
    if kind == "bmm":
        return lambda: torch.bmm(t["A"], t["B"])
    if kind == "attn-scores":
        return lambda: t["Q"] @ t["K"].transpose(-1, -2)
    if kind == "attn-weighted":
        return lambda: t["P"] @ t["V"]
    if kind == "transformer":
        return transformer(t, p)
    if kind == "mlp":
        return lambda: torch.softmax(functional.linear(torch.relu(functional.linear(
            torch.relu(functional.linear(t["X"], t["W1"], t["B1"])), t["W2"], t["B2"])), t["W3"], t["B3"]), dim=1)
    if kind == "gnn":
        sources, targets, z = t["Neig"][:, 0], t["Neig"][:, 1], t["Z"]
        return lambda: torch.zeros(p["nodes"], z.shape[1], device=device).index_add_(0, sources, z[targets])
    if kind == "tc":
        return closure_count(t, p)
    raise ValueError(f"unknown kind {kind}")


# ---------------------------------------------------------------------------------------------------

def load(folder, case):
    """Inputs on the host, as the files hold them. A .tsv of millions of rows is split, not np.loadtxt'ed (10× faster)."""
    inputs = {}
    for entry in case["inputs"]:
        path = folder / entry["file"]
        if path.suffix == ".npy":
            inputs[entry["tensor"]] = np.load(path)
        else:
            values = np.array(path.read_text().split(), dtype=np.int64)
            columns = len(path.open().readline().split("\t"))
            inputs[entry["tensor"]] = values.reshape(-1, columns)
    return inputs


def timed(function, budget):
    """Best and median milliseconds, and the last result; repetitions stop early once the budget is spent."""
    started = time.perf_counter()
    for _ in range(args.warmup):
        function()
    sync()
    times, result = [], None
    for _ in range(args.reps):
        sync()
        start = time.perf_counter()
        result = function()
        sync()
        times.append((time.perf_counter() - start) * 1e3)
        if time.perf_counter() - started > budget:
            break
    return result, summary(times), len(times)


def summary(milliseconds):
    ordered = sorted(milliseconds)
    middle = len(ordered) // 2
    median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return {"best": round(ordered[0], 4), "median": round(median, 4)}


def selected(case):
    if not args.case:
        return True
    names = [n.strip() for n in args.case.split(",") if n.strip()]
    return any(case["name"] == n or case["kind"] == n or case["name"].startswith(n + "-") for n in names)


def emit(case, **fields):
    line = {"case": case["name"], "peer": "pytorch", "device": device.type, "version": torch.__version__,
            "description": case["description"], "flops": case["flops"], **fields}
    print(json.dumps(line), flush=True)


def run_case(folder, case):
    kind, p = case["kind"], case["params"]
    if kind == "tc" and p["nodes"] > args.dense_closure_limit:
        emit(case, skipped=f"dense closure of {p['nodes']} nodes needs {p['nodes'] ** 2 * 2 / 1e9:.0f} GB per matrix; over --dense-closure-limit")
        return
    host = load(folder, case)
    on_device = {name: torch.from_numpy(value).to(device) for name, value in host.items()}
    function = builder(kind, on_device, p)
    with torch.inference_mode():
        result, times, reps = timed(function, args.case_seconds)

        def with_transfers():
            # The same computation from host arrays to a host result, as TensorLogic's execute phase does it.
            fresh = {name: torch.from_numpy(value).to(device) for name, value in host.items()}
            return builder(kind, fresh, p)().cpu()
        _, transfer_times, _ = timed(with_transfers, args.case_seconds / 2)
    expected = result.float().cpu().numpy()
    np.save(folder / "numpy.npy", expected)
    emit(case, warmup=args.warmup, reps=reps, executeMs=times, withTransfersMs=transfer_times,
         gflops=case["flops"] / times["best"] / 1e6 if times["best"] else 0,
         sum=float(expected.astype(np.float64).sum()))


def main():
    root = Path(args.dir)
    cases = sorted((json.loads(m.read_text()) | {"folder": m.parent} for m in root.glob("*/case.json")), key=lambda c: c["order"])
    cases = [c for c in cases if selected(c)]
    if not cases:
        sys.exit(f"torch_peers.py: no case folders under {root}")
    note = torch.cuda.get_device_name(0) if device.type == "cuda" else "no CUDA: PyTorch runs on the CPU"
    print(f"torch_peers: PyTorch {torch.__version__} on {device.type} ({note})", file=sys.stderr)
    for case in cases:
        folder = case.pop("folder")
        if args.deadline and time.time() > args.deadline:
            emit(case, skipped="time budget spent")
            print(f"torch_peers: {case['name']}: SKIPPED, time budget spent", file=sys.stderr)
            continue
        print(f"torch_peers: {case['name']} ({case['description']}) ...", file=sys.stderr)
        try:
            run_case(folder, case)
        except (RuntimeError, MemoryError) as e:  # CUDA out of memory is a RuntimeError
            emit(case, error=str(e).splitlines()[0][:300])
        finally:
            if device.type == "cuda":
                torch.cuda.empty_cache()


if __name__ == "__main__":
    main()
