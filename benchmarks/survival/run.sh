#!/bin/sh
# Side-by-side timing of sibyl and R's survival on the same generated data.
#   benchmarks/survival/run.sh [n] [p]       (from the repository root)
# Generates the CSV once with a fixed seed, builds sibyl, then times
#   1. the whole process `sibyl survival cox` (read CSV + Efron fit + output)
#   2. sibyl's read, fit and Kaplan-Meier alone (benchmarks/survival/fit)
#   3. R: read.csv, coxph(ties = "efron") and survfit alone (bench.R), and the
#      whole Rscript process
# and prints the ratios sibyl / R.
set -e
n=${1:-1000000}
p=${2:-20}
dir=${TMPDIR:-/tmp}/sibyl_survival_bench
mkdir -p "$dir"
csv="$dir/surv_${n}_${p}.csv"
[ -f "$csv" ] || go run ./benchmarks/survival/gen -n "$n" -p "$p" -out "$csv"
go build -o "$dir/sibyl" ./cmd/sibyl
go build -o "$dir/fit" ./benchmarks/survival/fit
covs=$(seq -s, 1 "$p" | sed 's/\([0-9]\+\)/x\1/g')
now() { date +%s.%N; }
t0=$(now)
/usr/bin/time -f "%U %S" -o "$dir/sibyl_cpu.txt" \
	"$dir/sibyl" survival cox --data "$csv" --time time --event event --covariates "$covs" --json > "$dir/sibyl_cox.json"
t1=$(now)
sibyl_whole=$(echo "$t1 - $t0" | bc -l)
sibyl_whole_cpu=$(awk '{print $1 + $2}' "$dir/sibyl_cpu.txt")
sibyl_parts=$("$dir/fit" -data "$csv" -p "$p")
echo "sibyl whole process: ${sibyl_whole}s elapsed, ${sibyl_whole_cpu}s CPU"
echo "sibyl parts: $sibyl_parts"
if ! command -v Rscript >/dev/null 2>&1; then
	echo "Rscript not found: R side skipped"
	exit 0
fi
t0=$(now)
r_parts=$(Rscript benchmarks/survival/bench.R "$csv" "$p")
t1=$(now)
r_whole=$(echo "$t1 - $t0" | bc -l)
echo "R whole process (Rscript, read.csv + coxph + survfit): ${r_whole}s"
echo "R parts: $r_parts"
python3 - "$sibyl_whole" "$sibyl_parts" "$r_parts" "$sibyl_whole_cpu" <<'PY'
import json, sys
sw = float(sys.argv[1]); s = json.loads(sys.argv[2]); r = json.loads(sys.argv[3]); swc = float(sys.argv[4])
print("coefficient 1: sibyl %.10g  R %.10g;  loglik: sibyl %.10g  R %.10g" % (s["coef1"], r["coef1"], s["loglik"], r["loglik"]))
print("whole process, sibyl survival cox / R read.csv+coxph: %.3f  (target <= 0.1)" % (sw / (r["read_s"] + r["cox_fit_s"])))
print("fit alone, sibyl / coxph:                             %.3f  (target <= 0.2)" % (s["cox_fit_s"] / r["cox_fit_s"]))
print("Kaplan-Meier alone: sibyl %.3fs (target <= 0.3s), R survfit %.3fs, ratio %.3f" % (s["km_s"], r["km_s"], s["km_s"] / r["km_s"]))
print("CPU seconds (fair on a loaded machine; R is single-threaded, sibyl's CPU counts every core):")
print("  whole process: sibyl %.2f  R read.csv+coxph %.2f  ratio %.3f" % (swc, r["read_cpu"] + r["cox_fit_cpu"], swc / (r["read_cpu"] + r["cox_fit_cpu"])))
print("  fit alone:     sibyl %.2f  R coxph %.2f  ratio %.3f" % (s["cox_fit_cpu"], r["cox_fit_cpu"], s["cox_fit_cpu"] / r["cox_fit_cpu"]))
print("  Kaplan-Meier:  sibyl %.3f  R survfit %.3f" % (s["km_cpu"], r["km_cpu"]))
PY
