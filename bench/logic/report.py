#!/usr/bin/python3
"""Turns the JSON lines of runner.py into the Markdown "## Logic" section of bench/logic/run.sh.

  report.py RESULTS.jsonl [--command "bench/logic/run.sh ..."] [--write docs/benchmarks.md]

--write saves the section as bench/logic/report.md and replaces the "## Logic" section of the page (or
appends one). bench/report.py, which regenerates the rest of the page, appends bench/logic/report.md,
so the section survives either command being run after the other. Standard library only.
"""
import argparse
import datetime
import json
import os
import platform
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from page_sections import splice  # noqa: E402

SYSTEMS = (("tensorlogic", "TensorLogic"), ("clingo", "clingo"), ("swipl", "SWI-Prolog"))
HEADING = "## Logic"


def run(command):
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def versions():
    clingo = run(["clingo", "--version"]).splitlines()
    return {
        "cpu": next((l.split(":", 1)[1].strip() for l in run(["lscpu"]).splitlines() if l.startswith("Model name")),
                    platform.processor()) + f", {os.cpu_count()} cores",
        "dotnet": run(["dotnet", "--version"]),
        "clingo": clingo[0].split()[-1] if clingo else "?",
        "swipl": run(["swipl", "--version"]).replace("SWI-Prolog version ", "").split(" for ")[0],
        "commit": run(["git", "rev-parse", "--short", "HEAD"]),
        "load": run(["sh", "-c", "cut -d' ' -f1-3 /proc/loadavg"]),
    }


def number(value):
    return f"{value:,}" if isinstance(value, int) else f"{value:.6g}"


def seconds(value):
    return f"{value:.2f}" if value < 100 else f"{value:.0f}"


def cell(line):
    """Wall seconds and peak RSS in MB, or why there are none."""
    if not line:
        return "—", "—"
    status = line["status"]
    if status == "ok":
        return seconds(line["wallS"]), f"{line['rssMB']:.0f}"
    if status == "timeout":
        return f"timeout (>{line['timeLimitS']:.0f} s)", f"{line['rssMB']:.0f}+"
    if status == "memout":
        return f"memout at {line['wallS']:.0f} s", f">{line['rssMB']:.0f}"
    return status, "—"


def check(lines, expected):
    """(status text, agreed answers) over the systems that finished, and the answer generate.py computed."""
    answers = [(name, line["answers"]) for name, line in lines.items() if line.get("status") == "ok"]
    if expected:
        answers.append(("expected", expected))
    if not answers:
        return "no answers", None
    distinct = {json.dumps(a, sort_keys=True) for _, a in answers}
    if len(distinct) > 1:
        parts = ", ".join(f"{name} " + " ".join(f"{k}={number(v)}" for k, v in sorted(a.items())) for name, a in answers)
        return f"**MISMATCH**: {parts}", None
    who = [name for name, _ in answers]
    if len(who) == 1:
        return f"unchecked (only {who[0]})", answers[0][1]
    return "ok: " + " = ".join(who), answers[0][1]


def ratio(peer, ours):
    if not peer or not ours or ours.get("status") != "ok":
        return "—"
    if peer.get("status") == "ok":
        return f"{peer['wallS'] / ours['wallS']:.2g}×"
    if peer.get("status") in ("timeout", "memout"):
        return f">{peer['wallS'] / ours['wallS']:.2g}×"
    return "—"


def report(lines, command):
    by_case, order, info = {}, [], {}
    for line in lines:
        if line["case"] not in by_case:
            order.append(line["case"])
            info[line["case"]] = line
        by_case.setdefault(line["case"], {})[line["system"]] = line
    limit = next((l["timeLimitS"] for l in lines), 0)
    v = versions()

    out = [HEADING, ""]
    out.append("Datalog workloads against dedicated logic systems, produced by `bench/logic/run.sh --write` "
               "(cases and programs: bench/logic/generate.py). Each cell is one run of the whole process "
               "(start-up, reading the input, evaluation, printing), timed with GNU time: wall seconds and "
               f"peak resident memory in MB. Per-run limit {limit:g} s. A speed ratio is the peer's time over "
               "TensorLogic's: above 1, TensorLogic is faster (\">\" when the peer timed out). Bytes per tuple is "
               "TensorLogic's peak RSS over the derived tuples, start-up included (.NET alone takes ~45 MB). "
               "Check: the systems (and `expected`, an answer generate.py computed independently where that "
               "is cheap) printed the same count and, for shortest paths, the same sum of distances.")
    out.append("")
    out.append("| case | tuples | TL s | TL MB | clingo s | clingo MB | SWI s | SWI MB | clingo/TL | SWI/TL | TL B/tuple | check |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    notes, mismatches = [], []
    for case in order:
        row = by_case[case]
        status, agreed = check(row, info[case].get("expected"))
        if status.startswith("**MISMATCH"):
            mismatches.append(case)
        tuples = agreed["count"] if agreed else None
        ours = row.get("tensorlogic")
        per_tuple = "—"
        if ours and ours["status"] == "ok" and tuples:
            per_tuple = f"{ours['rssMB'] * 1048576 / tuples:,.0f}"
        cells = [c for system, _ in SYSTEMS for c in cell(row.get(system))]
        out.append(f"| {case} | {number(tuples) if tuples is not None else '—'} | {' | '.join(cells)} | "
                   f"{ratio(row.get('clingo'), ours)} | {ratio(row.get('swipl'), ours)} | {per_tuple} | {status} |")
        if agreed and "sum" in agreed:
            notes.append(f"- `{case}`: sum of the distances over the {number(agreed['count'])} reached nodes: {number(agreed['sum'])}.")
        for system, name in SYSTEMS:
            line = row.get(system) or {}
            if line.get("status") in ("error", "skipped"):
                message = (line.get("message") or "").strip().splitlines() or ["(no message)"]
                notes.append(f"- `{case}` on {name}: {line['status']}: {message[0]}")

    out.append("")
    out.append("Cases:")
    for case in order:
        out.append(f"- `{case}`: {info[case].get('description', '')} ({number(info[case].get('inputTuples', 0))} input tuples).")
    if notes:
        out.append("")
        out.append("Notes:")
        out.extend(notes)
    out.append("")
    out.append(f"**Mismatches: {', '.join(mismatches)}.**" if mismatches else "No mismatches between the systems that finished.")
    out.append("")
    out.append(f"Machine: {v['cpu']}; load average when the report was made: {v['load']} (shared machine: single "
               f"runs move by tens of percent). Versions: TensorLogic commit {v['commit']} (.NET SDK {v['dotnet']}, "
               f"Release build), clingo {v['clingo']}, SWI-Prolog {v['swipl']} (Debian packages).")
    out.append(f"Date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}."
               + (f" Command: `{command}`." if command else ""))
    return "\n".join(out) + "\n", mismatches


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results")
    parser.add_argument("--command")
    parser.add_argument("--write", help="the Markdown page whose Logic section to replace")
    arguments = parser.parse_args()
    with open(arguments.results) as file:
        lines = [json.loads(l) for l in file if l.startswith("{")]
    text, mismatches = report(lines, arguments.command)
    print(text)
    if arguments.write:
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "report.md"), "w") as file:
            file.write(text)
        page = open(arguments.write).read() if os.path.exists(arguments.write) else "# Benchmarks\n"
        with open(arguments.write, "w") as file:
            file.write(splice(page, HEADING, text))
        print(f"wrote {arguments.write} and bench/logic/report.md", file=sys.stderr)
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
