#!/usr/bin/python3
"""The end-to-end column: each case as a whole process, started cold, the way a user runs it.

TensorLogic is `tlc run program.tl` (the Release build, ReadyToRun), which reads the inputs, compiles, computes
and writes the result to tlc.npy; NumPy and PyTorch are script.py, which imports the library, reads the same
files, computes and saves script-numpy.npy / script-pytorch.npy. Each repetition runs the three one after
another (so that a change in the machine's load falls on all of them), and each process is timed from start to
exit: wall time, CPU time (user + system, from wait4) and peak resident memory. Afterwards every written result
is compared with numpy.npy, which peers.py left beside the inputs. One JSON line per case and system.

  /usr/bin/python3 bench/peers/end_to_end.py --dir DIR --tlc PATH [--engine cpu] [--threads 2] [--reps 3]
      [--case NAME] [--systems tensorlogic,numpy,pytorch] [--time-limit 600]

PATH is the tlc executable (bin/Release/net10.0/tlc) or tlc.dll, which is run with `dotnet`.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

import case_folders
import threads

SYSTEMS = ("tensorlogic", "numpy", "pytorch")
RESULT_FILES = {"tensorlogic": "tlc.npy", "numpy": "script-numpy.npy", "pytorch": "script-pytorch.npy"}
SCRIPT = Path(__file__).resolve().parent / "script.py"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", required=True, help="folder of case folders (each with case.json and program.tl)")
    parser.add_argument("--tlc", help="the tlc executable or tlc.dll (needed unless tensorlogic is left out of --systems)")
    parser.add_argument("--engine", default="cpu")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--case", help="a name, a family (matmul) or a comma-separated list")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="a comma-separated subset of " + ", ".join(SYSTEMS))
    parser.add_argument("--time-limit", type=float, default=600, help="seconds; a process still running then is killed")
    arguments = parser.parse_args()
    arguments.systems = [s.strip() for s in arguments.systems.split(",") if s.strip()]
    unknown = set(arguments.systems) - set(SYSTEMS)
    if unknown:
        parser.error(f"unknown systems {sorted(unknown)}; known: {', '.join(SYSTEMS)}")
    if "tensorlogic" in arguments.systems and not arguments.tlc:
        parser.error("--tlc is needed to run tensorlogic")
    return arguments


def command(system, arguments):
    if system == "tensorlogic":
        tlc = os.path.abspath(arguments.tlc)
        start = ["dotnet", tlc] if tlc.endswith(".dll") else [tlc]
        return start + ["run", "program.tl", "--engine", arguments.engine, "--threads", str(arguments.threads)]
    return [sys.executable, str(SCRIPT), system, ".", str(arguments.threads)]


def run_once(system, folder, arguments):
    """One cold run in the case's folder: {"wallMs", "cpuMs", "rssMb"}, or {"error": why}."""
    output = folder / RESULT_FILES[system]
    output.unlink(missing_ok=True)  # a result left by an earlier run must not pass for this one's
    with tempfile.TemporaryFile() as errors, tempfile.NamedTemporaryFile("r") as peak:
        # GNU time reports the peak resident set: wait4's ru_maxrss would start from this Python process's own
        # (the kernel carries a parent's high-water mark into a forked child across exec).
        timed = ["/usr/bin/time", "-f", "%M", "-o", peak.name] + command(system, arguments)
        started = time.perf_counter()
        process = subprocess.Popen(timed, cwd=folder, stdout=subprocess.DEVNULL, stderr=errors, start_new_session=True)
        # A slow case is killed at the limit rather than holding the shared machine for ever (time and its child).
        limit = threading.Timer(arguments.time_limit, lambda: os.killpg(process.pid, 9))
        limit.start()
        # wait4 rather than Popen.wait: it also returns the CPU time of time and of the command it waited for.
        _, status, usage = os.wait4(process.pid, 0)
        wall = (time.perf_counter() - started) * 1e3
        killed = not limit.is_alive()
        limit.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        message = errors.read().decode(errors="replace").strip()[-2000:]
        rss_kb = int(peak.read().split()[-1]) if not killed else 0
    if killed:
        return {"error": f"timeout: killed after {arguments.time_limit:g} s"}
    if process.returncode != 0:
        return {"error": f"exit {process.returncode}: {message}"}
    if not output.exists():
        return {"error": f"exited 0 but wrote no {output.name}: {message}"}
    return {"wallMs": wall, "cpuMs": (usage.ru_utime + usage.ru_stime) * 1e3, "rssMb": rss_kb / 1024}


def summary(milliseconds):
    ordered = sorted(milliseconds)
    middle = len(ordered) // 2
    median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return {"best": round(ordered[0], 2), "median": round(median, 2)}


def check(folder, system):
    """The written result against numpy.npy (NumPy's float32 result in the warm run), as the harness checks."""
    expected_path = folder / "numpy.npy"
    if not expected_path.exists():
        return {"against": "numpy", "status": "no numpy.npy (run bench/peers/peers.py on this folder first)"}
    expected = np.load(expected_path).astype(np.float64)
    ours = np.load(folder / RESULT_FILES[system]).astype(np.float64)
    if ours.shape != expected.shape:
        return {"against": "numpy", "ok": False, "status": f"shape mismatch: {list(ours.shape)} against NumPy's {list(expected.shape)}"}
    norm = np.linalg.norm(expected)
    difference = np.linalg.norm(ours - expected)
    error = float(difference / norm) if norm else float(difference)
    return {"against": "numpy", "relError": error, "ok": error <= 1e-3, "status": "ok" if error <= 1e-3 else "MISMATCH"}


def measure(folder, case, arguments):
    """The JSON line of each system on one case. Repetition by repetition the systems take turns, so that a
    neighbour's burst on the shared machine does not fall on one system's runs only; a system that fails
    (exit code, time limit, no result) is not run again."""
    runs = {system: [] for system in arguments.systems}
    errors = {}
    for _ in range(arguments.reps):
        for system in arguments.systems:
            if system in errors:
                continue
            run = run_once(system, folder, arguments)
            if "error" in run:
                print(f"  {system}: {run['error'].splitlines()[0]}", file=sys.stderr)
                errors[system] = run["error"]
            else:
                runs[system].append(run)
    for system in arguments.systems:
        line = {"case": case["name"], "peer": system, "mode": "end-to-end", "threads": arguments.threads,
                "description": case["description"], "flops": case["flops"], "reps": arguments.reps,
                "command": " ".join(command(system, arguments))}
        if system == "tensorlogic":
            line["engine"] = arguments.engine
        if system in errors:
            line["error"] = errors[system]
        else:
            done = runs[system]
            line["wallMs"] = summary([r["wallMs"] for r in done])
            line["cpuMs"] = summary([r["cpuMs"] for r in done])
            line["rssMb"] = round(max(r["rssMb"] for r in done), 1)
            line["check"] = check(folder, system)
        yield line


def main():
    arguments = parse_args()
    # The scripts this starts inherit the kernels chosen here (threads.py says why).
    threads.choose_openblas_kernels()
    cases = case_folders.find(arguments.dir, arguments.case)
    if not cases:
        sys.exit(f"end_to_end.py: no case folders matching '{arguments.case or '*'}' under {arguments.dir}")
    failures = 0
    for folder, case in cases:
        print(f"end to end: {case['name']} ({case['description']}) ...", file=sys.stderr)
        for line in measure(folder, case, arguments):
            failures += "error" in line or (line.get("check") or {}).get("ok") is False
            print(json.dumps(line), flush=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
