#!/usr/bin/env bash
# `loket import` of a 1,000-row CSV (a question, three extra questions and a two-line answer a
# row, in 20 themes; ';' as Dutch Excel writes it), then check-config of the result beside a
# fallback message: wall time and peak memory of each. Usage: tests/bench/import_bench.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build/test}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work/faq.csv" <<'PY'
import sys, random
random.seed(7)
words = ("paspoort rijbewijs afval container parkeren vergunning subsidie belasting verhuizing "
         "geboorte huwelijk boom straat lantaarn bijstand zorg school markt terras evenement "
         "uitkering aanvraag kosten termijn openingstijden afspraak melding bezwaar").split()
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write("\ufeffvraag;antwoord;extra vragen;thema\n")
    for i in range(1000):
        w = random.sample(words, 4)
        q = f"Hoe zit het met {w[0]} en {w[1]} nummer {i}?"
        extra = "\n".join(f"{w[j]} {w[(j + 1) % 4]} {i}" for j in range(3))
        a = f"Voor {w[0]} gaat u naar de Stadswinkel.\nDe kosten staan op www.example.nl/{w[0]}-{i}."
        out.write(f'"{q}";"{a}";"{extra}";Thema {i % 20}\n')
PY
echo 'messages: {fallback: {nl: "Dat begrijp ik niet."}}' >"$work/eigen.yaml"
printf 'municipality: Bench\nlanguages: {default: nl, supported: [nl]}\ncontent: [eigen.yaml, import/]\n' \
  >"$work/loket.yaml"
measure() {  # prints "seconds peak_kB" of the command
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$work/out" 2>&1 || { cat "$work/out"; exit 1; }
  cat "$work/time"
}
read -r import_s import_kb < <(measure "$build/server/loket" import "$work/faq.csv" --out "$work/import")
read -r check_s check_kb < <(measure "$build/server/loket" check-config --config "$work/loket.yaml")
grep -o 'ok: [0-9]* intents.*' "$work/out"
echo "import: 1000 rows in ${import_s} s, peak ${import_kb} kB"
echo "check-config of the result: ${check_s} s, peak ${check_kb} kB"
