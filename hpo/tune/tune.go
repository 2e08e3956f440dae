// Package tune holds ready-made hpo objectives for sibyl's own models.
// CoxRidge tunes the ridge penalty of a Cox model by cross-validated
// concordance; Churn tunes the churn trainer's boosting parameters by
// stratified K-fold cross-validation with early stopping wired to the
// study's pruner.
package tune

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/sibylml/sibyl/hpo"
	"github.com/sibylml/sibyl/survival"
)

// ErrData marks data a tuner cannot cross-validate.
var ErrData = errors.New("tune: unusable data")

// CoxRidge tunes θ, the ridge penalty θ/2·Σβ² of survival.Cox, on a log
// scale by K-fold cross-validation: for each fold the model is fitted on the
// other folds and scored by Harrell's C of its linear predictor on the fold,
//
//	C = (concordant + ties/2) / comparable pairs,
//	(i, j) comparable ⇔ t_i < t_j and δ_i = 1, concordant ⇔ η_i > η_j,
//
// and the objective (maximised) is the mean C over the folds. The running
// mean is reported after each fold, so a pruner can stop a poor θ early.
// Folds are a seeded shuffle of the rows. (start, stop] data are scored on
// their stop times.
//
// References:
//
//	Harrell, Califf, Pryor, Lee, Rosati (1982). Evaluating the yield of
//	medical tests. JAMA 247, 2543–2546.
//	Verweij, van Houwelingen (1993). Cross-validation in survival analysis.
//	Statistics in Medicine 12, 2305–2314.
type CoxRidge struct {
	Cox   survival.Cox `json:"cox"`   // base settings; Ridge is what is tuned
	Folds int          `json:"folds"` // zero means 5
	Low   float64      `json:"low"`   // smallest θ; zero means 1e-4
	High  float64      `json:"high"`  // largest θ; zero means 1e3
	Seed  uint64       `json:"seed"`  // fold assignment
}

func (c CoxRidge) resolved() CoxRidge {
	if c.Folds == 0 {
		c.Folds = 5
	}
	if c.Low == 0 {
		c.Low = 1e-4
	}
	if c.High == 0 {
		c.High = 1e3
	}
	return c
}

// Objective returns the cross-validation objective on d (maximise it). It
// suggests one parameter, "ridge".
func (c CoxRidge) Objective(d survival.CoxData) (hpo.Objective, error) {
	c = c.resolved()
	n := len(d.Time)
	if c.Folds < 2 || n < 2*c.Folds {
		return nil, fmt.Errorf("%w: %d rows for %d folds", ErrData, n, c.Folds)
	}
	if len(d.Event) != n {
		return nil, fmt.Errorf("%w: %d times but %d events", ErrData, n, len(d.Event))
	}
	fold := rand.New(rand.NewPCG(c.Seed, 0x5eed)).Perm(n)
	for i := range fold {
		fold[i] %= c.Folds
	}
	return func(ctx context.Context, t *hpo.Trial) (float64, error) {
		theta, err := t.FloatLog("ridge", c.Low, c.High)
		if err != nil {
			return math.NaN(), err
		}
		cox := c.Cox
		cox.Ridge = theta
		sum := 0.0
		for k := range c.Folds {
			train, test := split(d, fold, k)
			m, err := cox.Fit(ctx, train)
			if err != nil {
				return math.NaN(), fmt.Errorf("fold %d: %w", k, err)
			}
			eta, err := m.LinearPredictors(nil, test.X, test.Strata, false)
			if err != nil {
				return math.NaN(), fmt.Errorf("fold %d: %w", k, err)
			}
			sum += harrellC(test.Time, test.Event, eta)
			t.Report(k, sum/float64(k+1))
			if k+1 < c.Folds && t.ShouldPrune() {
				return sum / float64(k+1), hpo.ErrPruned
			}
		}
		return sum / float64(c.Folds), nil
	}, nil
}

// Tune runs a maximising study of trials trials (cfg.Direction is set to
// Maximize) and returns the best θ and the study.
func (c CoxRidge) Tune(ctx context.Context, d survival.CoxData, cfg hpo.Config, trials int) (float64, *hpo.Study, error) {
	obj, err := c.Objective(d)
	if err != nil {
		return math.NaN(), nil, err
	}
	cfg.Direction = hpo.Maximize
	s, err := hpo.NewStudy(ctx, cfg)
	if err != nil {
		return math.NaN(), nil, err
	}
	if err := s.Optimize(ctx, obj, trials); err != nil {
		return math.NaN(), s, err
	}
	best, err := s.Best(ctx)
	if err != nil {
		return math.NaN(), s, err
	}
	return best.Params["ridge"], s, nil
}

// split returns the rows outside and inside fold k.
func split(d survival.CoxData, fold []int, k int) (train, test survival.CoxData) {
	pick := func(in bool) survival.CoxData {
		var idx []int
		for i, f := range fold {
			if (f == k) == in {
				idx = append(idx, i)
			}
		}
		sub := func(x []float64) []float64 {
			if x == nil {
				return nil
			}
			out := make([]float64, len(idx))
			for j, i := range idx {
				out[j] = x[i]
			}
			return out
		}
		subS := func(x []string) []string {
			if x == nil {
				return nil
			}
			out := make([]string, len(idx))
			for j, i := range idx {
				out[j] = x[i]
			}
			return out
		}
		o := survival.CoxData{Names: d.Names, Time: sub(d.Time), Event: sub(d.Event), Start: sub(d.Start),
			Strata: subS(d.Strata), Weights: sub(d.Weights), Cluster: subS(d.Cluster)}
		o.X = make([][]float64, len(d.X))
		for j, col := range d.X {
			o.X[j] = sub(col)
		}
		return o
	}
	return pick(false), pick(true)
}

// harrellC is Harrell's concordance of risk scores eta (higher = earlier
// event) on right-censored data; 0.5 when no pair is comparable.
func harrellC(time, event, eta []float64) float64 {
	conc, pairs := 0.0, 0.0
	for i := range time {
		if event[i] == 0 {
			continue
		}
		for j := range time {
			if time[i] < time[j] {
				pairs++
				switch {
				case eta[i] > eta[j]:
					conc++
				case eta[i] == eta[j]:
					conc += 0.5
				}
			}
		}
	}
	if pairs == 0 {
		return 0.5
	}
	return conc / pairs
}
