#!/usr/bin/python3
"""Turns the JSON lines of runner.py into the Markdown "## Learning" section of bench/learning/run.sh.

  report.py RESULTS.jsonl [--command "bench/learning/run.sh ..."] [--write docs/benchmarks.md]

Per run, time per epoch is the median of the epochs after the first (the first also compiles the
gradient program and the sessions, once per batch size); a cell shows the median over the repetitions
and, in parentheses, the best. --write saves the section as bench/learning/report.md and replaces the
"## Learning" section of the page (or appends it); bench/report.py appends report.md when it
regenerates the page, so the scripts can run in either order. The hand-written analysis of the cases
below target, bench/learning/analysis.md, goes at the section's end.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from page_sections import splice  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
HEADING = "## Learning"
TARGET = 1.5            # TensorLogic at least 1.5x PyTorch's speed
PEAK_GFLOPS = 530.0     # fp32 FMA peak of the 2-core machine on 2 threads (bench/gemm)

DESCRIPTIONS = {
    "digits": "MLP 64→32 ReLU→10 softmax on 1,797 digit images (examples/learning/digits.tl): Adam, lr 0.01, batch 64, "
              "20% held out (1,438 train, 359 validate)",
    "copy": "one-block causal transformer (bench/learning/copy.tl): vocabulary 10, 15 positions, d 32, 2 heads of 16, "
            "MLP 64, post-lnorm; copies 8 random tokens; Adam, lr 0.01, batch 64, 2,000 sequences, 20% held out",
}


def forward_flops(case):
    """Multiply-adds × 2 of one example's forward pass, as the equations are written (dense one-hot products
    included, masked attention counted in full)."""
    if case == "digits":
        return 2 * (64 * 32 + 32 * 10)
    p, v, d, h, k, f = 15, 10, 32, 2, 16, 64
    return 2 * (p * v * d + 3 * p * d * h * k + 2 * h * p * p * k + p * h * k * d + 2 * p * d * f + p * d * v)


def epoch_flops(case, train, validate):
    """A training example costs forward + backward ≈ 3 forward passes; a held-out one, one."""
    return forward_flops(case) * (3 * train + validate)


def per_epoch(log):
    times = [e["elapsed_seconds"] for e in log]
    steps = [b - a for a, b in zip(times, times[1:])]
    return statistics.median(steps) if steps else None, times[0]


def cell(values, digits=3, unit=""):
    values = [v for v in values if v is not None]
    if not values:
        return "–"
    return f"{statistics.median(values):.{digits}f}{unit} ({min(values):.{digits}f})"


def shell(command):
    try:
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def machine():
    model = "?"
    try:
        with open("/proc/cpuinfo") as file:
            model = next((l.split(":", 1)[1].strip() for l in file if l.startswith("model name")), "?")
    except OSError:
        pass
    return model


def report(lines, command):
    cases = list(dict.fromkeys(l["case"] for l in lines))
    out = [HEADING, ""]
    out.append("Training against PyTorch, produced by `bench/learning/run.sh --write` (cases, the PyTorch models and "
               "the driver: bench/learning/). Each run is a whole process: `tlc train` (float32 CPU engine) and "
               "`torch_peer.py` (PyTorch on CPU, float32), with the same thread count, the same data files, the same "
               "80/20 split, the same batches in the same order and the same initial values (tlrandom.py repeats "
               "tlc's random choices), Adam, and after each epoch the same validation. **s/epoch** is the median of "
               "the epochs after the first, by each trainer's own clock (training steps plus validation); epoch 1 "
               "also builds tlc's sessions. **process s** is the wall time of the whole command, start-up included. "
               "Cells: median over the repetitions (best in parentheses). The speed ratio is PyTorch's s/epoch over "
               "TensorLogic's: above 1, TensorLogic is faster; the target is 1.5.")
    out.append("")
    table = ["| case | TensorLogic s/epoch | PyTorch s/epoch | speed ratio | TL process s | PyTorch process s "
             "| TL accuracy | PyTorch accuracy |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    detail = ["| case | TL epoch 1 s | PyTorch epoch 1 s | TL process CPU s | PyTorch process CPU s | TL peak MB "
              "| PyTorch peak MB | % of fp32 peak, TL / PyTorch |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    below, notes, problems = [], [], []
    threads = next((l["threads"] for l in lines), "?")
    reps = max((l["rep"] for l in lines), default=0)
    for case in cases:
        runs = {s: [l for l in lines if l["case"] == case and l["system"] == s and l["status"] == "ok"]
                for s in ("tensorlogic", "pytorch")}
        for l in lines:
            if l["case"] == case and l["status"] != "ok":
                problems.append(f"- `{case}` on {l['system']} (repetition {l['rep']}) failed: {l['error'].splitlines()[-1]}")
        stats = {s: [per_epoch(r["log"]) for r in rs] for s, rs in runs.items()}
        tl_epoch = statistics.median([s[0] for s in stats["tensorlogic"]]) if stats["tensorlogic"] else None
        pt_epoch = statistics.median([s[0] for s in stats["pytorch"]]) if stats["pytorch"] else None
        ratio = pt_epoch / tl_epoch if tl_epoch and pt_epoch else None
        if ratio is not None and ratio < TARGET:
            below.append(case)
        torch_run = runs["pytorch"][-1] if runs["pytorch"] else {}
        tl_run = runs["tensorlogic"][-1] if runs["tensorlogic"] else {}
        scored = tl_run.get("scored_by_torch", {})
        if case == "copy":
            tl_acc = scored.get("token_accuracy")
            pt_acc = torch_run["log"][-1]["token_accuracy"] if torch_run else None
        else:
            tl_acc = tl_run["log"][-1]["accuracy"] if tl_run else None
            pt_acc = torch_run["log"][-1]["accuracy"] if torch_run else None
        flops = epoch_flops(case, torch_run.get("training_examples", 0), torch_run.get("validation_examples", 0))
        peak = (f"{100 * flops / tl_epoch / 1e9 / PEAK_GFLOPS:.2f}% / {100 * flops / pt_epoch / 1e9 / PEAK_GFLOPS:.2f}%"
                if tl_epoch and pt_epoch and flops else "–")
        percent = lambda a: f"{100 * a:.1f}%" if a is not None else "–"
        column = lambda system, key, digits: cell([r.get(key) for r in runs[system]], digits)
        table.append(f"| {case} | {cell([s[0] for s in stats['tensorlogic']], 4)} | {cell([s[0] for s in stats['pytorch']], 4)} "
                     f"| {f'{ratio:.2f}×' if ratio else '–'} | {column('tensorlogic', 'wall_seconds', 2)} "
                     f"| {column('pytorch', 'wall_seconds', 2)} | {percent(tl_acc)} | {percent(pt_acc)} |")
        detail.append(f"| {case} | {cell([s[1] for s in stats['tensorlogic']], 2)} | {cell([s[1] for s in stats['pytorch']], 2)} "
                      f"| {column('tensorlogic', 'cpu_seconds', 2)} | {column('pytorch', 'cpu_seconds', 2)} "
                      f"| {column('tensorlogic', 'rss_mb', 0)} | {column('pytorch', 'rss_mb', 0)} | {peak} |")
        if tl_run and torch_run:
            a, b = tl_run["log"][-1], torch_run["log"][-1]
            notes.append(f"`{case}`: final train loss {a['train_loss']:.4g} (TensorLogic) and {b['train_loss']:.4g} (PyTorch), "
                         f"validation loss {a['validation_loss']:.4g} and {b['validation_loss']:.4g}"
                         + (f"; tlc's learned tensors scored by PyTorch: validation loss {scored['validation_loss']:.4g}"
                            if "validation_loss" in scored else "")
                         + (f", last-position accuracy {percent(a['accuracy'])} (tlc's own figure)" if case == "copy" else "")
                         + f"; {flops / 1e6:.1f} MFLOP per epoch.")
    out.extend(table)
    out.append("")
    out.append("Epoch 1 (tlc compiles its gradient program there, once per batch size: 64, the last smaller batch, and "
               "the validation set), the CPU time and peak memory of the whole process, and the arithmetic rate:")
    out.append("")
    out.extend(detail)
    out.append("")
    out.append("Cases:")
    for case in cases:
        out.append(f"- `{case}`: {DESCRIPTIONS.get(case, case)}.")
    out.append("")
    out.append("Accuracy: on the held-out examples after the last epoch; for `copy` the share of copied tokens predicted "
               "right (positions 7–14), computed by PyTorch for both systems — for TensorLogic from the tensors "
               "`tlc train --save` wrote. The two trainers follow the same trajectory (same split, order and start), so "
               "their losses agree to float32 rounding:")
    out.extend(f"- {n}" for n in notes)
    out.append("")
    out.append("FLOPs per epoch count a training example as three forward passes (forward and backward) and a held-out "
               f"one as one; the peak is {PEAK_GFLOPS:.0f} GFLOP/s (fp32, 2 threads, AVX-512 FMA). Both systems are far "
               "from it at these sizes: the time goes to per-step overhead, not arithmetic.")
    if problems:
        out.append("")
        out.extend(problems)
    out.append("")
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    commit = shell(["git", "rev-parse", "--short", "HEAD"])
    dirty = " (with uncommitted changes)" if shell(["git", "status", "--porcelain", "--untracked-files=no"]) else ""
    torch_version = next((l.get("torch") for l in lines if l.get("torch")), "?")
    out.append(f"Machine: {machine()}, {os.cpu_count()} cores, {threads} threads for each system; load average when the "
               f"report was made: {load} (the machine is shared: the best time is the better estimate of each, and the "
               f"gap to the median shows the noise). {reps} repetitions, the systems alternating.")
    out.append(f"Versions: TensorLogic commit {commit}{dirty} (.NET SDK {shell(['dotnet', '--version'])}, Release build), "
               f"PyTorch {torch_version} (Debian package, /usr/bin/python3, OMP_WAIT_POLICY=PASSIVE), Python "
               f"{platform.python_version()}.")
    out.append(f"Date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}."
               + (f" Command: `{command}`." if command else ""))
    if below:
        out.append("")
        out.append("Below the target: " + ", ".join(f"`{c}`" for c in below) + " (bench/learning/analysis.md, below, says why).")
    analysis_path = os.path.join(HERE, "analysis.md")
    if os.path.exists(analysis_path):
        out.append("")
        out.append(open(analysis_path).read().rstrip("\n"))
    return "\n".join(out) + "\n", problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results")
    parser.add_argument("--command")
    parser.add_argument("--write", help="the Markdown page whose Learning section to replace")
    arguments = parser.parse_args()
    with open(arguments.results) as file:
        lines = [json.loads(l) for l in file if l.startswith("{")]
    text, problems = report(lines, arguments.command)
    print(text)
    if arguments.write:
        with open(os.path.join(HERE, "report.md"), "w") as file:
            file.write(text)
        page = open(arguments.write).read() if os.path.exists(arguments.write) else "# Benchmarks\n"
        with open(arguments.write, "w") as file:
            file.write(splice(page, HEADING, text))
        print(f"wrote {arguments.write} and bench/learning/report.md", file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
