#!/usr/bin/python3
"""The benchmark cases in NumPy and PyTorch (CPU, float32), timed warm like TensorLogic's in-process runs.

Reads the case folders that `TensorLogic.Bench prepare` (or `run`) wrote: case.json says what to compute,
the .npy/.tsv files beside it are the very inputs the Tensor Logic program reads. For each case it times
NumPy and then PyTorch on the computation only (inputs loaded, layouts and index arrays prepared
beforehand; the warm-up and repetition counts are the harness's), writes NumPy's result to numpy.npy
for the harness to check TensorLogic against, checks PyTorch against NumPy, and prints one JSON line
per case and peer. The computations are in numpy_cases.py and torch_cases.py; end_to_end.py times the
same ones as whole scripts (script.py), started cold.

Run with /usr/bin/python3 (Debian's numpy and torch); tools/install-peers.sh installs them.
  /usr/bin/python3 bench/peers/peers.py --dir DIR [--threads 2] [--warmup 1] [--reps 5] [--case NAME] [--only numpy|torch]
"""
import argparse
import json
import os
import sys
import time

import case_folders
import threads


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
threads.use(args.threads)
openblas = threads.choose_openblas_kernels()

import numpy as np  # noqa: E402  (after threads.use: the thread pools are sized when the libraries load)
import torch  # noqa: E402
from numpy_cases import load_inputs, numpy_case  # noqa: E402
from torch_cases import torch_case  # noqa: E402

torch.set_num_threads(args.threads)


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


def main():
    cases = case_folders.find(args.dir, args.case)
    if not cases:
        sys.exit(f"peers.py: no case folders matching '{args.case or '*'}' under {args.dir}; run `TensorLogic.Bench prepare` first")

    versions = {"numpy": np.__version__, "torch": torch.__version__}
    for folder, case in cases:
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
        "description": case["description"], "flops": flops, "gemmLike": case.get("gemmLike", False),
        "warmup": args.warmup, "reps": args.reps, "ompWaitPolicy": os.environ["OMP_WAIT_POLICY"],
        "openblasCore": openblas,
        "executeMs": summary(times), "gflops": flops / min(times) / 1e6,
    }
    if error is not None:
        line["check"] = {"against": "numpy", "relError": error, "ok": error <= 1e-3}
    print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
