#!/usr/bin/env bash
# Packs tlc as a .NET tool, installs it from that package into a scratch folder, and runs an example that
# imports the standard library from a folder with no std/ of its own: the end-to-end check of the install
# path the README gives. It takes minutes (a Release build of every project), so the test suite checks only
# the package's contents (tests/Tlc.Tests/ToolPackageTests.cs); run this after changing how tlc is packed.
#
#   tools/pack-tool.sh [ARTIFACTS]    # ARTIFACTS defaults to a temporary folder; the .nupkg stays there
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
artifacts="${1:-$scratch/artifacts}"

dotnet pack "$root/src/Tlc" -c Release -o "$artifacts" --nologo
# A private NuGet config: the install must find tlc in the fresh package and nowhere else.
dotnet tool install tlc --tool-path "$scratch/tools" --add-source "$artifacts" --version "$(
    sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/Directory.Build.props")"

# The example is copied next to nothing, and TL_PATH is cleared, so std/ can only come from the package.
mkdir "$scratch/work"
cp "$root/examples/graphs.tl" "$scratch/work/"
cd "$scratch/work"
output="$(TL_PATH= "$scratch/tools/tlc" run graphs.tl)"
echo "$output"
expected='Bob'
if ! grep -q "$expected" <<<"$output"; then
    echo "pack-tool: the installed tlc did not answer graphs.tl's first query" >&2
    exit 1
fi
echo "pack-tool: OK, $("$scratch/tools/tlc" --version) installed from $(ls "$artifacts"/tlc.*.nupkg)"
