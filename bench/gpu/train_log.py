#!/usr/bin/python3
"""Turns `tlc train --log` CSV (one line per epoch, cumulative seconds) into the JSON line device.sh records,
in the shape torch_train.py prints, so that report.py reads both alike. A missing log (tlc timed out or
failed before the first epoch ended) becomes a line saying so.

  /usr/bin/python3 bench/gpu/train_log.py --log FILE --engine NAME --status ok|timeout|... --settings FILE
"""
import argparse
import csv
import json
import os


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--log", required=True)
    parser.add_argument("--engine", required=True)
    parser.add_argument("--status", required=True)
    parser.add_argument("--settings", required=True)
    args = parser.parse_args()
    with open(args.settings) as file:
        settings = json.loads(file.read() or "{}")
    line = {"case": "mlp-train", "peer": "tensorlogic", "engine": args.engine, "status": args.status, **settings}
    if os.path.exists(args.log):
        with open(args.log) as file:
            line["log"] = [{"epoch": int(r["epoch"]), "train_loss": float(r["train_loss"]),
                            "elapsed_seconds": float(r["elapsed_seconds"])} for r in csv.DictReader(file)]
    print(json.dumps(line))


if __name__ == "__main__":
    main()
