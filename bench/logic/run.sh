#!/usr/bin/env bash
# Runs the logic benchmark: TensorLogic, clingo and SWI-Prolog on the same Datalog workloads (transitive
# closure, same generation, shortest paths, a 4-way join), each as a whole process, then prints a Markdown
# table. Installs nothing: the peers come from tools/install-logic-peers.sh.
#
#   bench/logic/run.sh [options]
#     --seed N          seed of the generated inputs (default: generate.py's, fixed)
#     --quick           tiny sizes, a smoke test of a few seconds per system
#     --large           also the 100k-node / 1M-edge random graph
#     --case NAME       one case (tc-cycle-4k), a prefix (tc-cycle, sssp) or a comma-separated list
#     --systems LIST    a subset of tensorlogic,clingo,swipl
#     --time-limit S    per run, seconds (default 120); a run over it is reported as a timeout
#     --mem-limit-mb MB per run, peak RSS (default 8192); a run over it is killed and reported as memout
#     --write           also replace the "## Logic" section of docs/benchmarks.md (and bench/logic/report.md)
#
# Case folders (program.tl/.lp/.pl, inputs, case.json) go to $TMPDIR/tensorlogic-logic/{full,quick,large};
# the JSON lines and the report of the last run to bench/results/logic/ (ignored by git).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export NUGET_CERT_REVOCATION_MODE=offline DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
python=/usr/bin/python3

seed="" quick=0 large=0 case="" systems=tensorlogic,clingo,swipl limit=120 mem=8192 write=0
command="bench/logic/run.sh $*"
while (($#)); do
    case $1 in
        --seed) seed=$2; shift ;;
        --quick) quick=1 ;;
        --large) large=1 ;;
        --case) case=$2; shift ;;
        --systems) systems=$2; shift ;;
        --time-limit) limit=$2; shift ;;
        --mem-limit-mb) mem=$2; shift ;;
        --write) write=1 ;;
        -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

for tool in clingo swipl /usr/bin/time; do
    if [[ ,$systems, == *,${tool##*/},* || $tool == /usr/bin/time ]] && ! command -v "$tool" >/dev/null; then
        echo "run.sh: $tool is missing. Install the peers with tools/install-logic-peers.sh" >&2
        echo "        (or leave it out with --systems)." >&2
        exit 1
    fi
done

mode=$( ((quick)) && echo quick || { ((large)) && echo large || echo full; } )
cases_dir="${TMPDIR:-/tmp}/tensorlogic-logic/$mode"
results=bench/results/logic
mkdir -p "$results"
selection=()
[[ -n $case ]] && selection=(--case "$case")

if [[ ,$systems, == *,tensorlogic,* ]]; then
    # A Release build is ReadyToRun (src/Tlc/Tlc.csproj): the tlc.dll timed below is what users run.
    echo "run.sh: building src/Tlc (Release, ReadyToRun) ..." >&2
    dotnet build src/Tlc -c Release -v quiet -nologo -clp:ErrorsOnly >&2
fi

# Regenerated every run (a few seconds at default sizes), so a changed generator never meets stale files.
echo "run.sh: writing the cases to $cases_dir ..." >&2
rm -rf "$cases_dir"
generate=(--dir "$cases_dir")
[[ -n $seed ]] && generate+=(--seed "$seed")
((quick)) && generate+=(--quick)
((large)) && generate+=(--large)
"$python" bench/logic/generate.py "${generate[@]}" "${selection[@]}" >/dev/null

"$python" bench/logic/runner.py --dir "$cases_dir" --tlc src/Tlc/bin/Release/net10.0/tlc.dll \
    --systems "$systems" --time-limit "$limit" --mem-limit-mb "$mem" "${selection[@]}" >"$results/$mode.jsonl"

report=("$results/$mode.jsonl" --command "$command")
((write)) && report+=(--write docs/benchmarks.md)
# report.py exits 1 on a mismatch between systems, after printing the table.
"$python" bench/logic/report.py "${report[@]}" | tee "$results/report.md"
exit "${PIPESTATUS[0]}"
