#!/usr/bin/env bash
# Intent matching, loket against NLP.js (npm node-nlp 4.27.0, defaults, no tuning), trained and
# tested on the same files in one run:
#   CLINC150    train.jsonl -> val.jsonl (en; 100 out-of-scope lines in each, trained by NLP.js
#               as its 'None' intent)
#   xSID nl, de 5 folds over the 300-line train files, the same folds for both systems (intent by
#               intent, round robin in file order); the mean over the folds is reported
#   COVID-QA de faq_index.jsonl -> queries.dev.jsonl (NLP.js trains on each FAQ's question alone;
#               loket reads the answer as well, as it does in production)
# Prints a Markdown table (in-scope accuracy, out-of-scope recall, top-3 accuracy, "not this FAQ"
# accuracy, training time, classifications per second), then the raw JSON lines, one per run and
# fold. Progress goes to stderr. NLP.js on CLINC150 trains for a minute or two.
#
# Usage: tests/bench/nlu_vs_nlpjs.sh
#   BUILD_DIR  build folder with server/loket (default: the newer of build/test and build)
#   DATA_DIR   evaluation data (default ../shared/data/nlu)
# Needs node and npm (NLP.js is installed with `npm ci` into tests/bench/nlpjs/node_modules from
# the committed package-lock.json), and python3.
set -euo pipefail
# shellcheck source=npm_ci_locked.sh
source "$(dirname "$0")/npm_ci_locked.sh"
cd "$(dirname "$0")/../.."
root=$PWD

# A loket that knows `nlu-eval` (its usage text, printed when run without a command, names it).
has_nlu_eval() { [[ -x "$1" ]] && { "$1" 2>&1 || true; } | grep -q 'nlu-eval'; }
if [[ -n "${BUILD_DIR:-}" ]]; then
  loket="$BUILD_DIR/server/loket"
  if [[ ! -x "$loket" ]]; then
    echo "error: no loket binary at $loket (BUILD_DIR=$BUILD_DIR); build it first" >&2
    exit 1
  fi
  if ! has_nlu_eval "$loket"; then
    echo "error: $loket has no 'nlu-eval' command: it is older than the matcher evaluation;" \
      "rebuild it" >&2
    exit 1
  fi
else
  loket=
  # The newest of them: an older build left beside a fresh one would measure old code.
  for build in build/test build; do
    if has_nlu_eval "$build/server/loket"; then
      if [[ -z "$loket" || "$build/server/loket" -nt "$loket" ]]; then loket="$build/server/loket"; fi
      continue
    fi
    if [[ -x "$build/server/loket" ]]; then
      echo "note: skipping $build/server/loket: it has no 'nlu-eval' command (stale build)" >&2
    fi
  done
  if [[ -z "$loket" ]]; then
    echo "error: no loket binary with 'nlu-eval' in build/test/server or build/server;" \
      "build it first, or set BUILD_DIR to the build folder that holds server/loket" >&2
    exit 1
  fi
fi
loket=$(cd "$(dirname "$loket")" && pwd)/loket
echo "loket: $loket" >&2

data=${DATA_DIR:-../shared/data/nlu}
for f in clinc150/train.jsonl clinc150/val.jsonl xsid/nl.train.jsonl xsid/de.train.jsonl \
  covidqa_de/faq_index.jsonl covidqa_de/queries.dev.jsonl; do
  if [[ ! -f "$data/$f" ]]; then
    echo "error: missing $data/$f (set DATA_DIR to the folder of the NLU evaluation data)" >&2
    exit 1
  fi
done
data=$(cd "$data" && pwd)

for tool in node npm python3; do
  command -v "$tool" >/dev/null || { echo "error: $tool is not installed" >&2; exit 1; }
done

# NLP.js, exactly as locked.
nlpjs="$root/tests/bench/nlpjs"
npm_ci_locked "$nlpjs"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
raw="$tmp/raw.jsonl"
: >"$raw"

# Fixed 5-fold split of the xSID train files: the k-th line of each intent (file order) goes to
# fold k mod 5.
python3 - "$data" "$tmp" <<'PY'
import json, sys
data, tmp = sys.argv[1], sys.argv[2]
for lang in ("nl", "de"):
    rows = [l for l in open(f"{data}/xsid/{lang}.train.jsonl", encoding="utf-8") if l.strip()]
    seen, fold_of = {}, []
    for line in rows:
        intent = json.loads(line)["intent"]
        fold_of.append(seen.get(intent, 0) % 5)
        seen[intent] = seen.get(intent, 0) + 1
    for k in range(5):
        with open(f"{tmp}/xsid_{lang}.{k}.train.jsonl", "w", encoding="utf-8") as tr, \
             open(f"{tmp}/xsid_{lang}.{k}.test.jsonl", "w", encoding="utf-8") as te:
            for line, f in zip(rows, fold_of):
                (te if f == k else tr).write(line if line.endswith("\n") else line + "\n")
PY

load() { cut -d' ' -f1-3 /proc/loadavg; }
load_before=$(load)

# run DATASET FOLD LANG TRAIN TEST: both systems on one train/test pair.
run() {
  local dataset=$1 fold=$2 lang=$3 train=$4 test=$5 out
  echo "$dataset${fold:+ fold $fold}: loket" >&2
  out=$("$loket" nlu-eval --train "$train" --test "$test" --lang "$lang")
  echo "{\"dataset\":\"$dataset\",\"fold\":${fold:-null},\"system\":\"loket\",\"result\":$out}" >>"$raw"
  echo "$dataset${fold:+ fold $fold}: NLP.js" >&2
  # In the temp folder, so that nothing NLP.js might write lands in the work tree.
  out=$(cd "$tmp" && node "$nlpjs/eval.js" --train "$train" --test "$test" --lang "$lang")
  echo "{\"dataset\":\"$dataset\",\"fold\":${fold:-null},\"system\":\"NLP.js\",\"result\":$out}" >>"$raw"
}

run "CLINC150 en" "" en "$data/clinc150/train.jsonl" "$data/clinc150/val.jsonl"
for lang in nl de; do
  for k in 0 1 2 3 4; do
    run "xSID $lang (5-fold)" "$k" "$lang" "$tmp/xsid_$lang.$k.train.jsonl" "$tmp/xsid_$lang.$k.test.jsonl"
  done
done
run "COVID-QA de" "" de "$data/covidqa_de/faq_index.jsonl" "$data/covidqa_de/queries.dev.jsonl"

load_after=$(load)

python3 - "$raw" "$(nproc)" "$load_before" "$load_after" <<'PY'
import json, sys
raw, cores, load_before, load_after = sys.argv[1:5]
runs = [json.loads(l) for l in open(raw, encoding="utf-8")]
groups = {}
for r in runs:
    groups.setdefault((r["dataset"], r["system"]), []).append(r["result"])

def mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None

def pct(v):
    return "–" if v is None else f"{100 * v:.1f}"

def num(v, fmt):
    return "–" if v is None else format(v, fmt)

print("| data set | system | n | in-scope acc. % | OOS recall % | top-3 acc. % | not-this-FAQ acc. % "
      "| train s | classifications/s |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
for (dataset, system), results in groups.items():
    m = {k: mean([res.get(k) for res in results])
         for k in ("in_scope_accuracy", "oos_recall", "top3_accuracy", "not_intent_accuracy",
                   "train_s", "classify_per_s")}
    n = sum(res["n"] for res in results)
    print(f"| {dataset} | {system} | {n} | {pct(m['in_scope_accuracy'])} | {pct(m['oos_recall'])} "
          f"| {pct(m['top3_accuracy'])} | {pct(m['not_intent_accuracy'])} | {num(m['train_s'], '.3f')} "
          f"| {num(m['classify_per_s'], ',.0f')} |")
print()
print(f"xSID: mean of 5 folds (n: all test lines over the folds). Train s and classifications/s: "
      f"one process each, {cores} cores, load average {load_before} before and {load_after} after.")
print()
for r in runs:
    print(json.dumps(r, ensure_ascii=False))
PY
