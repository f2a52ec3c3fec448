#!/usr/bin/env bash
# Builds the scratch copy that the step profile (steps.py) and the A/B runs (ab.py) use: HEAD of this
# repository exported to $TMPDIR/tensorlogic-learning-scratch, with experiments.patch applied to its src/
# (the repository's own src/ is never touched). The patch adds, all off unless an environment variable
# turns them on:
#   TL_TRAIN_PROFILE=1   stopwatches around each part of Trainer.Step, Session.SetData and the runner
#                        (printed to stderr after epoch 1 and at the end, with every equation's kernel
#                        time in the batch session, and the GC's counts)
#   TL_FIX_LEAK=1        a runner gives back the buffers of the values it published when it is reset
#   TL_LAZY_BACKWARD=1   Session.SetData no longer builds a BackwardChainer (built when a query needs one)
#   TL_ONE_RUNNER=1      the trainer adds the loss and the gradients as queries, so one runner covers them
#   TL_KEEP_FOLDED=1     Reset re-publishes the folded strata's values instead of computing them again
#   TL_BATCH_RESET=1     SetData marks the runners stale; the next Evaluate resets them once
#   TL_CACHE_CONE=1      the runner keeps the dependency cone of each single-tensor demand
#   TL_GEMM_THRESHOLD=N  the planner's GemmThreshold (4096 by default)
#
#   bench/learning/profiling/scratch.sh            # then steps.py / ab.py (see their --help)
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
scratch="${TMPDIR:-/tmp}/tensorlogic-learning-scratch"
export NUGET_CERT_REVOCATION_MODE=offline DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
rm -rf "$scratch"
mkdir -p "$scratch"
git -C "$root" archive HEAD | tar -x -C "$scratch"
git -C "$scratch" init -q
git -C "$scratch" apply "$root/bench/learning/profiling/experiments.patch"
dotnet build "$scratch/src/Tlc" -c Release -v quiet -nologo -clp:ErrorsOnly >&2
/usr/bin/python3 "$scratch/bench/learning/make_copy.py"
echo "$scratch"
