#!/usr/bin/env bash
# Runs the benchmark suite: TensorLogic (one engine), NumPy and PyTorch on the same cases and the same
# input files, warm in process and end to end as whole processes, then prints the Markdown tables.
# Installs nothing: the peers come from tools/install-peers.sh.
#
#   bench/run.sh [ENGINE] [options]       ENGINE: cpu (default), cpu-f64, reference
#     --engine NAME    the same as the positional ENGINE
#     --threads N      threads for every participant (default: the number of cores)
#     --warmup N       untimed runs before timing (default 1)
#     --reps N         timed runs; the table shows the best and the median (default 5)
#     --e2e-reps N     cold whole-process runs per system and case, end to end (default 3; 0: none)
#     --no-e2e         the same as --e2e-reps 0: only the warm, in-process times
#     --case NAME      one case (matmul-512), a family (matmul) or a comma-separated list
#     --quick          small sizes, for the reference engine or a smoke test
#     --peers-only     only NumPy and PyTorch (TensorLogic columns stay empty)
#     --tl-only        only TensorLogic (its results are still checked against numpy.npy if present)
#     --no-naive       skip the plain loop-nest baseline of the planner cases
#     --write          also replace the generated top of docs/benchmarks.md with the report
#
# Examples:  bench/run.sh                      all cases, cpu engine
#            bench/run.sh reference --quick    the whole suite end to end at small sizes
#            bench/run.sh --case transformer   one family (transformer and transformer-1024)
# Case folders (program.tl, inputs, case.json, numpy.npy, result-*.npy, and the end-to-end results tlc.npy,
# script-*.npy) go to $TMPDIR/tensorlogic-bench; the JSON lines of the last run and the report to
# bench/results/ (ignored by git).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export NUGET_CERT_REVOCATION_MODE=offline DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
python=/usr/bin/python3   # Debian's interpreter: the one that sees python3-numpy and python3-torch

engine=cpu threads=$(nproc) warmup=1 reps=5 e2e_reps=3 case="" quick=0 peers=1 tl=1 naive=1 write=0
command="bench/run.sh $*"
while (($#)); do
    case $1 in
        --engine) engine=$2; shift ;;
        --threads) threads=$2; shift ;;
        --warmup) warmup=$2; shift ;;
        --reps) reps=$2; shift ;;
        --e2e-reps) e2e_reps=$2; shift ;;
        --no-e2e) e2e_reps=0 ;;
        --case) case=$2; shift ;;
        --quick) quick=1 ;;
        --peers-only) tl=0 ;;
        --tl-only) peers=0 ;;
        --no-naive) naive=0 ;;
        --write) write=1 ;;
        -h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
        *) engine=$1 ;;
    esac
    shift
done

if ((peers)) && ! "$python" -c 'import numpy, torch' 2>/dev/null; then
    echo "run.sh: $python cannot import numpy and torch. Install the peers with tools/install-peers.sh" >&2
    echo "        (or run TensorLogic alone with --tl-only)." >&2
    exit 1
fi

mode=$( ((quick)) && echo quick || echo full )
cases_dir="${TMPDIR:-/tmp}/tensorlogic-bench/$mode"
results="bench/results/$mode"
mkdir -p "$results"
common=(--dir "$cases_dir" --warmup "$warmup" --reps "$reps")
[[ -n $case ]] && common+=(--case "$case")
bench_flags=()
((quick)) && bench_flags+=(--quick)
((naive)) || bench_flags+=(--no-naive)

echo "run.sh: building bench/TensorLogic.Bench (Release) ..." >&2
dotnet build bench/TensorLogic.Bench -c Release -v quiet -nologo -clp:ErrorsOnly >&2
bench=(dotnet bench/TensorLogic.Bench/bin/Release/net10.0/TensorLogic.Bench.dll)
# The end-to-end runs time the tlc a user runs: the Release build of src/Tlc, which is ReadyToRun (Tlc.csproj).
tlc=src/Tlc/bin/Release/net10.0/tlc
if ((tl && e2e_reps > 0)); then
    echo "run.sh: building src/Tlc (Release, ReadyToRun) ..." >&2
    dotnet build src/Tlc -c Release -v quiet -nologo -clp:ErrorsOnly >&2
fi

# Inputs first, so that NumPy, PyTorch and TensorLogic read the same files.
"${bench[@]}" prepare "${common[@]}" "${bench_flags[@]}" 2>/dev/null

: >"$results/peers.jsonl"
: >"$results/tensorlogic.jsonl"
: >"$results/end-to-end.jsonl"
status=0
if ((peers)); then
    echo "run.sh: NumPy and PyTorch, $threads threads ..." >&2
    "$python" bench/peers/peers.py "${common[@]}" --threads "$threads" >"$results/peers.jsonl" || status=$?
fi
if ((tl)); then
    # After the peers: each TensorLogic result is checked against the numpy.npy they left beside the inputs.
    echo "run.sh: TensorLogic, engine $engine, $threads threads ..." >&2
    "${bench[@]}" run "${common[@]}" "${bench_flags[@]}" --engine "$engine" --threads "$threads" \
        >"$results/tensorlogic.jsonl" || status=$?
fi
if ((e2e_reps > 0)); then
    # Last, so that numpy.npy (the peers' warm run) is there to check every written result against.
    systems=()
    ((tl)) && systems+=(tensorlogic)
    ((peers)) && systems+=(numpy pytorch)
    echo "run.sh: end to end, whole processes, $e2e_reps runs each ..." >&2
    "$python" bench/peers/end_to_end.py --dir "$cases_dir" --tlc "$tlc" --engine "$engine" --threads "$threads" \
        --reps "$e2e_reps" --systems "$(IFS=,; echo "${systems[*]}")" ${case:+--case "$case"} \
        >"$results/end-to-end.jsonl" || status=$?
fi

report=(--tensorlogic "$results/tensorlogic.jsonl" --peers "$results/peers.jsonl" --end-to-end "$results/end-to-end.jsonl"
        --command "$command")
((tl)) && report+=(--engine "$engine")
((write)) && report+=(--write docs/benchmarks.md)
"$python" bench/report.py "${report[@]}" | tee "$results/report.md"
exit $status
