#!/usr/bin/python3
"""Whole `tlc train` runs of the scratch copy (scratch.sh) under several switch settings, interleaved, so
that each fix's effect on seconds per epoch, CPU time and peak memory can be read side by side.

  ab.py '{"base": {}, "leak": {"TL_FIX_LEAK": "1"}}' digits:20,copy:10 [--rounds 3] [--threads 2]
"""
import argparse
import csv
import json
import os
import statistics
import subprocess
import tempfile
import time

SCRATCH = os.path.join(os.environ.get("TMPDIR", "/tmp"), "tensorlogic-learning-scratch")
PROGRAMS = {"digits": "examples/digits.tl", "copy": "bench/learning/copy.tl"}

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("configs", help="JSON: name -> environment variables")
parser.add_argument("cases", help="case:epochs,...")
parser.add_argument("--rounds", type=int, default=3)
parser.add_argument("--threads", default="2")
args = parser.parse_args()
tlc = os.path.join(SCRATCH, "src/Tlc/bin/Release/net10.0/tlc.dll")
results = {}
for _ in range(args.rounds):
    for spec in args.cases.split(","):
        case, epochs = spec.split(":")
        for name, switches in json.loads(args.configs).items():
            with tempfile.NamedTemporaryFile(suffix=".csv") as log:
                start = time.perf_counter()
                process = subprocess.Popen(["dotnet", tlc, "train", PROGRAMS[case], "--threads", args.threads, "--epochs", epochs,
                                            "--log", log.name], cwd=SCRATCH, stdout=subprocess.DEVNULL,
                                           env=dict(os.environ, **switches))
                _, _, usage = os.wait4(process.pid, 0)
                wall = time.perf_counter() - start
                rows = list(csv.DictReader(open(log.name)))
            times = [float(r["elapsed_seconds"]) for r in rows]
            per_epoch = statistics.median(b - a for a, b in zip(times, times[1:]))
            results.setdefault((case, name), []).append(
                (per_epoch, times[0], wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, float(rows[-1]["train_loss"])))
for (case, name), runs in results.items():
    print(f"{case:7} {name:24} s/epoch median {statistics.median(r[0] for r in runs):.4f} best {min(r[0] for r in runs):.4f}"
          f" | epoch 1 {min(r[1] for r in runs):.2f} s | wall {min(r[2] for r in runs):.2f} s | CPU {min(r[3] for r in runs):.2f} s"
          f" | peak {max(r[4] for r in runs):.0f} MB | final loss {runs[0][5]:.6g}")
print("load average", " ".join(f"{x:.2f}" for x in os.getloadavg()))
