package churn

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/sibylml/sibyl/dataset"
)

// benchEventLog builds an event log of customers × perCustomer events over
// a year, six event types, values on a third of the events.
func benchEventLog(customers, perCustomer int) *dataset.EventLog {
	rng := rand.New(rand.NewPCG(1, 1))
	n := customers * perCustomer
	l := &dataset.EventLog{
		Entity: make([]int32, n), Time: make([]int64, n), Event: make([]int32, n), Value: make([]float64, n),
		Row: make([]int, n), Offsets: make([]int, customers+1),
		EventNames: []string{"cancel", "downgrade", "login", "payment", "purchase", "support"},
	}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano()
	times := make([]int64, perCustomer)
	for e := range customers {
		l.EntityNames = append(l.EntityNames, "c"+strconv.Itoa(e))
		for k := range times {
			times[k] = start + rng.Int64N(365*int64(nsPerDay))
		}
		slices.Sort(times)
		for k, t := range times {
			i := e*perCustomer + k
			l.Entity[i], l.Time[i], l.Row[i] = int32(e), t, i
			l.Event[i] = int32(rng.IntN(6))
			l.Value[i] = math.NaN()
			if rng.IntN(3) == 0 {
				l.Value[i] = rng.Float64() * 100
			}
		}
		l.Offsets[e+1] = (e + 1) * perCustomer
	}
	return l
}

func BenchmarkFeatures(b *testing.B) {
	l := benchEventLog(50_000, 20)
	cut := time.Date(2024, 10, 27, 0, 0, 0, 0, time.UTC)
	spec := FeatureSpec{CancelEvents: []string{"cancel"}}
	b.Run("events=1e6,customers=5e4", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s, err := spec.Features(context.Background(), l, cut)
			if err != nil || s.NumRows() == 0 {
				b.Fatal(err)
			}
		}
	})
}
