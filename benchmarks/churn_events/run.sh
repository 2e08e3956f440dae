#!/bin/sh
# Side-by-side timing of sibyl's event features (churn.FeatureSpec.Features)
# and a pandas reference computing the same 61 columns on the same
# fixed-seed log: 50,000 customers × 20 events (1,000,000 rows), one cut-off.
#
#   sh benchmarks/churn_events/run.sh [customers] [events-per-customer]
#
# Run from the repository root. Needs Go; the reference needs /usr/bin/python3
# with numpy and pandas (skipped if missing).
set -eu
customers=${1:-50000}
events=${2:-20}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go build -o "$dir/bench" ./benchmarks/churn_events
"$dir/bench" gen -customers "$customers" -events "$events" > "$dir/events.csv"
echo "data: $(($(wc -l < "$dir/events.csv") - 1)) rows, $(du -h "$dir/events.csv" | cut -f1)"
"$dir/bench" features -data "$dir/events.csv" -out "$dir/sibyl.csv" | tee "$dir/sibyl.txt"
sib=$(awk '/^seconds/ {print $2}' "$dir/sibyl.txt")
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
if /usr/bin/python3 -c 'import numpy, pandas' 2>/dev/null; then
	/usr/bin/python3 benchmarks/churn_events/reference.py "$dir/events.csv" "$dir/sibyl.csv" | tee "$dir/ref.txt"
	ref=$(awk '/^seconds/ {print $2}' "$dir/ref.txt")
	echo "ratio pandas / sibyl (features only): $(echo "scale=1; $ref / $sib" | bc)x"
else
	echo "reference skipped: /usr/bin/python3 lacks numpy or pandas"
fi

# survival:cox training, sibyl and XGBoost, same data and parameters.
rows=${COX_ROWS:-20000}
"$dir/bench" cox -customers "$rows" -out "$dir" | tee "$dir/cox.txt"
if /usr/bin/python3 -c 'import xgboost' 2>/dev/null; then
	/usr/bin/python3 benchmarks/churn_events/xgb_cox.py "$dir" | tee "$dir/xcox.txt"
	"$dir/bench" cox -margins "$dir/xgb_margins.txt" -out "$dir"
	a=$(awk '/^seconds/ {print $2}' "$dir/cox.txt")
	b=$(awk '/^seconds/ {print $2}' "$dir/xcox.txt")
	echo "ratio xgboost / sibyl (survival:cox training): $(echo "scale=1; $b / $a" | bc)x"
else
	echo "xgboost skipped: /usr/bin/python3 lacks xgboost"
fi
