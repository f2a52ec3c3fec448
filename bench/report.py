#!/usr/bin/python3
"""Turns the JSON lines of TensorLogic.Bench, peers.py and end_to_end.py into the Markdown report of bench/run.sh.

  report.py --tensorlogic FILE --peers FILE [--end-to-end FILE] [--write docs/benchmarks.md] [--command "bench/run.sh ..."]

Standard library only. Times are the best of the timed repetitions, with the median in parentheses;
a speed ratio is the peer's best time over TensorLogic's, so above 1 means TensorLogic is faster.
With --write the report replaces the top of the page, up to its first hand-written section; every section
from there on (the analysis, and the sections of the logic, learning and GPU suites) is kept.
"""
import argparse
import datetime
import json
import os
import platform
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from page_sections import replace_top  # noqa: E402

END_TO_END = "## End to end: whole processes, started cold"
WARM = "## In process: the computation, warm"


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


def seconds(times):
    if not times:
        return "—"
    return f"{fmt(times['best'] / 1e3)} ({fmt(times['median'] / 1e3)})"


def fmt(value):
    if value >= 100:
        return f"{value:.0f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def percent(fraction):
    value = 100 * fraction
    return f"{value:.0f}%" if value >= 10 else f"{value:.2g}%"


def flops(value):
    for unit, scale in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if value >= scale:
            return f"{value / scale:.3g} {unit}"
    return f"{value:.0f}"


def ratio(peer, ours, key):
    if not peer or not ours or not peer.get(key) or not ours.get(key):
        return "—"
    return f"{fmt(peer[key]['best'] / ours[key]['best'])}×"


def by_case(lines):
    """{case: {peer: line}} and the cases in the order they first appear (the suite's order)."""
    table, order = {}, []
    for line in lines:
        if line["case"] not in table:
            order.append(line["case"])
        table.setdefault(line["case"], {})[line["peer"]] = line
    return table, order


def end_to_end_section(lines, problems):
    if not lines:
        return []
    table, order = by_case(lines)
    first = lines[0]
    engine = next((l["engine"] for l in lines if "engine" in l), None)
    out = [END_TO_END, ""]
    out.append(f"Each case as a user runs it, one fresh process per run: `tlc run program.tl` "
               f"({'engine ' + engine + ', ' if engine else ''}the Release build, ReadyToRun) against a Python script "
               f"per peer that imports NumPy or PyTorch, reads the same input files, computes and saves the result. "
               f"Both write the result to a .npy file of float64 (what tlc writes), so neither prints a large tensor. "
               f"Wall seconds from start to exit, start-up and reading the data included; best of {first['reps']} runs "
               f"(median in parentheses), {first['threads']} threads; the three took turns run by run. "
               f"Peak memory is the largest resident set of any run. A speed ratio is the peer's best time over tlc's.")
    out.append("")
    out.append("| case | FLOPs | `tlc run` s | NumPy script s | PyTorch script s | TL/NumPy speed ratio | TL/PyTorch speed ratio | peak MB tlc / NumPy / PyTorch |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    for case in order:
        row = table[case]
        for name, line in row.items():
            if "error" in line:
                problems.append(f"- `{case}` end to end, {name} failed: {line['error'].splitlines()[0] if line['error'] else ''}")
            elif (line.get("check") or {}).get("ok") is False:
                problems.append(f"- `{case}` end to end: {name}'s written result differs from NumPy's "
                                f"({line['check'].get('status')}, relative error {line['check'].get('relError')})")
        ours, numpy, torch = (row.get(p) if "wallMs" in row.get(p, {}) else None for p in ("tensorlogic", "numpy", "pytorch"))
        memory = " / ".join(f"{l['rssMb']:.0f}" if l else "—" for l in (ours, numpy, torch))
        any_line = next(iter(row.values()))
        out.append(f"| {case} | {flops(any_line.get('flops', 0))} | {seconds(ours and ours['wallMs'])} | "
                   f"{seconds(numpy and numpy['wallMs'])} | {seconds(torch and torch['wallMs'])} | "
                   f"{ratio(numpy, ours, 'wallMs')} | {ratio(torch, ours, 'wallMs')} | {memory} |")
    errors = [l["check"]["relError"] for l in lines if (l.get("check") or {}).get("relError") is not None and l["peer"] == "tensorlogic"]
    if errors:
        out.append("")
        out.append(f"tlc's written results against NumPy's: largest relative error {max(errors):.1e}.")
    out.append("")
    return out


def warm_section(tensorlogic, peers, peak, requested_engine, problems):
    results = [l for l in tensorlogic if "case" in l]
    table, order = by_case(peers + results)
    if not order:
        return []
    first_tl = next((l for l in results if "engine" in l), None)
    engine = first_tl["engine"] if first_tl else (f"{requested_engine}, which produced no results (see the run's messages)" if requested_engine else None)
    threads = next((l["threads"] for l in results + peers if "threads" in l), "?")
    repetitions = next(((l["warmup"], l["reps"]) for l in results + peers if "reps" in l), ("?", "?"))
    peak_gflops = (peak or {}).get("gflops")

    out = [WARM, ""]
    out.append(f"Engine: **{engine or 'TensorLogic not run (--peers-only)'}**, {threads} threads; the computation alone "
               f"(TensorLogic's `Session.Evaluate` of the result on a fresh Session, the peers' call on loaded inputs), "
               f"best of {repetitions[1]} timed runs after {repetitions[0]} warm-up (median in parentheses), milliseconds. "
               f"A speed ratio is the peer's best time over TensorLogic's: above 1, TensorLogic is faster.")
    out.append("")
    if peak_gflops:
        out.append(f"Peak: **{peak_gflops:.0f} GFLOP/s** float32 on {peak['threads']} threads, measured at the start of "
                   f"the TensorLogic run ({peak['what']}; no memory traffic, so no program can beat it). \"TL % of peak\" is "
                   f"TensorLogic's GFLOP/s over it, for the GEMM-like cases (dense contractions bound by arithmetic).")
        out.append("")
    elif peak:
        out.append(f"Peak: not measured ({peak.get('error')}).")
        out.append("")
    out.append("| case | FLOPs | TensorLogic ms | NumPy ms | PyTorch ms | TL/NumPy speed ratio | TL/PyTorch speed ratio | GFLOP/s TL / NumPy / PyTorch | TL % of peak | parse+check+plan ms |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for case in order:
        row = table[case]
        ours, numpy, torch = row.get("tensorlogic"), row.get("numpy"), row.get("pytorch")
        any_line = ours or numpy or torch
        if ours and "error" in ours:
            problems.append(f"- `{case}` on TensorLogic failed: {ours['error'].splitlines()[0]}")
            ours = None
        front = share = "—"
        gflops = " / ".join(fmt(line["gflops"]) if line and "gflops" in line else "—" for line in (ours, numpy, torch))
        if ours:
            front = fmt(ours["parseCheckMs"]["median"] + ours["planMs"]["median"])
            if peak_gflops and ours.get("gemmLike"):
                share = percent(ours["gflops"] / peak_gflops)
        out.append(f"| {case} | {flops(any_line.get('flops', 0))} | {ms(ours and ours['executeMs'])} | "
                   f"{ms(numpy and numpy['executeMs'])} | {ms(torch and torch['executeMs'])} | "
                   f"{ratio(numpy, ours, 'executeMs')} | {ratio(torch, ours, 'executeMs')} | {gflops} | {share} | {front} |")
        for peer, line in (("TensorLogic", ours), ("PyTorch", torch)):
            check = (line or {}).get("check") or {}
            if check.get("ok") is False:
                problems.append(f"- `{case}`: {peer} differs from NumPy (relative error {check.get('relError')}; {check.get('status', '')})")
            elif line is ours and line and "relError" not in check:
                problems.append(f"- `{case}`: TensorLogic's result was not checked ({check.get('status', 'no check')})")

    naive = [(case, table[case]["tensorlogic"]) for case in order if "naive" in table[case].get("tensorlogic", {})]
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
        any_line = next(iter(table[case].values()))
        out.append(f"- `{case}`: {any_line.get('description', '')}")

    errors = [l["check"]["relError"] for l in results if (l.get("check") or {}).get("relError") is not None]
    torch_errors = [l["check"]["relError"] for l in peers if (l.get("check") or {}).get("relError") is not None]
    out.append("")
    if errors:
        out.append(f"Every TensorLogic result was compared with NumPy's on the same input files: largest relative "
                   f"error {max(errors):.1e} (‖TL − NumPy‖₂ / ‖NumPy‖₂; bound 1e-3).")
    if torch_errors:
        out.append(f"PyTorch against NumPy: largest relative error {max(torch_errors):.1e}.")
    policy = next((l["ompWaitPolicy"] for l in peers if "ompWaitPolicy" in l), None)
    if policy:
        out.append(f"PyTorch ran with OMP_WAIT_POLICY={policy} (bench/peers/threads.py says why).")
    core = next((l["openblasCore"] for l in peers if "openblasCore" in l), None)
    if core:
        out.append(f"NumPy and PyTorch used OpenBLAS's {core} kernels (named for them where OpenBLAS's own detection "
                   f"falls back to its generic ones; bench/peers/threads.py says why).")
    out.append("")
    return out


def report(tensorlogic, peers, end_to_end, command, requested_engine):
    peak = next((l for l in tensorlogic if l.get("peer") == "peak"), None)
    numpy_version = next((l["version"] for l in peers if l["peer"] == "numpy"), "not run")
    torch_version = next((l["version"] for l in peers if l["peer"] == "pytorch"), "not run")
    info = machine()
    problems = []
    out = end_to_end_section(end_to_end, problems)
    out += warm_section(tensorlogic, peers, peak, requested_engine, problems)
    if problems:
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

Produced by `bench/run.sh --write`, which rewrites this page down to "Against the targets"; the sections
from there on are written by hand or by the other suites and are kept. The cases are Tensor Logic
programs (bench/TensorLogic.Bench/Cases.cs); NumPy and PyTorch compute the same thing from the same
input files (bench/peers/). The end-to-end table times whole processes, as a user runs them; the
in-process table times the computation alone, warm. FLOPs count a multiply-add as 2 in a good
evaluation order and ignore elementwise functions.

"""


def hand_written_sections():
    """The sections a page starts with when there is no page yet: the analysis and the other suites' reports."""
    here = os.path.dirname(os.path.abspath(__file__))
    parts = [os.path.join(here, "analysis.md")] + [os.path.join(here, suite, "report.md") for suite in ("logic", "learning", "gpu")]
    return "\n".join(open(path).read() for path in parts if os.path.exists(path))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tensorlogic")
    parser.add_argument("--peers")
    parser.add_argument("--end-to-end", help="the JSON lines of bench/peers/end_to_end.py")
    parser.add_argument("--write", help="replace the generated top of this Markdown page with the report")
    parser.add_argument("--command", help="the command that produced the results, for the record")
    parser.add_argument("--engine", help="the engine TensorLogic was asked to run, named when it produced nothing")
    arguments = parser.parse_args()
    text = report(read_lines(arguments.tensorlogic), read_lines(arguments.peers), read_lines(arguments.end_to_end),
                  arguments.command, arguments.engine)
    print(text)
    if arguments.write:
        page = open(arguments.write).read() if os.path.exists(arguments.write) else DOC_HEADER + hand_written_sections()
        with open(arguments.write, "w") as file:
            file.write(replace_top(page, DOC_HEADER + text, {END_TO_END, WARM}))
        print(f"wrote {arguments.write}", file=sys.stderr)


if __name__ == "__main__":
    main()
