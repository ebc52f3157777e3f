#!/usr/bin/env bash
# Cross-validates one variant (5 folds, as `hotline eval`) without the test or independent set:
# department top-1 / top-3, category, and alarms on requests out of fold.
# Usage: bench/bigset/cv.sh VARIANT.json OUTDIR
set -euo pipefail
variant=$1
out=$2
mkdir -p "$out"
log="$out/$(basename "$variant" .json)-cv.txt"
npx tsx src/cli/main.ts eval --cv-only --config "$variant" 2>/dev/null |
  grep -E '^\| (department top-1|department top-3|category accuracy|false alarms \(routine requests\)|  of department requests) ' |
  tee "$log"
