#!/usr/bin/python3
"""Turns the JSON lines of TensorLogic.Bench and peers.py into the Markdown report of bench/run.sh.

  report.py --tensorlogic FILE --peers FILE [--write docs/benchmarks.md] [--command "bench/run.sh ..."]

Standard library only. Times are the best of the timed repetitions, with the median in parentheses;
a speed ratio is the peer's best time over TensorLogic's, so above 1 means TensorLogic is faster.
"""
import argparse
import datetime
import json
import os
import platform
import subprocess
import sys


def read_lines(path):
    if not path or not os.path.exists(path):
        return []
    with open(path) as file:
        return [json.loads(line) for line in file if line.startswith("{")]


def run(command):
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine():
    model = next((line.split(":", 1)[1].strip() for line in run(["lscpu"]).splitlines() if line.startswith("Model name")), platform.processor())
    flags = run(["grep", "-m1", "-o", "-w", "avx512f", "/proc/cpuinfo"])
    return {
        "cpu": f"{model}, {os.cpu_count()} cores{' (AVX-512)' if flags else ''}",
        "os": f"{run(['sh', '-c', '. /etc/os-release && echo $PRETTY_NAME'])}, Linux {platform.release()}",
        "dotnet": run(["dotnet", "--version"]),
        "openblas": run(["dpkg-query", "-W", "-f=${Version}", "libopenblas0-pthread"]),
        "commit": run(["git", "rev-parse", "--short", "HEAD"]),
        "load": run(["sh", "-c", "cut -d' ' -f1-3 /proc/loadavg"]),
    }


def ms(times):
    if not times:
        return "—"
    return f"{fmt(times['best'])} ({fmt(times['median'])})"


def fmt(value):
    if value >= 100:
        return f"{value:.0f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def flops(value):
    for unit, scale in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if value >= scale:
            return f"{value / scale:.3g} {unit}"
    return f"{value:.0f}"


def ratio(peer, ours):
    if not peer or not ours or not ours.get("executeMs"):
        return "—"
    return f"{fmt(peer['executeMs']['best'] / ours['executeMs']['best'])}×"


def report(tensorlogic, peers, command, requested_engine):
    by_case = {}
    order = []
    for line in peers + tensorlogic:
        if line["case"] not in by_case:
            order.append(line["case"])
        by_case.setdefault(line["case"], {})[line["peer"]] = line
    first_tl = next((l for l in tensorlogic if "engine" in l), None)
    engine = first_tl["engine"] if first_tl else (f"{requested_engine}, which produced no results (see the run's messages)" if requested_engine else None)
    numpy_version = next((l["version"] for l in peers if l["peer"] == "numpy"), "not run")
    torch_version = next((l["version"] for l in peers if l["peer"] == "pytorch"), "not run")
    threads = next((l["threads"] for l in tensorlogic + peers if "threads" in l), "?")
    repetitions = next(((l["warmup"], l["reps"]) for l in tensorlogic + peers if "reps" in l), ("?", "?"))
    info = machine()

    out = []
    out.append(f"Engine: **{engine or 'TensorLogic not run (--peers-only)'}**, {threads} threads; best of {repetitions[1]} timed runs after "
               f"{repetitions[0]} warm-up (median in parentheses), milliseconds. A speed ratio is the peer's "
               f"best time over TensorLogic's: above 1, TensorLogic is faster.")
    out.append("")
    out.append("| case | FLOPs | TensorLogic ms | NumPy ms | PyTorch ms | TL/NumPy speed ratio | TL/PyTorch speed ratio | parse+check+plan ms |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    problems = []
    for case in order:
        row = by_case[case]
        ours, numpy, torch = row.get("tensorlogic"), row.get("numpy"), row.get("pytorch")
        any_line = ours or numpy or torch
        if ours and "error" in ours:
            problems.append(f"- `{case}` on TensorLogic failed: {ours['error'].splitlines()[0]}")
            ours = None
        front = "—"
        if ours:
            front = fmt(ours["parseCheckMs"]["median"] + ours["planMs"]["median"])
        out.append(f"| {case} | {flops(any_line.get('flops', 0))} | {ms(ours and ours['executeMs'])} | "
                   f"{ms(numpy and numpy['executeMs'])} | {ms(torch and torch['executeMs'])} | "
                   f"{ratio(numpy, ours)} | {ratio(torch, ours)} | {front} |")
        for peer, line in (("TensorLogic", ours), ("PyTorch", torch)):
            check = (line or {}).get("check") or {}
            if check.get("ok") is False:
                problems.append(f"- `{case}`: {peer} differs from NumPy (relative error {check.get('relError')}; {check.get('status', '')})")
            elif line is ours and line and "relError" not in check:
                problems.append(f"- `{case}`: TensorLogic's result was not checked ({check.get('status', 'no check')})")

    naive = [(case, by_case[case]["tensorlogic"]) for case in order
             if "naive" in by_case[case].get("tensorlogic", {})]
    if naive:
        out.append("")
        out.append("Contraction planning against one loop nest over all indices (plain C#, double, 1 thread):")
        out.append("")
        out.append("| case | TensorLogic ms | loop nest ms | planning speed-up |")
        out.append("|---|---:|---:|---:|")
        for case, line in naive:
            out.append(f"| {case} | {ms(line['executeMs'])} | {ms(line['naive']['ms'])} | {fmt(line['naive']['engineSpeedup'])}× |")

    out.append("")
    out.append("Cases:")
    for case in order:
        any_line = next(iter(by_case[case].values()))
        out.append(f"- `{case}`: {any_line.get('description', '')}")

    errors = [l["check"]["relError"] for l in tensorlogic if (l.get("check") or {}).get("relError") is not None]
    torch_errors = [l["check"]["relError"] for l in peers if (l.get("check") or {}).get("relError") is not None]
    out.append("")
    if errors:
        out.append(f"Every TensorLogic result was compared with NumPy's on the same input files: largest relative "
                   f"error {max(errors):.1e} (‖TL − NumPy‖₂ / ‖NumPy‖₂; bound 1e-3).")
    if torch_errors:
        out.append(f"PyTorch against NumPy: largest relative error {max(torch_errors):.1e}.")
    policy = next((l["ompWaitPolicy"] for l in peers if "ompWaitPolicy" in l), None)
    if policy:
        out.append(f"PyTorch ran with OMP_WAIT_POLICY={policy} (bench/peers/peers.py says why).")
    if problems:
        out.append("")
        out.append("Problems:")
        out.extend(problems)
    out.append("")
    out.append(f"Machine: {info['cpu']}; {info['os']}. Load average when the report was made: {info['load']} "
               f"(the machine is shared, so the best time is the better estimate and the gap to the median shows the noise).")
    out.append(f"Versions: .NET SDK {info['dotnet']}, TensorLogic commit {info['commit']}, NumPy {numpy_version}, "
               f"PyTorch {torch_version}, OpenBLAS {info['openblas'] or '?'} (Debian packages, /usr/bin/python3).")
    out.append(f"Date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}.")
    if command:
        out.append(f"Command: `{command}`.")
    return "\n".join(out) + "\n"


DOC_HEADER = """# Benchmarks

Produced by `bench/run.sh --write`, which overwrites this page. The cases are Tensor Logic programs
(bench/TensorLogic.Bench/Cases.cs); NumPy and PyTorch compute the same thing from the same input
files (bench/peers/peers.py). TensorLogic's time is `Session.Evaluate` of the result tensor on a fresh
Session; "parse+check+plan" is `Compilation.Compile` (which also reads the data files) plus
constructing the Session (the engine's compilation). Peers are timed on the computation only.
FLOPs count a multiply-add as 2 in a good evaluation order and ignore elementwise functions.

"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tensorlogic")
    parser.add_argument("--peers")
    parser.add_argument("--write", help="write the report as a Markdown page to this path")
    parser.add_argument("--command", help="the command that produced the results, for the record")
    parser.add_argument("--engine", help="the engine TensorLogic was asked to run, named when it produced nothing")
    arguments = parser.parse_args()
    text = report(read_lines(arguments.tensorlogic), read_lines(arguments.peers), arguments.command, arguments.engine)
    print(text)
    if arguments.write:
        # The measured table is regenerated; the analysis of the cases below target is written by hand.
        analysis_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "analysis.md")
        analysis = open(analysis_path).read() if os.path.exists(analysis_path) else ""
        # The "## Logic" section belongs to bench/logic/run.sh --write, which keeps its copy in
        # bench/logic/report.md; appending it keeps the section whichever script ran last.
        logic_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "logic", "report.md")
        logic = open(logic_path).read() if os.path.exists(logic_path) else ""
        # The same for "## Learning", which belongs to bench/learning/run.sh --write (bench/learning/report.md).
        learning_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "learning", "report.md")
        learning = open(learning_path).read() if os.path.exists(learning_path) else ""
        # And "## GPU", which belongs to bench/gpu/report.py --write (bench/gpu/report.md).
        gpu_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gpu", "report.md")
        gpu = open(gpu_path).read() if os.path.exists(gpu_path) else ""
        with open(arguments.write, "w") as file:
            file.write(DOC_HEADER + text + ("\n" + analysis if analysis else "") + ("\n" + logic if logic else "")
                       + ("\n" + learning if learning else "") + ("\n" + gpu if gpu else ""))
        print(f"wrote {arguments.write}", file=sys.stderr)


if __name__ == "__main__":
    main()
