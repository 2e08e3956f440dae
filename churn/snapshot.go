package churn

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/sibylml/sibyl/dataset"
)

// Snapshot is a table of customers at one or more cut-offs: one row per
// (customer, cut-off), the features of FeatureSpec as a dense row-major
// matrix, and, for labeled snapshots, the labels.
type Snapshot struct {
	// Spec is the spec the rows were built with, event types resolved:
	// save it with the model to rebuild the same columns when scoring.
	Spec  FeatureSpec
	Names []string // feature names, Spec.Names()
	// Customer and Cutoff identify each row.
	Customer []string
	Cutoff   []time.Time
	X        []float64 // row r, feature j at X[r*len(Names)+j]; NaN = missing
	// Churned is 1 when the customer churned in the churn window after the
	// cut-off, else 0; nil for an unlabeled snapshot.
	Churned []float64
	// Time is the survival:cox label: days from the cut-off to churn,
	// negative when censored (see FeatureSpec.Labeled); nil when unlabeled.
	Time []float64
	// Stats has one entry per cut-off.
	Stats []SnapshotStats
}

// SnapshotStats counts what happened to the customers of the log at one
// cut-off.
type SnapshotStats struct {
	Cutoff    time.Time `json:"cutoff"`
	Customers int       `json:"customers"`  // rows
	NoHistory int       `json:"no_history"` // customers without an event before the cut-off (no row)
	Cancelled int       `json:"cancelled"`  // customers who had already cancelled (no row)
	Lapsed    int       `json:"lapsed"`     // customers inactive for FeatureSpec.LapsedDays (no row)
	Churned   int       `json:"churned"`    // rows labeled churned (0 when unlabeled)
	BadRows   int       `json:"bad_rows"`   // log rows left out by dataset.NewEventLog (missing or unparseable time, ...)
}

// NumRows is the number of rows.
func (s *Snapshot) NumRows() int { return len(s.Customer) }

// Row returns row r's features (a view, not a copy).
func (s *Snapshot) Row(r int) []float64 { return s.X[r*len(s.Names) : (r+1)*len(s.Names)] }

// Data returns the snapshot as training data for the binary churn label
// (binary:logistic). The matrix is shared, not copied. An unlabeled
// snapshot has all-zero labels.
func (s *Snapshot) Data() *Data {
	y := s.Churned
	if y == nil {
		y = make([]float64, s.NumRows())
	}
	return &Data{X: s.X, Features: slices.Clone(s.Names), Label: y}
}

// SurvivalData returns the snapshot as training data for time to churn
// (survival:cox: Time, negative = censored). The matrix is shared.
func (s *Snapshot) SurvivalData() *Data {
	y := s.Time
	if y == nil {
		y = make([]float64, s.NumRows())
	}
	return &Data{X: s.X, Features: slices.Clone(s.Names), Label: y}
}

// Stack concatenates snapshots built with the same spec (same columns),
// in the order given.
func Stack(parts ...*Snapshot) (*Snapshot, error) {
	if len(parts) == 0 {
		return nil, fmt.Errorf("%w: nothing to stack", ErrEmpty)
	}
	out := &Snapshot{Spec: parts[0].Spec, Names: slices.Clone(parts[0].Names)}
	labeled := parts[0].Churned != nil
	for i, p := range parts {
		if !slices.Equal(p.Names, out.Names) {
			return nil, fmt.Errorf("%w: snapshot %d has other feature columns than snapshot 1", ErrFeature, i+1)
		}
		if (p.Churned != nil) != labeled {
			return nil, fmt.Errorf("%w: snapshot %d is labeled and snapshot 1 is not, or the other way round", ErrLabel, i+1)
		}
		out.Customer = append(out.Customer, p.Customer...)
		out.Cutoff = append(out.Cutoff, p.Cutoff...)
		out.X = append(out.X, p.X...)
		if labeled {
			out.Churned = append(out.Churned, p.Churned...)
			out.Time = append(out.Time, p.Time...)
		}
		out.Stats = append(out.Stats, p.Stats...)
	}
	return out, nil
}

// take returns the rows where keep is true.
func (s *Snapshot) take(keep func(r int) bool) *Snapshot {
	out := &Snapshot{Spec: s.Spec, Names: slices.Clone(s.Names)}
	nf := len(s.Names)
	for r := range s.NumRows() {
		if !keep(r) {
			continue
		}
		out.Customer = append(out.Customer, s.Customer[r])
		out.Cutoff = append(out.Cutoff, s.Cutoff[r])
		out.X = append(out.X, s.X[r*nf:(r+1)*nf]...)
		if s.Churned != nil {
			out.Churned = append(out.Churned, s.Churned[r])
			out.Time = append(out.Time, s.Time[r])
		}
	}
	return out
}

// SplitAt splits a stacked snapshot by time: rows whose cut-off is before
// validFrom train, the others validate, so validation is always later than
// training. Since a training row's label looks ChurnDays past its
// cut-off, every training cut-off plus the churn window must also be at or
// before validFrom (no training label sees the validation period);
// otherwise, or when either side would be empty, it returns ErrCutoff.
func (s *Snapshot) SplitAt(validFrom time.Time) (train, valid *Snapshot, err error) {
	h := time.Duration(s.Spec.ChurnDays * nsPerDay)
	var nt, nv int
	for r, c := range s.Cutoff {
		if c.Before(validFrom) {
			nt++
			if c.Add(h).After(validFrom) {
				return nil, nil, fmt.Errorf("%w: training row %d (cut-off %s) has a churn window ending %s, after the validation start %s",
					ErrCutoff, r+1, c.Format(time.RFC3339), c.Add(h).Format(time.RFC3339), validFrom.UTC().Format(time.RFC3339))
			}
		} else {
			nv++
		}
	}
	if nt == 0 || nv == 0 {
		return nil, nil, fmt.Errorf("%w: splitting at %s leaves %d training and %d validation rows", ErrCutoff, validFrom.UTC().Format(time.RFC3339), nt, nv)
	}
	train = s.take(func(r int) bool { return s.Cutoff[r].Before(validFrom) })
	valid = s.take(func(r int) bool { return !s.Cutoff[r].Before(validFrom) })
	train.Stats, valid.Stats = nil, nil
	for _, st := range s.Stats {
		if st.Cutoff.Before(validFrom) {
			train.Stats = append(train.Stats, st)
		} else {
			valid.Stats = append(valid.Stats, st)
		}
	}
	return train, valid, nil
}

// Frame returns the snapshot as a dataset.Frame: columns customer (text),
// cutoff (integer seconds since 1970), the features (float64, NaN where
// missing) and, when labeled, churned and time_to_churn. The caller
// releases it. Errors come from dataset.Builder (a feature named like one
// of the key columns).
func (s *Snapshot) Frame() (*dataset.Frame, error) {
	var b dataset.Builder
	cut := make([]int64, len(s.Cutoff))
	for i, c := range s.Cutoff {
		cut[i] = c.Unix()
	}
	b.String("customer", s.Customer).Int64("cutoff", cut)
	nf := len(s.Names)
	for j, name := range s.Names {
		v := make([]float64, s.NumRows())
		ok := make([]bool, s.NumRows())
		for r := range v {
			v[r] = s.X[r*nf+j]
			ok[r] = v[r] == v[r]
		}
		b.Float64WithValidity(name, v, ok)
	}
	if s.Churned != nil {
		b.Float64("churned", s.Churned).Float64("time_to_churn", s.Time)
	}
	return b.Frame()
}

// Columns copies the named features column by column (one slice per name,
// each of NumRows values), the layout survival.CoxData.X takes, so a Cox
// proportional-hazards fit can be compared with the survival:cox model on
// the same rows:
//
//	x, _ := snap.Columns("recency_days", "events_30d")
//	t, e := snap.TimeEvent()
//	fit, err := survival.Cox{Ties: survival.Breslow}.Fit(ctx, survival.CoxData{Names: names, X: x, Time: t, Event: e})
//
// An unknown name returns an error wrapping ErrFeature.
func (s *Snapshot) Columns(names ...string) ([][]float64, error) {
	nf := len(s.Names)
	out := make([][]float64, len(names))
	for k, name := range names {
		j := slices.Index(s.Names, name)
		if j < 0 {
			return nil, fmt.Errorf("%w: snapshot has no feature %q", ErrFeature, name)
		}
		col := make([]float64, s.NumRows())
		for r := range col {
			col[r] = s.X[r*nf+j]
		}
		out[k] = col
	}
	return out, nil
}

// TimeEvent splits the survival:cox label Time into positive times and 0/1
// event indicators (the layout of survival.CoxData); nil, nil when the
// snapshot is unlabeled.
func (s *Snapshot) TimeEvent() (time, event []float64) {
	if s.Time == nil {
		return nil, nil
	}
	time, event = make([]float64, len(s.Time)), make([]float64, len(s.Time))
	for i, t := range s.Time {
		time[i] = math.Abs(t)
		if t > 0 {
			event[i] = 1
		}
	}
	return time, event
}
