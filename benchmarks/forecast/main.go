// Command forecast benchmarks sibyl's auto-ARIMA against R's
// forecast::auto.arima on 1,000 simulated monthly series of length 120
// (fixed seed): wall time over all series and mean MASE on a 12-month
// holdout. See README.md.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	n := flag.Int("n", 1000, "number of series")
	out := flag.String("out", "series.csv", "where to write the series (long CSV id,t,y)")
	genOnly := flag.Bool("gen", false, "only write the series")
	flag.Parse()
	series := generate(*n, 120)
	if err := writeLong(*out, series); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if *genOnly {
		return
	}
	if err := run(series, *out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
