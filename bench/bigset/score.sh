#!/usr/bin/env bash
# Trains one variant of the big emergency training set (docs/triage-training.md, "The big set")
# and scores it: the blind batches (totals only), the routine probes and forms of
# test/fixtures/triage, and intents/dev. Usage: bench/bigset/score.sh VARIANT.json OUTDIR
set -euo pipefail
variant=$1
out=$2
mkdir -p "$out"
name=$(basename "$variant" .json)
model="$out/$name.json"
log="$out/$name.txt"
hotline() { npx tsx src/cli/main.ts "$@"; }

# A folder with the lexicon and catalogue and one set as its dev/emergency.yaml.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
as_dev() {
  rm -rf "$scratch/i" && mkdir -p "$scratch/i/dev"
  cp intents/{departments,districts,glossary,triage}.yaml "$scratch/i/"
  cp "$1" "$scratch/i/dev/emergency.yaml"
}
totals() { hotline triage --intents "$scratch/i" --model "$model" | grep -E '^recall:|^false alarms'; }

hotline train --config "$variant" --out "$model" | tee "$log"
for set in p q r; do
  as_dev "intents/dev/batches/blind-$set.yaml"
  echo "blind-$set: $(totals | tr '\n' ' ')" | tee -a "$log"
done
as_dev test/fixtures/triage/emergency.yaml
echo "probes: $(totals | tr '\n' ' ')" | tee -a "$log"
node -e "const y=require('yaml'),fs=require('fs');const f=y.parse(fs.readFileSync('test/fixtures/triage/forms.yaml','utf8'));fs.writeFileSync(process.argv[1],y.stringify({emergency:{},routine:Object.values(f).flat().map(String)}))" "$scratch/forms.yaml"
as_dev "$scratch/forms.yaml"
echo "forms: $(totals | grep '^false' | tr '\n' ' ')" | tee -a "$log"
echo "dev: $(hotline triage --model "$model" | grep -E '^recall:|^false alarms' | tr '\n' ' ')" | tee -a "$log"
