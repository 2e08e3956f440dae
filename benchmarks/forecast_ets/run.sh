#!/bin/sh
# Side-by-side auto-ETS benchmark: sibyl vs R forecast::ets on the same
# 1,000 generated monthly series (length 120, 12-month holdout).
# Usage: sh benchmarks/forecast_ets/run.sh [R_LIMIT]   (from the repo root)
# R_LIMIT (default 100) times R on the first R_LIMIT series only; the
# per-series CPU time is compared.
set -e
R_LIMIT=${1:-100}
DIR=$(mktemp -d)
go build -o "$DIR/etsbench" ./benchmarks/forecast_ets
# The series of the ARIMA benchmark (benchmarks/forecast) when present, so
# both benchmarks use the same 1,000 series; else this command's own.
if [ -f benchmarks/forecast/series.go ]; then
  go run ./benchmarks/forecast -gen -out "$DIR/series.csv"
else
  "$DIR/etsbench" -gen "$DIR/series.csv"
fi
"$DIR/etsbench" -data "$DIR/series.csv" -out "$DIR/go.csv" -workers 1 | tee "$DIR/go.txt"
"$DIR/etsbench" -data "$DIR/series.csv" -limit "$R_LIMIT" -out "$DIR/go_subset.csv" -workers 1 | tee "$DIR/go_subset.txt"
if command -v Rscript >/dev/null 2>&1; then
  Rscript benchmarks/forecast_ets/bench.R "$DIR/series.csv" "$DIR/r.csv" "$R_LIMIT" | tee "$DIR/r.txt"
  go_cpu=$(sed -n 's/.* \([0-9.]*\) cpu-s\/series.*/\1/p' "$DIR/go_subset.txt")
  r_cpu=$(sed -n 's/.* \([0-9.]*\) cpu-s\/series.*/\1/p' "$DIR/r.txt")
  echo "per-series CPU: R $r_cpu s, sibyl $go_cpu s, ratio $(echo "$r_cpu / $go_cpu" | bc -l | cut -c1-6)x"
  python3 - "$DIR/go_subset.csv" "$DIR/r.csv" <<'PY'
import csv, sys
g = list(csv.DictReader(open(sys.argv[1]))); r = list(csv.DictReader(open(sys.argv[2])))
same = sum(a["model"] == b["model"] for a, b in zip(g, r))
print(f"same model selected on {same} of {len(r)} series; mean MASE sibyl {sum(float(a['mase']) for a in g)/len(g):.4f}, R {sum(float(b['mase']) for b in r)/len(r):.4f}")
PY
else
  echo "Rscript not found: R side skipped"
fi
echo "outputs in $DIR"
