#!/usr/bin/python3
"""Where a training step of `tlc train` goes, from the scratch copy's stopwatches (scratch.sh builds it).

Runs the instrumented tlc ROUNDS times and prints, for the epochs after the first, the minimum over the
runs of each stopwatch per step and of each equation's kernel time per call in the batch-64 session
(the minimum, because on a shared machine noise only adds).

  steps.py PROGRAM EPOCHS [--threads 2] [--rounds 3] [--env '{"TL_FIX_LEAK": "1"}']
"""
import argparse
import collections
import json
import os
import re
import subprocess

SCRATCH = os.path.join(os.environ.get("TMPDIR", "/tmp"), "tensorlogic-learning-scratch")

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("program")
parser.add_argument("epochs")
parser.add_argument("--threads", default="2")
parser.add_argument("--rounds", type=int, default=3)
parser.add_argument("--env", default="{}", help="JSON object of environment variables (the switches of scratch.sh)")
args = parser.parse_args()
env = dict(os.environ, TL_TRAIN_PROFILE="1", **json.loads(args.env))
tlc = os.path.join(SCRATCH, "src/Tlc/bin/Release/net10.0/tlc.dll")
stopwatches, equations = collections.defaultdict(list), collections.defaultdict(list)
for _ in range(args.rounds):
    err = subprocess.run(["dotnet", tlc, "train", args.program, "--threads", args.threads, "--epochs", args.epochs],
                         cwd=SCRATCH, env=env, capture_output=True, text=True).stderr
    later = err.split("=== epochs 2.. totals ===")[1]
    for line in later.splitlines():
        if m := re.match(r"PROFILE (.+?)\s+([\d.]+) ms\s+(-?\d+) calls", line):
            stopwatches[m.group(1).strip()].append((float(m.group(2)), int(m.group(3))))
        elif m := re.match(r"EQ\s+64\s+([\d.]+) ms\s+(\d+) calls\s+[\d.]+ us/call (\S+)\s+(.+?)\s+([\d.]+) MF (.*)", line):
            equations[m.group(6)].append((float(m.group(1)), int(m.group(2)), m.group(4).strip(), float(m.group(5))))
steps = min(c for _, c in stopwatches["step (later epochs)"])
print(f"{steps} steps after epoch 1; minimum of {args.rounds} runs; microseconds per step")
for name, values in sorted(stopwatches.items(), key=lambda kv: -min(t for t, _ in kv[1])):
    print(f"  {min(t for t, _ in values) * 1000 / steps:9.1f}  {name}  ({values[0][1] / steps:.1f} calls/step)")
print("kernels of the batch-64 session, microseconds per call:")
total = 0.0
for text, values in sorted(equations.items(), key=lambda kv: -min(v[0] for v in kv[1])):
    per_call = min(v[0] for v in values) * 1000 / values[0][1]
    total += per_call
    kind, mflop = values[0][2], values[0][3]
    print(f"  {per_call:8.1f}  {kind:28} {mflop:6.3f} MFLOP {mflop / per_call * 1e3:6.2f} GFLOP/s  {text}")
print(f"  {total:8.1f}  in all")
