#!/bin/sh
# Side-by-side timing of `sibyl journey fit` and the numpy/pandas reference
# pipeline on the same fixed-seed log: 50,000 users × ~20 events (~1M rows).
#
#   sh benchmarks/journey/run.sh [users] [events-per-user]
#
# Run from the repository root. Needs Go; the reference needs /usr/bin/python3
# with numpy and pandas (skipped if missing).
set -eu
users=${1:-50000}
events=${2:-20}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go run ./benchmarks/journey/gen -users "$users" -events "$events" > "$dir/events.csv"
go build -o "$dir/sibyl" ./cmd/sibyl
echo "data: $(($(wc -l < "$dir/events.csv") - 1)) rows, $(du -h "$dir/events.csv" | cut -f1)"

best=""
for i in 1 2 3; do
	s=$(date +%s.%N)
	"$dir/sibyl" journey fit --data "$dir/events.csv" --conversion purchase --json > "$dir/out.json"
	e=$(date +%s.%N)
	t=$(echo "$e - $s" | bc)
	if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
done
echo "sibyl journey fit (orders 1 and 2, all heuristics, exact fractions): best of 3 ${best}s"
for order in 2 3; do
	s=$(date +%s.%N)
	"$dir/sibyl" journey fit --data "$dir/events.csv" --conversion purchase --order "$order" --json > /dev/null
	e=$(date +%s.%N)
	echo "sibyl journey fit --order $order: $(echo "$e - $s" | bc)s"
done

if /usr/bin/python3 -c 'import numpy, pandas' 2>/dev/null; then
	/usr/bin/python3 benchmarks/journey/reference.py "$dir/events.csv" > "$dir/ref.txt"
	ref=$(awk '/^seconds/ {print $2}' "$dir/ref.txt")
	echo "reference (pandas + numpy, first order only): ${ref}s"
	echo "ratio reference / sibyl: $(echo "scale=1; $ref / $best" | bc)x"
	/usr/bin/python3 - "$dir/out.json" "$dir/ref.txt" <<'PY'
import json, sys
got = json.load(open(sys.argv[1]))
diff = 0.0
for line in open(sys.argv[2]):
    f = line.split()
    if f[0] == "paths":
        diff = max(diff, abs(float(f[3]) - got["conversion_probability"]))
    elif f[0] == "removal_effect":
        diff = max(diff, abs(float(f[2]) - got["removal_effect"][f[1]]))
print(f"max |sibyl - reference| over P(conv) and removal effects: {diff:.3g}")
PY
else
	echo "reference skipped: /usr/bin/python3 lacks numpy or pandas"
fi
