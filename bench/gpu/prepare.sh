#!/usr/bin/env bash
# Runs HERE, before the device call: publishes the benchmark harness (with tlc inside it, the `tlc` verb) as one
# self-contained, compressed single-file linux-x64 executable into bench/gpu/out/publish/, because the device
# machine has no .NET. Inputs are not made here: device.sh generates them there (16 cores), which is cheaper
# than carrying hundreds of MB through the 64 MiB the device tool takes.
#
#   bench/gpu/prepare.sh            publish, then check size and that the executable starts
#   bench/gpu/prepare.sh --help
#
# Not trimmed and not Native AOT: ILGPU reads the kernels' IL by reflection.
set -euo pipefail
case ${1:-} in
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    "") ;;
    *) echo "prepare.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
esac
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export NUGET_CERT_REVOCATION_MODE=offline DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
out=bench/gpu/out
publish=$out/publish
limit_mib=60   # the device tool carries 64 MiB in all; keep room

rm -rf "$publish"
echo "prepare.sh: publishing bench/TensorLogic.Bench (Release, linux-x64, self-contained, single file, compressed) ..." >&2
dotnet publish bench/TensorLogic.Bench -c Release -r linux-x64 --self-contained \
    -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true -p:DebugType=none \
    -o "$publish" -v quiet -nologo -clp:ErrorsOnly >&2
# Native libraries are left beside a single file; tlc's are SkiaSharp's, for `tlc train --plot` only.
find "$publish" -type f ! -name TensorLogic.Bench -print -delete | sed 's/^/prepare.sh: left out (not needed on the device): /' >&2

git rev-parse --short HEAD >"$out/commit.txt" 2>/dev/null || echo unknown >"$out/commit.txt"
git status --porcelain --untracked-files=no | grep -q . && echo "(with uncommitted changes)" >>"$out/commit.txt"

size=$(du -sm "$out" | cut -f1)
echo "prepare.sh: $(du -h "$publish/TensorLogic.Bench" | cut -f1) executable; bench/gpu/out is ${size} MiB (limit ${limit_mib})" >&2
if ((size > limit_mib)); then
    echo "prepare.sh: bench/gpu/out is over ${limit_mib} MiB; remove old runs (bench/gpu/out/run*) or shrink the publish" >&2
    exit 1
fi
"$publish/TensorLogic.Bench" list --suite gpu >/dev/null
"$publish/TensorLogic.Bench" tlc --version >&2
echo "prepare.sh: ready. Device call: bash bench/gpu/device.sh, carry [\"bench/gpu/out\"] (bench/gpu/README.md)" >&2
