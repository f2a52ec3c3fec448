#!/usr/bin/env bash
# Trains the same models with `tlc train` and with PyTorch on CPU and compares the time per epoch: an MLP
# on the digits (examples/learning/digits.tl) and a one-block causal transformer that learns to copy (copy.tl).
# Both systems use the same threads, float32, batch, optimizer, epochs, split, batch order and initial
# values. Installs nothing: PyTorch and NumPy come from tools/install-peers.sh.
#
#   bench/learning/run.sh [options]
#     --reps N        whole training runs of each system per case, alternating (default 3)
#     --threads N     threads for both systems (default: the number of cores)
#     --epochs N      override the programs' epochs (default: theirs, 20)
#     --case LIST     digits, copy or digits,copy (default)
#     --write         also replace the "## Learning" section of docs/benchmarks.md (and bench/learning/report.md)
#
# The JSON lines and the report of the last run go to bench/results/learning/ (ignored by git); each
# run's --log CSV and saved tensors to $TMPDIR/tensorlogic-learning.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export NUGET_CERT_REVOCATION_MODE=offline DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
python=/usr/bin/python3   # Debian's interpreter: the one that sees python3-numpy and python3-torch

reps=3 threads=$(nproc) epochs="" case=digits,copy write=0
command="bench/learning/run.sh $*"
while (($#)); do
    case $1 in
        --reps) reps=$2; shift ;;
        --threads) threads=$2; shift ;;
        --epochs) epochs=$2; shift ;;
        --case) case=$2; shift ;;
        --write) write=1 ;;
        -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

if ! "$python" -c 'import numpy, torch' 2>/dev/null; then
    echo "run.sh: $python cannot import numpy and torch. Install the peers with tools/install-peers.sh." >&2
    exit 1
fi

echo "run.sh: building src/Tlc (Release) ..." >&2
dotnet build src/Tlc -c Release -v quiet -nologo -clp:ErrorsOnly >&2
"$python" bench/learning/make_copy.py   # the copying task's files, the same every time

results=bench/results/learning
mkdir -p "$results"
options=(--tlc src/Tlc/bin/Release/net10.0/tlc.dll --reps "$reps" --threads "$threads" --case "$case")
[[ -n $epochs ]] && options+=(--epochs "$epochs")
status=0
"$python" bench/learning/runner.py "${options[@]}" >"$results/results.jsonl" || status=$?

report=("$results/results.jsonl" --command "$command")
((write)) && report+=(--write docs/benchmarks.md)
"$python" bench/learning/report.py "${report[@]}" | tee "$results/report.md" || status=$?
exit $status
