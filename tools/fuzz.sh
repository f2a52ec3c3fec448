#!/usr/bin/env bash
# The long fuzz and differential campaigns of issue 13 (docs/limits.md): N fuzz inputs (default 100000), N/10 programs per differential campaign.
#   tools/fuzz.sh --long [N]
set -euo pipefail
cd "$(dirname "$0")/.."
count=100000
if [ "${1:-}" = "--long" ]; then count=${2:-100000}; fi
TLC_FUZZ_LONG=$count dotnet test tests/Tlc.Tests -p:TlcReadyToRun=false --filter "FullyQualifiedName~Fuzzing" --logger "console;verbosity=normal"
