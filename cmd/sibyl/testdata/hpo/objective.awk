# A JSON-lines objective for `sibyl hpo optimize` tests: reads
# {"trial": N, "params": {"x0": …, "lr": …, "n": …, "opt": "…"}} per line and
# replies (x0 − 1)² + (log10 lr + 3)² + 0.1 (n − 7)² (+ 1 for sgd). Trial 3
# replies {"error": …}, trial 4 {"value": …}, trial 5 garbage.
function num(key,   m) {
	if (match($0, "\"" key "\": *[-+0-9.eE]+")) {
		m = substr($0, RSTART, RLENGTH)
		sub(/^[^:]*: */, "", m)
		return m + 0
	}
	return 0
}
{
	t = num("trial")
	v = (num("x0") - 1) ^ 2 + (log(num("lr")) / log(10) + 3) ^ 2 + 0.1 * (num("n") - 7) ^ 2
	if ($0 ~ /"opt": *"sgd"/) v += 1
	if (t == 3) print "{\"error\": \"diverged\"}"
	else if (t == 4) printf "{\"value\": %.17g}\n", v
	else if (t == 5) print "not json"
	else printf "%.17g\n", v
	fflush()
}
