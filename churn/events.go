package churn

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
)

// Errors of the event-log features and labels (FeatureSpec, Snapshot);
// compare with errors.Is.
var (
	// ErrSpec: a FeatureSpec field is out of range (a window that is not a
	// positive number of days, a churn window of 0 days when labels are
	// asked for, an event type listed twice).
	ErrSpec = errors.New("churn: bad feature spec")
	// ErrCutoff: no customer has an event before the cut-off (the cut-off
	// is before every event), or cut-offs are not in increasing order.
	ErrCutoff = errors.New("churn: bad cut-off")
	// ErrHorizon: the churn window after the cut-off reaches past the end of
	// the log, so the labels cannot be observed yet.
	ErrHorizon = errors.New("churn: churn window not observed")
)

const nsPerDay = 86400e9

// maxDays bounds every span of a FeatureSpec (100 years), so spans in
// nanoseconds, doubled for the trend's previous window, stay within int64.
const maxDays = 36500

// FeatureSpec says which features and labels to build from an event log at
// a cut-off. It is a plain value that round-trips through encoding/json, so
// the spec returned with a training Snapshot (its event types resolved) can
// be saved beside the model and the same columns rebuilt at scoring time.
//
// The columns, in order (W is each window in days, T each event type; all
// times in days; only events strictly before the cut-off c are read):
//
//	recency_days      c − time of the last event
//	tenure_days       c − time of the first event
//	events_total      number of events (frequency)
//	value_total       sum of event values (monetary; missing values add 0)
//	value_mean        value_total / events with a value (NaN: none)
//	gap_mean_days     mean time between consecutive events (NaN: < 2 events)
//	gap_sd_days       their sample standard deviation (NaN: < 3 events)
//	gap_max_days      the longest gap (NaN: < 2 events)
//	gap_last_days     the gap before the last event (NaN: < 2 events)
//	last_event        index in EventTypes of the last event's type (NaN: not listed)
//	days_since_T      c − time of the last event of type T (NaN: never)
//	events_Wd         events in [c − W, c)
//	value_Wd          sum of values in [c − W, c)
//	trend_Wd          log((events in [c−W, c) + 1) / (events in [c−2W, c−W) + 1))
//	events_Wd_T       events of type T in [c − W, c)
//	value_Wd_T        sum of values of type T in [c − W, c)
//
// Columns reports each name with its meaning. last_event is a category code
// (pass it in Config.Categorical to split on it natively).
type FeatureSpec struct {
	// EventTypes are the event names that get per-type columns, in column
	// order. Nil means every event name of the log, in its sorted order; the
	// Snapshot's Spec has them filled in, so keep that one for scoring.
	EventTypes []string `json:"event_types"`
	// WindowDays are the trailing windows in days. Nil means 7, 30 and 90.
	WindowDays []float64 `json:"window_days"`
	// ChurnDays is the churn window H in days after the cut-off, used only
	// for labels: a customer churned when there is a cancellation event or
	// no activity event in [c, c + H). It has no default: 0 is an error
	// when labels are asked for.
	ChurnDays float64 `json:"churn_days"`
	// CancelEvents are the explicit cancellation events (may be empty).
	// A customer whose last event before the cut-off (among cancellation
	// and activity events) is a cancellation has already left and gets no
	// row.
	CancelEvents []string `json:"cancel_events,omitempty"`
	// LapsedDays, when positive, leaves out customers whose last activity
	// event is LapsedDays or more before the cut-off: by the inactivity
	// definition they have already left (counted in SnapshotStats.Lapsed).
	// Zero keeps them.
	LapsedDays float64 `json:"lapsed_days,omitempty"`
	// ActivityEvents are the events that count as activity for the label.
	// Nil means every event that is not a cancellation.
	ActivityEvents []string `json:"activity_events,omitempty"`
}

// FeatureColumn is one column of a snapshot: its name and what it holds.
type FeatureColumn struct {
	Name    string `json:"name"`
	Meaning string `json:"meaning"`
}

const numBaseFeatures = 10

var baseFeatures = [numBaseFeatures]FeatureColumn{
	{"recency_days", "days from the last event to the cut-off"},
	{"tenure_days", "days from the first event to the cut-off"},
	{"events_total", "number of events before the cut-off"},
	{"value_total", "sum of event values before the cut-off"},
	{"value_mean", "mean event value (NaN: no values)"},
	{"gap_mean_days", "mean days between consecutive events"},
	{"gap_sd_days", "standard deviation of the days between events"},
	{"gap_max_days", "longest gap between events, days"},
	{"gap_last_days", "days between the last two events"},
	{"last_event", "type of the last event (index in event_types)"},
}

// resolved returns s with defaults filled in from the log's event names.
func (s FeatureSpec) resolved(eventNames []string) FeatureSpec {
	if s.EventTypes == nil {
		s.EventTypes = slices.Clone(eventNames)
	}
	if s.WindowDays == nil {
		s.WindowDays = []float64{7, 30, 90}
	}
	return s
}

// validate checks the windows and names; labels also needs ChurnDays.
func (s FeatureSpec) validate(labels bool) error {
	for i, w := range s.WindowDays {
		if !(w > 0 && w <= maxDays) {
			return fmt.Errorf("%w: window_days[%d] = %v (want a positive number of days up to %d)", ErrSpec, i, w, maxDays)
		}
	}
	seen := map[string]bool{}
	for _, t := range s.EventTypes {
		if seen[t] {
			return fmt.Errorf("%w: event type %q listed twice", ErrSpec, t)
		}
		seen[t] = true
	}
	if !(s.LapsedDays >= 0 && s.LapsedDays <= maxDays) {
		return fmt.Errorf("%w: lapsed_days = %v (want 0 to %d days)", ErrSpec, s.LapsedDays, maxDays)
	}
	if labels {
		switch {
		case s.ChurnDays == 0:
			return fmt.Errorf("%w: churn_days is 0 (set the churn window, e.g. 30 days)", ErrSpec)
		case !(s.ChurnDays > 0 && s.ChurnDays <= maxDays):
			return fmt.Errorf("%w: churn_days = %v (want a positive number of days up to %d)", ErrSpec, s.ChurnDays, maxDays)
		}
	}
	return nil
}

// Columns lists the feature columns the spec builds, in order, with their
// meaning. A nil EventTypes lists no per-type columns (resolve it with a
// Snapshot first).
func (s FeatureSpec) Columns() []FeatureColumn {
	if s.WindowDays == nil {
		s.WindowDays = []float64{7, 30, 90}
	}
	cols := slices.Clone(baseFeatures[:])
	for _, t := range s.EventTypes {
		cols = append(cols, FeatureColumn{"days_since_" + t, "days from the last " + t + " event to the cut-off (NaN: never)"})
	}
	for _, w := range s.WindowDays {
		d := strconv.FormatFloat(w, 'g', -1, 64) + "d"
		in := " in the " + strconv.FormatFloat(w, 'g', -1, 64) + " days before the cut-off"
		cols = append(cols,
			FeatureColumn{"events_" + d, "events" + in},
			FeatureColumn{"value_" + d, "sum of values" + in},
			FeatureColumn{"trend_" + d, "log((events" + in + " + 1) / (events in the window before that + 1))"})
		for _, t := range s.EventTypes {
			cols = append(cols,
				FeatureColumn{"events_" + d + "_" + t, t + " events" + in},
				FeatureColumn{"value_" + d + "_" + t, "sum of " + t + " values" + in})
		}
	}
	return cols
}

// Names returns the feature column names, in order (see Columns).
func (s FeatureSpec) Names() []string {
	cols := s.Columns()
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	return names
}

// Meaning returns the plain-words meaning of a feature column of the spec
// (see Columns), or "" for a name the spec does not build.
func (s FeatureSpec) Meaning(name string) string {
	for _, c := range s.Columns() {
		if c.Name == name {
			return c.Meaning
		}
	}
	return ""
}
