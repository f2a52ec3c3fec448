#!/usr/bin/python3
"""Trains each case with `tlc train` and with PyTorch (torch_peer.py), one whole process at a time, and
prints one JSON line per (case, system, repetition): the process's wall seconds (start-up included), each
epoch's cumulative seconds as the trainer's own clock gave them (tlc: --log; PyTorch: its log), the
final losses and accuracies. The two systems alternate, so that a slow minute of the shared machine
falls on both; they never run at the same time.

  runner.py --tlc PATH/tlc.dll [--reps 3] [--threads 2] [--epochs N] [--case digits,copy] [--work DIR]

After the last repetition of each case the tensors tlc learned (--save) are scored by torch_peer.py
--evaluate on the same held-out examples: for copy that gives the share of copied tokens right, which
tlc's own accuracy (one prediction per example: the last position) does not show, and for both it
checks that the two implementations compute the same model.
"""
import argparse
import csv
import json
import os
import tempfile
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
PROGRAMS = {"digits": "examples/learning/digits.tl", "copy": "bench/learning/copy.tl"}
PYTHON = "/usr/bin/python3"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tlc", required=True)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--epochs", type=int)
    parser.add_argument("--case", default="digits,copy")
    parser.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "tensorlogic-learning"))
    return parser.parse_args()


class Finished:
    """A finished process: its exit code, output, and what the kernel counted for it alone (os.wait4)."""

    def __init__(self, returncode, stdout, stderr, usage):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr
        self.cpu = usage.ru_utime + usage.ru_stime      # seconds, user + system, all threads
        self.rss_mb = usage.ru_maxrss / 1024           # peak resident memory


def timed(command):
    """(wall seconds, Finished) of one process, its output kept in temporary files."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return wall, Finished(process.returncode, out.read(), err.read(), usage)


def run_tlc(args, case, work):
    log, params = os.path.join(work, f"{case}.csv"), os.path.join(work, f"{case}-params")
    command = ["dotnet", args.tlc, "train", PROGRAMS[case], "--threads", str(args.threads), "--log", log, "--save", params]
    if args.epochs:
        command += ["--epochs", str(args.epochs)]
    wall, done = timed(command)
    if done.returncode != 0:
        return {"status": "error", "error": (done.stderr or done.stdout).strip()[-2000:]}, None
    with open(log) as file:
        rows = list(csv.DictReader(file))
    epochs = [{"epoch": int(r["epoch"]), "train_loss": float(r["train_loss"]),
               "validation_loss": float(r["validation_loss"]) if r["validation_loss"] else None,
               "accuracy": float(r["validation_accuracy"]) if r["validation_accuracy"] else None,
               "elapsed_seconds": float(r["elapsed_seconds"])} for r in rows]
    return {"status": "ok", "wall_seconds": wall, "cpu_seconds": done.cpu, "rss_mb": done.rss_mb, "log": epochs}, params


def run_torch(args, case):
    command = [PYTHON, os.path.join(HERE, "torch_peer.py"), "--case", case, "--threads", str(args.threads)]
    if args.epochs:
        command += ["--epochs", str(args.epochs)]
    wall, done = timed(command)
    if done.returncode != 0:
        return {"status": "error", "error": done.stderr.strip()[-2000:]}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result.update(status="ok", wall_seconds=wall, cpu_seconds=done.cpu, rss_mb=done.rss_mb)
    return result


def evaluate(args, case, params):
    """PyTorch's scores of the tensors tlc learned, on the same held-out examples."""
    done = subprocess.run([PYTHON, os.path.join(HERE, "torch_peer.py"), "--case", case, "--threads", str(args.threads),
                           "--evaluate", params], cwd=ROOT, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1]) if done.returncode == 0 else {"error": done.stderr.strip()[-500:]}


def main():
    args = parse_args()
    os.makedirs(args.work, exist_ok=True)
    for case in args.case.split(","):
        for rep in range(1, args.reps + 1):
            line = {"case": case, "rep": rep, "threads": args.threads}
            tl, params = run_tlc(args, case, args.work)
            if rep == args.reps and params:
                tl["scored_by_torch"] = evaluate(args, case, params)
            print(json.dumps({**line, "system": "tensorlogic", **tl}), flush=True)
            print(json.dumps({**line, "system": "pytorch", **run_torch(args, case)}), flush=True)
            print(f"runner: {case} repetition {rep}/{args.reps} done", file=sys.stderr)


if __name__ == "__main__":
    main()
