package journey

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
	"time"
)

// benchChannels are the channels of the synthetic benchmark log.
var benchChannels = []string{"search", "social", "email", "display", "direct", "referral", "affiliate", "video"}

// benchLog writes a synthetic event log of users × about perUser events as
// CSV: each user walks a random first-order chain over the channels, ends
// with a purchase (value in cents) with probability about 0.2, and the rows
// are shuffled so the reader must sort.
func benchLog(users, perUser int) []byte { return benchLogChannels(users, perUser, benchChannels) }

// manyChannels returns n campaign-level channel names ch001, ch002, ….
func manyChannels(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("ch%03d", i+1)
	}
	return out
}

// benchLogChannels is benchLog over the given channels.
func benchLogChannels(users, perUser int, benchChannels []string) []byte {
	rng := rand.New(rand.NewPCG(1, 1))
	type row struct {
		user, ts, event, value string
	}
	rows := make([]row, 0, users*perUser)
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	for u := 0; u < users; u++ {
		id := fmt.Sprintf("u%07d", u)
		t := base + rng.Int64N(90*86400)
		n := 1 + rng.IntN(2*perUser-1)
		c := rng.IntN(len(benchChannels))
		for i := 0; i < n; i++ {
			if rng.Float64() < 0.6 {
				c = rng.IntN(len(benchChannels))
			}
			rows = append(rows, row{id, time.Unix(t, 0).UTC().Format(time.RFC3339), benchChannels[c], ""})
			t += 1 + int64(rng.ExpFloat64()*7200)
		}
		if rng.Float64() < 0.2 {
			rows = append(rows, row{id, time.Unix(t, 0).UTC().Format(time.RFC3339), "purchase",
				strconv.FormatFloat(float64(1000+rng.IntN(20000))/100, 'f', 2, 64)})
		}
	}
	rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	var b bytes.Buffer
	b.WriteString("user_id,timestamp,event,value\n")
	for _, r := range rows {
		b.WriteString(r.user + "," + r.ts + "," + r.event + "," + r.value + "\n")
	}
	return b.Bytes()
}

var (
	benchOnce sync.Once
	benchData []byte
)

func benchCSV() []byte {
	benchOnce.Do(func() { benchData = benchLog(50000, 20) })
	return benchData
}

// BenchmarkFit times the whole pipeline on 50,000 users × about 20 events
// (about 1M rows): reading the CSV, building the paths and fitting a chain
// of the given order with its removal effects.
func BenchmarkFit(b *testing.B) {
	data := benchCSV()
	ctx := context.Background()
	for _, order := range []int{1, 2, 3} {
		b.Run(fmt.Sprintf("rows=1e6,order=%d", order), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			var rows int
			for b.Loop() {
				l, err := ReadCSV(ctx, bytes.NewReader(data), Columns{Value: "value"})
				if err != nil {
					b.Fatal(err)
				}
				p, err := BuildPaths(ctx, l, PathOptions{Conversion: "purchase"})
				if err != nil {
					b.Fatal(err)
				}
				ch, err := Config{Order: order}.Fit(ctx, p)
				if err != nil {
					b.Fatal(err)
				}
				_ = ch.RemovalEffects()
				rows = l.NumRows()
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// BenchmarkStages times each stage separately at order 1.
func BenchmarkStages(b *testing.B) {
	data := benchCSV()
	ctx := context.Background()
	l, _ := ReadCSV(ctx, bytes.NewReader(data), Columns{Value: "value"})
	p, _ := BuildPaths(ctx, l, PathOptions{Conversion: "purchase"})
	b.Run("stage=read,rows=1e6", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ReadCSV(ctx, bytes.NewReader(data), Columns{Value: "value"}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("stage=paths,rows=1e6", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := BuildPaths(ctx, l, PathOptions{Conversion: "purchase"}); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, order := range []int{1, 2, 3} {
		b.Run(fmt.Sprintf("stage=fit,order=%d,rows=1e6", order), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := (Config{Order: order}).Fit(ctx, p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFitManyChannels fits chains over 300 campaign-level channels
// (5,000 users × about 20 events, about 100k rows): every removal effect
// needs its own absorbing-chain solve, so this is where the cost of the
// solver, not of reading, shows.
func BenchmarkFitManyChannels(b *testing.B) {
	ctx := context.Background()
	data := benchLogChannels(5000, 20, manyChannels(300))
	l, err := ReadCSV(ctx, bytes.NewReader(data), Columns{Value: "value"})
	if err != nil {
		b.Fatal(err)
	}
	p, err := BuildPaths(ctx, l, PathOptions{Conversion: "purchase"})
	if err != nil {
		b.Fatal(err)
	}
	for _, order := range []int{1, 2, 3} {
		b.Run(fmt.Sprintf("channels=300,rows=1e5,order=%d", order), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := (Config{Order: order}).Fit(ctx, p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
