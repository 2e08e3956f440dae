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

# Wall and CPU (user+sys) seconds of one command, as "wall cpu".
timeit() {
	/usr/bin/time -f "%e %U %S" -o "$dir/time" "$@" > "$dir/out.json"
	awk '{printf "%s %.2f", $1, $2 + $3}' "$dir/time"
}
best=""
for i in 1 2 3; do
	set -- $(timeit "$dir/sibyl" journey fit --data "$dir/events.csv" --conversion purchase --json)
	if [ -z "$best" ] || [ "$(echo "$1 < $best" | bc)" = 1 ]; then best=$1 cpu=$2; fi
done
echo "sibyl journey fit (orders 1 and 2, heuristics, exact fractions): best of 3: ${best}s wall, ${cpu}s CPU"
for order in 3 4; do
	set -- $(timeit "$dir/sibyl" journey fit --data "$dir/events.csv" --conversion purchase --order "$order" --json)
	echo "sibyl journey fit --order $order: ${1}s wall, ${2}s CPU"
done
"$dir/sibyl" journey fit --data "$dir/events.csv" --conversion purchase --json > "$dir/out.json"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"

if /usr/bin/python3 -c 'import numpy, pandas' 2>/dev/null; then
	/usr/bin/time -f "%e %U %S" -o "$dir/time" /usr/bin/python3 benchmarks/journey/reference.py "$dir/events.csv" > "$dir/ref.txt"
	ref=$(awk '/^seconds/ {print $2}' "$dir/ref.txt")
	refcpu=$(awk '{printf "%.2f", $2 + $3}' "$dir/time")
	echo "reference (pandas + numpy, first order only): ${ref}s wall inside the script, ${refcpu}s CPU for the process"
	echo "ratio reference / sibyl: $(echo "scale=1; $ref / $best" | bc)x wall, $(echo "scale=1; $refcpu / $cpu" | bc)x CPU"
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
