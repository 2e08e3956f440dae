package journey

import (
	"bytes"
	"context"
	"math"
	"testing"
	"time"
)

// FuzzReadCSV feeds arbitrary bytes through the whole pipeline: it must
// never panic, and the sequential and parallel readers must agree.
func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{
		"user_id,timestamp,event,value\nu,2024-01-01T00:00:00Z,a,\nu,2024-01-01T00:00:01Z,purchase,1\n",
		"user_id,timestamp,event,value\n\"u\n1\",2024-01-01T00:00:00+02:00,\"a,\"\"b\",1e3\n\n,,,\n",
		"user_id,timestamp,event\r\nu,2024-02-29T23:59:59.999999999Z,purchase\r\nu,2024-02-29T23:59:59.999999999Z,purchase",
		"user_id,timestamp,event,value\nu,2024-01-01T00:00:00Z,a,\"1",
		"",
		"\"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx := context.Background()
		var out [2]string
		for i, w := range []int{1, 3} {
			l, err := readCSV(ctx, bytes.NewReader(data), Columns{Value: "value", ValueOptional: true}, w)
			if err != nil {
				return
			}
			r, err := NewReport(ctx, l, ReportOptions{Paths: PathOptions{Conversion: "purchase"}, Order: 3})
			if err != nil {
				return
			}
			b, err := r.SelfChecks.MarshalJSON()
			if err != nil {
				t.Fatalf("marshal: %v", err)
			}
			out[i] = string(b)
			if ok, _ := r.SelfChecks.Get("ok").(bool); !ok {
				t.Fatalf("self checks failed: %s", b)
			}
		}
		// Sessions and a lookback window: still absorbing chains whose P
		// equals the empirical conversion rate.
		if l, err := readCSV(ctx, bytes.NewReader(data), Columns{Value: "value", ValueOptional: true}, 2); err == nil {
			p, err := BuildPaths(ctx, l, PathOptions{Conversion: "purchase", Lookback: time.Hour, SessionGap: 30 * time.Minute})
			if err != nil {
				t.Fatalf("BuildPaths: %v", err)
			}
			if p.NumPaths() > 0 {
				ch, err := Config{Order: 2}.Fit(ctx, p)
				if err != nil {
					t.Fatalf("Fit: %v", err)
				}
				rate := float64(p.Summary().NConversions) / float64(p.NumPaths())
				if d := math.Abs(ch.ConversionProbability() - rate); d > 1e-12 {
					t.Fatalf("P %v, empirical rate %v", ch.ConversionProbability(), rate)
				}
			}
		}
		if out[0] != out[1] {
			t.Fatalf("sequential and parallel readers differ: %s vs %s", out[0], out[1])
		}
	})
}
