#!/usr/bin/python3
"""Turns what bench/gpu/device.sh left in its output folder into the "## GPU" section of docs/benchmarks.md.

  /usr/bin/python3 bench/gpu/report.py --out DIR [--write docs/benchmarks.md]

Prints the section. With --write it also replaces the page's "## GPU" section (or appends one) and keeps a copy
as bench/gpu/report.md. Standard library only. A ratio is PyTorch's best time over ours (above 1: we are faster),
against PyTorch with its inputs already on the device; our execute phase uploads inputs and downloads the result
each time, so the column with PyTorch's transfers counted is the like-for-like one.
"""
import argparse
import json
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from page_sections import splice  # noqa: E402

HEADING = "## GPU"
# The targets: a ratio (PyTorch time / ours) to reach, by case kind.
TARGETS = {"matmul": ("≥ 0.8× PyTorch", 0.8), "transformer": ("faster than PyTorch", 1.0), "mlp": ("faster than PyTorch", 1.0)}


def read(folder, name):
    path = os.path.join(folder, name)
    return open(path).read() if os.path.exists(path) else ""


def lines(folder, name):
    """The JSON lines of a file; a line cut short by a time limit is dropped."""
    out = []
    for line in read(folder, name).splitlines():
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            pass
    return [entry for entry in out if isinstance(entry, dict)]


def fmt(ms):
    if ms is None:
        return "—"
    return f"{ms:.0f}" if ms >= 100 else f"{ms:.2f}" if ms >= 1 else f"{ms:.3g}"


def times(entry, key="executeMs"):
    value = (entry or {}).get(key)
    return f"{fmt(value['best'])} ({fmt(value['median'])})" if value else "—"


def best(entry, key="executeMs"):
    return ((entry or {}).get(key) or {}).get("best")


def why_not(entry):
    """What stands in for a time: an error, a timeout or a skip, shortened."""
    if not entry:
        return "not run"
    text = entry.get("error") or entry.get("skipped") or ""
    return text[:80] + ("…" if len(text) > 80 else "")


def kind(name):
    return re.sub(r"-\d+k?$", "", name) if name.startswith(("matmul", "tc-")) else name


def machine(folder):
    facts = read(folder, "facts.txt")
    gpu = next((l.split(",")[0].strip() for l in facts.splitlines() if re.search(r"NVIDIA|H100|H200", l) and "|" in l), None)
    torch_line = next((l for l in facts.splitlines() if l.startswith("torch ")), "no PyTorch")
    cpu = next((l.split(":", 1)[1].strip() for l in facts.splitlines() if l.startswith("Model name")), "?")
    cores = next((l.split(":", 1)[1].strip() for l in facts.splitlines() if l.startswith("CPU(s)")), "?")
    return gpu, torch_line, f"{cpu}, {cores} cores"


def benchmark_table(ours, peers, engine):
    rows = ["| case | TensorLogic, " + engine + ", ms best (median) | GFLOP/s | PyTorch on device, ms | PyTorch with transfers, ms"
            " | PyTorch / ours | target | check | declined equations |", "|---|---:|---:|---:|---:|---:|---|---|---:|"]
    for name in [n for n in dict.fromkeys(l["case"] for l in ours + peers) if not n.startswith("tc-")]:
        tl = next((l for l in ours if l["case"] == name and l.get("engine") == engine), None)
        torch = next((l for l in peers if l["case"] == name), None)
        ratio = best(torch) / best(tl) if best(torch) and best(tl) else None
        target, goal = TARGETS.get(kind(name), ("—", None))
        met = "" if ratio is None or goal is None else (" ✔" if ratio >= goal else " ✘")
        check = ((tl or {}).get("check") or {}).get("status", "—")
        gflops = f"{tl['gflops']:.1f}" if tl and "gflops" in tl else "—"
        ours_ms = times(tl) if best(tl) else why_not(tl)
        rows.append(f"| {name} | {ours_ms} | {gflops} | {times(torch) if best(torch) else why_not(torch)} | {times(torch, 'withTransfersMs')}"
                    f" | {f'{ratio:.2f}' if ratio else '—'} | {target}{met} | {check} | {len((tl or {}).get('declined', []))} |")
    return rows


def closure_table(ours, peers, engine):
    rows = [f"| case | {engine}, ms best (median) | cpu, ms best (median) | {engine} speed-up | target | count on {engine} | count on cpu"
            " | PyTorch dense closure, ms |", "|---|---:|---:|---:|---|---:|---:|---:|"]
    for name in [n for n in dict.fromkeys(l["case"] for l in ours + peers) if n.startswith("tc-")]:
        gpu = next((l for l in ours if l["case"] == name and l.get("engine") == engine), None)
        cpu = next((l for l in ours if l["case"] == name and l.get("engine") == "cpu"), None)
        torch = next((l for l in peers if l["case"] == name), None)
        speedup = best(cpu) / best(gpu) if best(cpu) and best(gpu) else None
        counts = [((x or {}).get("check") or {}).get("sum") for x in (gpu, cpu)]
        agree = "" if None in counts or counts[0] == counts[1] else " **differ**"
        rows.append(f"| {name} | {times(gpu) if best(gpu) else why_not(gpu)} | {times(cpu) if best(cpu) else why_not(cpu)}"
                    f" | {f'{speedup:.1f}×' if speedup else '—'} | ≥ 10×{'' if speedup is None else ' ✔' if speedup >= 10 else ' ✘'}"
                    f" | {fmt_count(counts[0])}{agree} | {fmt_count(counts[1])} | {times(torch) if best(torch) else why_not(torch)} |")
    return rows


def fmt_count(value):
    return "—" if value is None else f"{value:,.0f}"


def per_epoch(entry):
    """Median seconds per epoch after the first (which carries start-up and compilation), else the first."""
    elapsed = [e["elapsed_seconds"] for e in (entry or {}).get("log", [])]
    if not elapsed:
        return None
    steps = [b - a for a, b in zip(elapsed, elapsed[1:])]
    return statistics.median(steps) if steps else elapsed[0]


def training_table(train, engine):
    tl = next((l for l in train if l.get("peer") == "tensorlogic"), None)
    torch = next((l for l in train if l.get("peer") == "pytorch"), None)
    if not tl and not torch:
        return ["(no training results)"]
    settings = tl or torch
    ours, theirs = per_epoch(tl), per_epoch(torch)

    def losses(entry):
        log = (entry or {}).get("log", [])
        return f"{log[0]['train_loss']:.4f} → {log[-1]['train_loss']:.4f}" if log else "—"
    return [f"MLP {settings.get('inputs')}→{settings.get('hidden')}→{settings.get('classes')}, {settings.get('examples'):,} examples,"
            f" batch {settings.get('batch')}, Adam, {settings.get('epochs')} epochs.", "",
            f"| system | s/epoch | epochs done | train loss, first → last epoch |", "|---|---:|---:|---|",
            f"| TensorLogic (`tlc train --engine {engine}`, {tl.get('status') if tl else 'not run'}) | {fmt_s(ours)} | {len((tl or {}).get('log', []))} | {losses(tl)} |",
            f"| PyTorch ({(torch or {}).get('device', '—')}) | {fmt_s(theirs)} | {len((torch or {}).get('log', []))} | {losses(torch)} |",
            "", f"PyTorch / ours: {theirs / ours:.2f}" if ours and theirs else "PyTorch / ours: —"]


def fmt_s(seconds):
    return "—" if seconds is None else f"{seconds:.3g}"


def declined_reasons(differential):
    """Each reason the engine gave for declining, once, with how many equations it covers in all."""
    counts = {}
    for line in differential:
        for part in line.split(" — ", 1)[1:]:
            for reason in part.split("; "):
                number, _, text = reason.partition("× ")
                counts[text] = counts.get(text, 0) + int(number) if number.isdigit() else counts.get(text, 0)
    if not counts:
        return []
    return ["Why equations were declined:", "", *[f"- {n} equations: {text}" for text, n in counts.items()], ""]


def report(folder):
    ours, peers, train = lines(folder, "tensorlogic.jsonl"), lines(folder, "peers.jsonl"), lines(folder, "train.jsonl")
    command = read(folder, "command.txt").strip() or "bash bench/gpu/device.sh"
    engine = read(folder, "engine.txt").strip() or "cuda"
    gpu, torch_line, cpu = machine(folder)
    differential = read(folder, "differential.txt").strip().splitlines()
    summary = next((l for l in reversed(differential) if l.startswith("differential ")), "differential: no summary (see differential.txt)")
    skipped = [l for l in read(folder, "steps.txt").splitlines() if "SKIPPED" in l or "timeout" in l or "failed" in l]
    peer_device = next((p.get("device") for p in peers if p.get("device")), None)
    out = [HEADING, "",
           f"Device: **{gpu or 'no NVIDIA GPU (engine ' + engine + ')'}**; host {cpu}; {torch_line}; commit {read(folder, 'commit.txt').strip() or '?'}.",
           f"Commands: `bench/gpu/prepare.sh` here, then on the device `{command}` (bench/gpu/README.md).",
           ""]
    if peer_device == "cpu":
        out += ["**PyTorch ran on the CPU (no CUDA on this machine): the ratios below are not the GPU comparison.**", ""]
    out += ["### Differential matrix", "", f"{summary}. Per program (an equation the engine declines runs on the reference provider):", "",
            "```", *[l.split(" — ")[0] for l in differential if l.startswith(("PASS", "FAIL", "      "))], "```", "",
            *declined_reasons(differential),
            "### Against PyTorch", "", *benchmark_table(ours, peers, engine), "",
            "### Transitive closure: the GPU engine against our CPU engine", "", *closure_table(ours, peers, engine), "",
            "### Training", "", *training_table(train, engine), ""]
    if skipped:
        out += ["Steps that did not finish:", "", *[f"- {l.removeprefix('device.sh: ')}" for l in skipped], ""]
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, help="the folder device.sh wrote ($OUT)")
    parser.add_argument("--write", help="the page whose GPU section to replace, e.g. docs/benchmarks.md")
    arguments = parser.parse_args()
    text = report(arguments.out)
    print(text)
    if arguments.write:
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "report.md"), "w") as file:
            file.write(text)
        page = open(arguments.write).read() if os.path.exists(arguments.write) else ""
        with open(arguments.write, "w") as file:
            file.write(splice(page, HEADING, text))
        print(f"wrote {arguments.write} and bench/gpu/report.md", file=sys.stderr)


if __name__ == "__main__":
    main()
