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
# A NuGet config of one source: the install must take tlc from the fresh package, not from a feed or a cache
# of an older one (hence also the exact version).
cat > "$scratch/nuget.config" <<CONFIG
<configuration><packageSources><clear /><add key="artifacts" value="$artifacts" /></packageSources></configuration>
CONFIG
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/Directory.Build.props")"
dotnet tool install tlc --tool-path "$scratch/tools" --configfile "$scratch/nuget.config" --version "$version"

# The example is copied next to nothing, and TL_PATH is cleared, so std/ can only come from the package.
mkdir "$scratch/work"
cp "$root/examples/graphs.tl" "$scratch/work/"
cd "$scratch/work"
output="$(TL_PATH= "$scratch/tools/tlc" run graphs.tl)"
expected="$(cat <<'ANSWERS'
family.Path(Ann, x)?
  x
  ---
  Bob
  Cid
  Dan
  Eve
family.SameGeneration(x, y)?
  x    y
  ---  ---
  Bob  Cid
  Cid  Bob
  Dan  Eve
  Eve  Dan
family.Unreached(x)?
  x
  ---
  Gus
  Hal
roads.Reach(x)?
  x
  ----
  Mill
  Town
  Yard
roads.Unreached(x)?
  x
  ----
  Quay
roads.Path(Town, Town)? true
ANSWERS
)"
if [[ "$output" != "$expected" ]]; then
    diff <(echo "$expected") <(echo "$output") >&2 || true
    echo "pack-tool: the installed tlc did not give graphs.tl's answers (expected < > got)" >&2
    exit 1
fi
echo "pack-tool: OK, $("$scratch/tools/tlc" --version) installed from $(ls "$artifacts"/tlc.*.nupkg)"
