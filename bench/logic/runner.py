#!/usr/bin/python3
"""Runs TensorLogic, clingo and SWI-Prolog on the case folders of generate.py and prints one JSON line per
(case, system): wall seconds and peak RSS of the whole process (start-up included, from GNU time), the
numbers the program printed, and a status: ok, timeout, memout or error.

  runner.py --dir DIR --tlc PATH/tlc.dll [--systems tensorlogic,clingo,swipl] [--time-limit S]
            [--mem-limit-mb MB] [--case NAME[,NAME...]]

Standard library only.
"""
import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

SYSTEMS = ("tensorlogic", "clingo", "swipl")


def command(system, tlc):
    if system == "tensorlogic":
        return ["dotnet", tlc, "run", "--format", "json", "program.tl"]
    if system == "clingo":
        return ["clingo", "--verbose=0", "--warn=none", "facts.lp", "program.lp"]
    return ["swipl", "program.pl"]


def parse(system, stdout):
    """{"count": int, "sum": int-or-float} from what each system prints."""
    found = {}
    if system == "tensorlogic":
        for line in stdout.splitlines():
            if line.startswith("{"):
                answer = json.loads(line)
                found[answer["query"].rstrip("?").lower()] = answer["data"][0]
    else:
        # clingo prints the model's atoms on one line: "sum(2064) count(30)".
        pattern = r"\b(count|sum)\((-?\d+)\)" if system == "clingo" else r"^(count|sum) (-?[\d.e+]+)$"
        for key, value in re.findall(pattern, stdout, re.MULTILINE):
            found[key] = float(value)
    # Integral values as integers, so that 7998000 and 7998000.0 compare and print alike.
    return {k: int(v) if float(v).is_integer() else v for k, v in found.items()}


def tree_rss_kb(pid):
    """Resident memory of a process and its descendants (GNU time wraps the system, so the system is a child)."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as status:
                total += next((int(l.split()[1]) for l in status if l.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as children:
                    stack += [int(c) for c in children.read().split()]
        except (OSError, ValueError):
            pass
    return total


def run_one(system, folder, tlc, time_limit, mem_limit_mb):
    with tempfile.NamedTemporaryFile("r", suffix=".time") as timing, \
            tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        # GNU time reports the wall time and peak RSS of the whole process; the poll below only enforces
        # the limits (an out-of-memory kill on a shared machine would take other people's work with it).
        process = subprocess.Popen(["/usr/bin/time", "-f", "%e %M", "-o", timing.name] + command(system, tlc),
                                   cwd=folder, stdout=stdout, stderr=stderr, start_new_session=True)
        start, status, peak_kb = time.monotonic(), None, 0
        while process.poll() is None:
            peak_kb = max(peak_kb, tree_rss_kb(process.pid))
            if time.monotonic() - start > time_limit:
                status = "timeout"
            elif peak_kb > mem_limit_mb * 1024:
                status = "memout"
            if status:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                break
            time.sleep(0.05)
        elapsed = time.monotonic() - start
        stdout.seek(0), stderr.seek(0)
        out, err = stdout.read(), stderr.read()
        line = {"system": system}
        if status:
            line.update(status=status, wallS=round(elapsed, 2), rssMB=round(peak_kb / 1024, 1))
            return line
        fields = timing.read().split()
        wall, rss_kb = (float(fields[-2]), int(fields[-1])) if len(fields) >= 2 else (elapsed, peak_kb)
        line.update(wallS=wall, rssMB=round(rss_kb / 1024, 1), exitCode=process.returncode)
        answers = parse(system, out)
        # clingo's exit code is a bit set: 10 = satisfiable, 20 = unsatisfiable, 30 = all models found.
        ok_exit = process.returncode in ((10, 30) if system == "clingo" else (0,))
        if ok_exit and "count" in answers:
            line.update(status="ok", answers=answers)
        else:
            # The head: an exception's type and message come first, its stack trace after.
            line.update(status="error", message=(err.strip() or out.strip())[:600])
        return line


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--tlc", required=True, help="path of tlc.dll")
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    parser.add_argument("--time-limit", type=float, default=120)
    parser.add_argument("--mem-limit-mb", type=float, default=8192)
    parser.add_argument("--case")
    arguments = parser.parse_args()
    arguments.tlc = os.path.abspath(arguments.tlc)  # each system runs in its case's folder
    systems = arguments.systems.split(",")
    wanted = arguments.case.split(",") if arguments.case else None
    folders = [os.path.join(arguments.dir, f) for f in os.listdir(arguments.dir)
               if os.path.exists(os.path.join(arguments.dir, f, "case.json"))]
    # Run order = generation order (the files' age), so small cases report first.
    folders.sort(key=lambda f: os.path.getmtime(os.path.join(f, "case.json")))
    for folder in folders:
        with open(os.path.join(folder, "case.json")) as file:
            info = json.load(file)
        if wanted and not any(info["case"] == w or info["case"].startswith(w) for w in wanted):
            continue
        for system in systems:
            if system in info.get("skip", {}):
                line = {"system": system, "status": "skipped", "message": info["skip"][system], "wallS": 0, "rssMB": 0}
            else:
                line = run_one(system, folder, arguments.tlc, arguments.time_limit, arguments.mem_limit_mb)
            # The case's facts ride along, so that the report needs only these lines.
            line = {"case": info["case"], **line, "timeLimitS": arguments.time_limit,
                    **{k: info[k] for k in ("description", "inputTuples", "expected") if k in info}}
            print(json.dumps(line), flush=True)
            shown = line.get("answers") or line.get("message", "")[:100]
            print(f"runner: {info['case']:<16} {system:<12} {line['status']:<8} {line['wallS']:>7.2f} s "
                  f"{line['rssMB']:>8.1f} MB  {shown}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
