// Command gen writes the journey benchmark's synthetic event log as CSV:
// users walk a random chain over -channels channels (default 8 named ones;
// more than 8 are named ch001, ch002, …; about -events events each),
// about 20% end with a purchase carrying a value, and the rows are shuffled
// so the reader must sort. The seed is fixed (PCG 1, 1), so the file is the
// same on every run.
//
//	go run ./benchmarks/journey/gen -users 50000 -events 20 > events.csv
//	go run ./benchmarks/journey/gen -channels 300 > many.csv   # campaign-level channels
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"time"
)

var channels = []string{"search", "social", "email", "display", "direct", "referral", "affiliate", "video"}

func main() {
	users := flag.Int("users", 50000, "number of users")
	events := flag.Int("events", 20, "mean events per user")
	nch := flag.Int("channels", len(channels), "number of channels (1..8 use the named ones)")
	flag.Parse()
	if *nch < 1 {
		fmt.Fprintln(os.Stderr, "gen: -channels must be at least 1")
		os.Exit(2)
	}
	if *nch <= len(channels) {
		channels = channels[:*nch]
	} else {
		channels = make([]string, *nch)
		for i := range channels {
			channels[i] = fmt.Sprintf("ch%03d", i+1)
		}
	}
	rng := rand.New(rand.NewPCG(1, 1))
	type row struct{ user, ts, event, value string }
	rows := make([]row, 0, *users**events)
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	for u := 0; u < *users; u++ {
		id := fmt.Sprintf("u%07d", u)
		t := base + rng.Int64N(90*86400)
		n := 1 + rng.IntN(2**events-1)
		c := rng.IntN(len(channels))
		for i := 0; i < n; i++ {
			if rng.Float64() < 0.6 {
				c = rng.IntN(len(channels))
			}
			rows = append(rows, row{id, time.Unix(t, 0).UTC().Format(time.RFC3339), channels[c], ""})
			t += 1 + int64(rng.ExpFloat64()*7200)
		}
		if rng.Float64() < 0.2 {
			rows = append(rows, row{id, time.Unix(t, 0).UTC().Format(time.RFC3339), "purchase",
				strconv.FormatFloat(float64(1000+rng.IntN(20000))/100, 'f', 2, 64)})
		}
	}
	rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	w.WriteString("user_id,timestamp,event,value\n")
	for _, r := range rows {
		w.WriteString(r.user + "," + r.ts + "," + r.event + "," + r.value + "\n")
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
