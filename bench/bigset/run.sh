#!/usr/bin/env bash
# One variant, trained and scored, then cross-validated: bench/bigset/run.sh VARIANT.json OUTDIR
set -euo pipefail
dir=$(dirname "$0")
"$dir/score.sh" "$@"
"$dir/cv.sh" "$@"
