#!/usr/bin/env bash
# Regenerates the committed C# parser from grammar/TensorLogic.g4 with the pinned antlr-ng.
# antlr-ng exits 0 even when the grammar has errors, so this script checks its output itself.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tool="$root/tools/antlr"
out="$root/src/TensorLogic.Syntax/Generated"
grammar="$root/grammar/TensorLogic.g4"

(cd "$tool" && npm ci --no-audit --no-fund --silent)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$grammar" "$work/"
log="$work/antlr.log"
(cd "$work" && "$tool/node_modules/.bin/antlr-ng" -D language=CSharp -p TensorLogic.Syntax.Generated \
    --generate-listener false --generate-visitor false -o gen TensorLogic.g4) >"$log" 2>&1 || true
cat "$log"
if grep -q '^error(' "$log"; then
    echo "generate.sh: the grammar has errors; the committed parser was left unchanged" >&2
    exit 1
fi
if ! ls "$work"/gen/*.cs >/dev/null 2>&1; then
    echo "generate.sh: antlr-ng wrote no C# file" >&2
    exit 1
fi

rm -rf "$out"
mkdir -p "$out"
cp "$work"/gen/*.cs "$out/"
# Only TensorLogic.Syntax may see ANTLR types, so the generated classes are made internal.
sed -i 's/^public partial class /internal partial class /' "$out"/*.cs
# The drift test compares this hash with the grammar's, so a grammar edit without regeneration fails CI.
sha256sum "$grammar" | cut -d' ' -f1 >"$out/TensorLogic.g4.sha256"
echo "generate.sh: wrote $(ls "$out"/*.cs | wc -l) files to ${out#$root/}"
