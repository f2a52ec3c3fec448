#!/usr/bin/env bash
# Runs ON the device machine (no .NET there), in the repository root, after bench/gpu/prepare.sh published
# bench/gpu/out/publish/TensorLogic.Bench here and the device call carried bench/gpu/out. In one run, within a
# time budget: the machine's facts, the devices as tlc sees them, the differential matrix (examples and paper
# programs on ENGINE vs cpu), the GPU suite against PyTorch (on CUDA where it has it), transitive closure on
# ENGINE vs our cpu engine, and an MLP training epoch against PyTorch. Results go to $OUT (JSON lines, logs
# and table.md); bench/gpu/report.py turns them into the docs/benchmarks.md section.
#
#   bash bench/gpu/device.sh [options]
#     --engine NAME   the engine measured (default cuda; gpu-cpu to test this script on a machine without a GPU)
#     --quick         tiny sizes, 1 repetition (with --engine gpu-cpu: the local end-to-end test)
#     --budget S      seconds for everything (default 480); a step that would start later is SKIPPED, visibly
#     --out DIR       where results go (default $OUT, else bench/gpu/out/run)
#     --work DIR      where inputs are generated (default $TMPDIR/tensorlogic-gpu; not $OUT: they are large)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
command="bash bench/gpu/device.sh $*"
engine=cuda quick=0 budget=480 out=${OUT:-bench/gpu/out/run} work=${TMPDIR:-/tmp}/tensorlogic-gpu
while (($#)); do
    case $1 in
        --engine) engine=$2; shift ;;
        --quick) quick=1 ;;
        --budget) budget=$2; shift ;;
        --out) out=$2; shift ;;
        --work) work=$2; shift ;;
        -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "device.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
exe=$root/bench/gpu/out/publish/TensorLogic.Bench
python=/usr/bin/python3
[[ -x $exe ]] || { echo "device.sh: $exe is missing; run bench/gpu/prepare.sh first and carry bench/gpu/out" >&2; exit 1; }
mkdir -p "$out" "$work"
out=$(cd "$out" && pwd)
deadline=$((SECONDS + budget))
threads=$(nproc)
suite=(--suite gpu --dir "$work/cases")
((quick)) && suite+=(--quick)
reps=(--warmup 1 --reps 5)
((quick)) && reps=(--warmup 1 --reps 1)
: >"$out/tensorlogic.jsonl"; : >"$out/peers.jsonl"; : >"$out/train.jsonl"; : >"$out/steps.txt"; : >"$out/harness.log"
echo "$command" >"$out/command.txt"
echo "$engine" >"$out/engine.txt"
cp bench/gpu/out/commit.txt "$out/" 2>/dev/null || true

# fd 3 is the script's own stderr, so that a step's line reaches the console even where the step's stderr goes to a log.
exec 3>&2
say() { echo "device.sh: $*" | tee -a "$out/steps.txt" >&3; }

# step NAME LIMIT COMMAND...: runs COMMAND under `timeout` with at most LIMIT seconds and what is left of the
# budget, and records how it ended. Returns 0 even when COMMAND fails, so one failure never ends the run;
# STATUS holds ok, timeout, failed (rc) or skipped.
step() {
    local name=$1 limit=$2; shift 2
    local left=$((deadline - SECONDS))
    if ((left < 5)); then
        STATUS=skipped; say "SKIPPED $name: time budget spent"; return 0
    fi
    if ((limit > left)); then limit=$left; fi
    local started=$SECONDS rc=0
    timeout --kill-after=10 "$limit" "$@" || rc=$?
    case $rc in
        0) STATUS=ok ;;
        124|137) STATUS=timeout ;;
        *) STATUS="failed ($rc)" ;;
    esac
    say "$name: $STATUS after $((SECONDS - started)) s (limit $limit s)"
}

# --- the machine ---------------------------------------------------------------------------------------
{
    echo "== nvidia-smi"; nvidia-smi 2>&1 || echo "(no nvidia-smi)"
    echo "== ldconfig (cuda, nvrtc, cublas)"; ldconfig -p 2>/dev/null | grep -E 'cuda|nvrtc|cublas' || echo "(none)"
    echo "== CPU"; lscpu 2>/dev/null | grep -E '^Model name|^CPU\(s\)' || true
    echo "== PyTorch"
    "$python" -c 'import torch; print("torch", torch.__version__, "cuda available:", torch.cuda.is_available(),
        torch.cuda.get_device_name(0) if torch.cuda.is_available() else "(no CUDA device: the peers run on the CPU)")' 2>&1 \
        || echo "(no PyTorch: the peer columns stay empty)"
} >"$out/facts.txt" 2>&1
cat "$out/facts.txt" >&2
step devices 60 "$exe" tlc devices >"$out/devices.txt" 2>&1
cat "$out/devices.txt" >&2

# --- (a) the differential matrix --------------------------------------------------------------------------
step differential 120 "$exe" differential --engine "$engine" --against cpu --threads "$threads" --root "$root" \
    >"$out/differential.txt" 2>&1
tail -n 1 "$out/differential.txt" >&2

# --- (b) the benchmarks ----------------------------------------------------------------------------------
step "prepare inputs" 150 "$exe" prepare "${suite[@]}" 2>>"$out/harness.log"
have_torch=0
"$python" -c 'import torch' 2>/dev/null && have_torch=1
if ((have_torch)); then
    # The peers first: they leave numpy.npy beside each case, which the harness checks our result against.
    step "pytorch peers" 180 "$python" bench/gpu/torch_peers.py --dir "$work/cases" "${reps[@]}" \
        --deadline "$(($(date +%s) + (deadline - SECONDS) / 2))" >"$out/peers.jsonl" 2>>"$out/harness.log"
else
    say "no PyTorch here: the GPU suite runs without peers"
fi

# run_case CASE ENGINE LIMIT: one case in its own process, so that a limit or a crash costs that case only.
run_case() {
    local name=$1 on=$2 limit=$3 case_reps=("${reps[@]}")
    [[ $name == gnn || $name == tc-* ]] && ((!quick)) && case_reps=(--warmup 1 --reps 3)
    step "$name on $on" "$limit" "$exe" run "${suite[@]}" --case "$name" --engine "$on" --threads "$threads" \
        "${case_reps[@]}" --no-naive >>"$out/tensorlogic.jsonl" 2>>"$out/harness.log"
    [[ $STATUS == ok || $STATUS == "failed (1)" ]] ||   # 1: the harness wrote its own line (a mismatch or an error)
        printf '{"case": "%s", "peer": "tensorlogic", "engine": "%s", "error": "%s (limit %s s)"}\n' \
            "$name" "$on" "$STATUS" "$limit" >>"$out/tensorlogic.jsonl"
}

mapfile -t cases < <("$exe" list "${suite[@]}" | cut -d' ' -f1)
for name in "${cases[@]}"; do
    [[ $name == tc-random-* ]] && continue   # last: it is the one expected to run out of time
    if [[ $name == tc-* ]]; then
        run_case "$name" "$engine" 60
        run_case "$name" cpu 60
    else
        run_case "$name" "$engine" "$([[ $name == gnn ]] && echo 120 || echo 60)"
    fi
done

# --- the MLP training epoch ----------------------------------------------------------------------------
train=(--dir "$work/train")
((quick)) && train+=(--examples 64 --widths 16,8,4 --batch 64 --epochs 2)
step "training data" 60 "$python" bench/gpu/make_train.py "${train[@]}" >"$out/train-settings.json"
if [[ $STATUS == ok ]]; then
    rm -f "$work/train/tlc-log.csv"
    step "tlc train on $engine" 120 "$exe" tlc train "$work/train/train.tl" --engine "$engine" --threads "$threads" \
        --log "$work/train/tlc-log.csv" >"$out/tlc-train.txt" 2>&1
    "$python" bench/gpu/train_log.py --log "$work/train/tlc-log.csv" --engine "$engine" --status "$STATUS" \
        --settings "$out/train-settings.json" >>"$out/train.jsonl"
    if ((have_torch)); then
        step "pytorch train" 90 "$python" bench/gpu/torch_train.py "${train[@]:0:2}" >>"$out/train.jsonl"
    fi
fi

for name in "${cases[@]}"; do
    [[ $name == tc-random-* ]] || continue
    run_case "$name" "$engine" 60
    run_case "$name" cpu 60
done

"$python" bench/gpu/report.py --out "$out" >"$out/table.md" || say "report.py failed"
cat "$out/table.md"
say "done in $SECONDS s; results in $out"
