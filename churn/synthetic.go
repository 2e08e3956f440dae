package churn

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/sibylml/sibyl/dataset"
)

// SyntheticLog generates a seeded event log of a subscription product, for
// examples, tests and benchmarks. Each customer signs up at a random day
// (up to 180 days before the log starts, so some have history cut by the
// start of the log), has a latent engagement level λ₀ ~ Rate·Gamma(2, ½)
// and a plan (basic 10/month, pro 30/month, 30% pro), and would cancel
// after an exponential time whose hazard falls with engagement:
//
//	hazard/day = 0.004 · exp(-0.8 (λ₀/Rate - 1)) · (1.3 basic, 0.7 pro)
//
// Before the cancellation the engagement decays,
//
//	λ(t) = λ₀ · (1 - 0.9 exp(-(T_cancel - t)/21 days)),
//
// logins arrive as a Poisson process of rate λ(t) per day, 15% of logins
// are followed by a purchase (value lognormal, median 20), support tickets
// arrive at 0.01 + 0.1 exp(-(T_cancel - t)/21 days) per day, a payment of
// the plan's price every 30 days since sign-up, and a third of pro
// customers downgrade 10-30 days before cancelling. 75% of churners end
// with a "cancel" event; the others just stop. The event names are login,
// purchase, support, payment, downgrade and cancel.
type SyntheticLog struct {
	Customers int       // zero means 2000
	Days      int       // length of the log; zero means 365
	Rate      float64   // mean logins per day of an engaged customer; zero means 0.5
	Start     time.Time // first day of the log; zero means 2024-01-01 UTC
	Seed      uint64
}

// SyntheticColumns names the columns of SyntheticLog.Frame for
// dataset.NewEventLog.
var SyntheticColumns = dataset.EventLogColumns{Entity: "customer", Time: "time", Event: "event", Value: "value"}

func (g SyntheticLog) resolved() SyntheticLog {
	if g.Customers == 0 {
		g.Customers = 2000
	}
	if g.Days == 0 {
		g.Days = 365
	}
	if g.Rate == 0 {
		g.Rate = 0.5
	}
	if g.Start.IsZero() {
		g.Start = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return g
}

// Frame returns the log as a Frame with columns customer (text), time
// (integer seconds since 1970), event (text) and value (float, missing
// except for purchases and payments), in time order within each customer.
// The caller releases it. Errors: a negative or non-finite field.
func (g SyntheticLog) Frame() (*dataset.Frame, error) {
	g = g.resolved()
	if g.Customers < 0 || g.Days < 0 || !(g.Rate > 0) || math.IsInf(g.Rate, 0) {
		return nil, fmt.Errorf("%w: synthetic log with %d customers, %d days, rate %v", ErrParam, g.Customers, g.Days, g.Rate)
	}
	rng := rand.New(rand.NewPCG(g.Seed, 0x5eed))
	var (
		cust  []string
		secs  []int64
		event []string
		value []float64
		valid []bool
	)
	start := g.Start.Unix()
	const day = 86400.0
	add := func(c string, t float64, e string, v float64, ok bool) {
		cust = append(cust, c)
		secs = append(secs, start+int64(t*day))
		event = append(event, e)
		value = append(value, v)
		valid = append(valid, ok)
	}
	type ev struct {
		t  float64
		e  string
		v  float64
		ok bool
	}
	var evs []ev
	for i := range g.Customers {
		id := fmt.Sprintf("c%06d", i+1)
		signup := rng.Float64()*(0.8*float64(g.Days)+180) - 180
		lam0 := g.Rate * (rng.ExpFloat64() + rng.ExpFloat64()) / 2
		pro := rng.Float64() < 0.3
		price, planH := 10.0, 1.3
		if pro {
			price, planH = 30, 0.7
		}
		h := 0.004 * math.Exp(-0.8*(lam0/g.Rate-1)) * planH
		cancel := signup + rng.ExpFloat64()/h
		explicit := rng.Float64() < 0.75
		end := min(cancel, float64(g.Days))
		decay := func(t float64) float64 { return math.Exp(-(cancel - t) / 21) }
		evs = evs[:0]
		from := max(signup, 0)
		// Logins (and purchases) by thinning a rate-λ₀ process.
		for t := from + rng.ExpFloat64()/lam0; t < end; t += rng.ExpFloat64() / lam0 {
			if rng.Float64() < 1-0.9*decay(t) {
				evs = append(evs, ev{t, "login", 0, false})
				if rng.Float64() < 0.15 {
					evs = append(evs, ev{t + rng.Float64()/48, "purchase", math.Round(math.Exp(3+0.5*rng.NormFloat64())*100) / 100, true})
				}
			}
		}
		// Support tickets by thinning a rate-0.11 process.
		for t := from + rng.ExpFloat64()/0.11; t < end; t += rng.ExpFloat64() / 0.11 {
			if rng.Float64() < (0.01+0.1*decay(t))/0.11 {
				evs = append(evs, ev{t, "support", 0, false})
			}
		}
		for t := signup; t < end; t += 30 {
			if t >= 0 {
				evs = append(evs, ev{t, "payment", price, true})
			}
		}
		if pro && rng.Float64() < 1.0/3 {
			if t := cancel - 10 - 20*rng.Float64(); t >= from && t < end {
				evs = append(evs, ev{t, "downgrade", 0, false})
			}
		}
		if explicit && cancel >= 0 && cancel < float64(g.Days) {
			evs = append(evs, ev{cancel, "cancel", 0, false})
		}
		slices.SortStableFunc(evs, func(a, b ev) int { return cmp.Compare(a.t, b.t) })
		for _, e := range evs {
			add(id, e.t, e.e, e.v, e.ok)
		}
	}
	var b dataset.Builder
	b.String("customer", cust).Int64("time", secs).String("event", event).Float64WithValidity("value", value, valid)
	return b.Frame()
}
