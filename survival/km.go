package survival

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
)

// ConfType names how pointwise confidence intervals for a survival curve are
// formed, as R's survfit conf.type.
type ConfType string

const (
	// ConfLog (the default, as R): S·exp(±z·se), se the standard error of the
	// cumulative hazard; the upper limit is capped at 1.
	ConfLog ConfType = "log"
	// ConfLogLog: S^exp(±z·se/|log S|), undefined where S is 0 or 1.
	ConfLogLog ConfType = "log-log"
	// ConfPlain: S ± z·S·se, clipped to [0, 1].
	ConfPlain ConfType = "plain"
	// ConfNone: no interval.
	ConfNone ConfType = "none"
)

func (c ConfType) resolve() (ConfType, error) {
	switch c {
	case "":
		return ConfLog, nil
	case ConfLog, ConfLogLog, ConfPlain, ConfNone:
		return c, nil
	}
	return "", fmt.Errorf("%w: conf type %q (want log, log-log, plain or none)", ErrInput, string(c))
}

// KaplanMeier estimates survival curves. The zero value gives R's survfit
// defaults: log intervals at 95%.
//
// At each distinct time t_j with n_j at risk and d_j events
//
//	S(t) = prod_{t_j <= t} (1 - d_j/n_j)
//	H(t) = sum_{t_j <= t} d_j/n_j                (Nelson-Aalen)
//	se(t) = sqrt(sum_{t_j <= t} d_j/(n_j(n_j-d_j)))   (Greenwood, SE of log S)
//
// References:
//
//	Kaplan, E. L. and Meier, P. (1958). Nonparametric estimation from
//	incomplete observations. JASA 53, 457-481.
//	Therneau, T. M. (2023). A package for survival analysis in R, survfit.
type KaplanMeier struct {
	ConfType  ConfType `json:"conf_type"`  // Zero means ConfLog.
	ConfLevel float64  `json:"conf_level"` // Zero means 0.95.
}

// Curve is a fitted survival curve for one group. Slices are indexed by
// distinct observed time (events or censorings), ascending.
type Curve struct {
	Group    string    `json:"group"`
	N        int       `json:"n"`
	Time     []float64 `json:"time"`
	NRisk    []float64 `json:"n_risk"`
	NEvent   []float64 `json:"n_event"`
	NCensor  []float64 `json:"n_censor"`
	Surv     []float64 `json:"survival"`
	StdErr   []float64 `json:"std_err"` // SE of the cumulative hazard (R's $std.err); +Inf once S = 0.
	Lower    []float64 `json:"lower"`   // NaN where undefined.
	Upper    []float64 `json:"upper"`
	CumHaz   []float64 `json:"cumhaz"` // Nelson-Aalen.
	Median   float64   `json:"median"` // NaN when S never reaches 0.5.
	MedianLo float64   `json:"median_lower"`
	MedianHi float64   `json:"median_upper"`
}

// MarshalJSON writes the curve with null for undefined values (intervals
// where S = 0, an infinite standard error, a median never reached).
func (c *Curve) MarshalJSON() ([]byte, error) {
	js := func(x []float64) []jnum {
		if x == nil {
			return nil
		}
		out := make([]jnum, len(x))
		for i, v := range x {
			out[i] = jnum(v)
		}
		return out
	}
	return json.Marshal(struct {
		Group    string `json:"group"`
		N        int    `json:"n"`
		Time     []jnum `json:"time"`
		NRisk    []jnum `json:"n_risk"`
		NEvent   []jnum `json:"n_event"`
		NCensor  []jnum `json:"n_censor"`
		Surv     []jnum `json:"survival"`
		StdErr   []jnum `json:"std_err"`
		Lower    []jnum `json:"lower"`
		Upper    []jnum `json:"upper"`
		CumHaz   []jnum `json:"cumhaz"`
		Median   jnum   `json:"median"`
		MedianLo jnum   `json:"median_lower"`
		MedianHi jnum   `json:"median_upper"`
	}{c.Group, c.N, js(c.Time), js(c.NRisk), js(c.NEvent), js(c.NCensor), js(c.Surv), js(c.StdErr),
		js(c.Lower), js(c.Upper), js(c.CumHaz), jnum(c.Median), jnum(c.MedianLo), jnum(c.MedianHi)})
}

// SurvivalAt returns S(t) for each t in times (1 before the first time, the
// last value after the last time).
func (c *Curve) SurvivalAt(dst, times []float64) []float64 {
	if dst == nil {
		dst = make([]float64, len(times))
	} else if len(dst) != len(times) {
		panic(badDstLength)
	}
	for i, t := range times {
		j := sort.SearchFloat64s(c.Time, math.Nextafter(t, math.Inf(1))) - 1
		if j < 0 {
			dst[i] = 1
		} else {
			dst[i] = c.Surv[j]
		}
	}
	return dst
}

// KMResult holds one curve per group (a single curve named "all" when no
// groups were given).
type KMResult struct {
	ConfType  ConfType `json:"conf_type"`
	ConfLevel float64  `json:"conf_int"`
	Curves    []*Curve `json:"groups"`
}

// Fit estimates one curve per level of group (nil group: one curve "all").
// time must be finite and >= 0, event 0 or 1. Group levels are ordered
// numerically when they all parse as numbers, else lexically, as R orders
// factor levels.
func (k KaplanMeier) Fit(ctx context.Context, time, event []float64, group []string) (*KMResult, error) {
	ct, err := k.ConfType.resolve()
	if err != nil {
		return nil, err
	}
	level := k.ConfLevel
	if level == 0 {
		level = 0.95
	}
	if !(level > 0 && level < 1) {
		return nil, fmt.Errorf("%w: conf level %v not in (0, 1)", ErrInput, level)
	}
	if len(event) != len(time) || (group != nil && len(group) != len(time)) {
		return nil, fmt.Errorf("%w: time, event and group lengths differ (%d, %d, %d)", ErrInput, len(time), len(event), len(group))
	}
	if err := checkTimeEvent(nil, time, event); err != nil {
		return nil, err
	}
	if len(time) == 0 {
		return nil, fmt.Errorf("%w: no rows", ErrInput)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res := &KMResult{ConfType: ct, ConfLevel: level}
	z := normQuantile(1 - (1-level)/2)
	order := sortOrder(timeKeys(time))
	time = timeFixSorted(time, order) // R's aeqSurv (timefix = TRUE)
	if group == nil {
		res.Curves = []*Curve{kmCurve("all", time, event, order, ct, z)}
		return res, nil
	}
	levels, codes := groupCodes(group)
	sub := make([][]int32, len(levels))
	for _, i := range order {
		sub[codes[i]] = append(sub[codes[i]], i)
	}
	for g, l := range levels {
		res.Curves = append(res.Curves, kmCurve(l, time, event, sub[g], ct, z))
	}
	return res, nil
}

func timeKeys(t []float64) []uint64 {
	k := make([]uint64, len(t))
	for i, v := range t {
		k[i] = floatKey(v)
	}
	return k
}

// groupCodes returns the sorted distinct levels and each row's level index.
func groupCodes(group []string) ([]string, []int) {
	seen := map[string]int{}
	var levels []string
	for _, g := range group {
		if _, ok := seen[g]; !ok {
			seen[g] = 0
			levels = append(levels, g)
		}
	}
	sortLevels(levels)
	for i, l := range levels {
		seen[l] = i
	}
	codes := make([]int, len(group))
	for i, g := range group {
		codes[i] = seen[g]
	}
	return levels, codes
}

func sortLevels(levels []string) {
	numeric := true
	vals := make(map[string]float64, len(levels))
	for _, l := range levels {
		v, err := strconv.ParseFloat(l, 64)
		if err != nil {
			numeric = false
			break
		}
		vals[l] = v
	}
	if numeric {
		slices.SortStableFunc(levels, func(a, b string) int {
			switch {
			case vals[a] < vals[b]:
				return -1
			case vals[a] > vals[b]:
				return 1
			}
			return 0
		})
		return
	}
	slices.Sort(levels)
}

func checkTimeEvent(start, time, event []float64) error {
	for i, t := range time {
		// negative times are an error for right-censored data; (start,
		// stop] intervals may lie before 0 (time measured from some other
		// origin), as R's Surv(start, stop, event) allows
		if math.IsNaN(t) || math.IsInf(t, 0) || (t < 0 && start == nil) {
			return &DataError{Field: "time", Row: i, Value: t, Err: ErrTime}
		}
		if e := event[i]; e != 0 && e != 1 {
			return &DataError{Field: "event", Row: i, Value: e, Err: ErrEvent}
		}
		if start != nil {
			s := start[i]
			if math.IsNaN(s) || math.IsInf(s, 0) || s >= t {
				return &DataError{Field: "start", Row: i, Value: s, Err: ErrTime}
			}
		}
	}
	return nil
}

// kmCurve builds the curve over the rows in order (sorted by time).
func kmCurve(name string, time, event []float64, order []int32, ct ConfType, z float64) *Curve {
	c := &Curve{Group: name, N: len(order)}
	nrisk := float64(len(order))
	s, h, v := 1.0, 0.0, 0.0
	for i := 0; i < len(order); {
		t := time[order[i]]
		var d, cen float64
		j := i
		for ; j < len(order) && time[order[j]] == t; j++ {
			if event[order[j]] == 1 {
				d++
			} else {
				cen++
			}
		}
		if d > 0 {
			s *= 1 - d/nrisk
			h += d / nrisk
			if nrisk > d {
				v += d / (nrisk * (nrisk - d))
			} else {
				v = math.Inf(1)
			}
		}
		c.Time = append(c.Time, t)
		c.NRisk = append(c.NRisk, nrisk)
		c.NEvent = append(c.NEvent, d)
		c.NCensor = append(c.NCensor, cen)
		c.Surv = append(c.Surv, s)
		c.CumHaz = append(c.CumHaz, h)
		c.StdErr = append(c.StdErr, math.Sqrt(v))
		nrisk -= d + cen
		i = j
	}
	if ct != ConfNone {
		c.Lower, c.Upper = confBands(c.Surv, c.StdErr, ct, z)
	}
	c.Median = quantileKM(c.Time, c.Surv, 0.5)
	c.MedianLo, c.MedianHi = math.NaN(), math.NaN()
	if c.Lower != nil {
		c.MedianLo = quantileKM(c.Time, c.Lower, 0.5)
		c.MedianHi = quantileKM(c.Time, c.Upper, 0.5)
	}
	return c
}

// confBands returns pointwise limits for survival s with standard error se
// of the cumulative hazard, as R's survfit (NaN where undefined).
func confBands(s, se []float64, ct ConfType, z float64) (lo, hi []float64) {
	lo = make([]float64, len(s))
	hi = make([]float64, len(s))
	for i, sv := range s {
		e := se[i]
		switch ct {
		case ConfLog:
			if sv == 0 || math.IsInf(e, 0) || math.IsNaN(e) {
				lo[i], hi[i] = math.NaN(), math.NaN()
				continue
			}
			lo[i] = sv * math.Exp(-z*e)
			hi[i] = math.Min(1, sv*math.Exp(z*e))
		case ConfLogLog:
			if sv == 0 || sv == 1 || math.IsInf(e, 0) || math.IsNaN(e) {
				lo[i], hi[i] = math.NaN(), math.NaN()
				continue
			}
			l := -math.Log(sv)
			lo[i] = math.Pow(sv, math.Exp(z*e/l))
			hi[i] = math.Pow(sv, math.Exp(-z*e/l))
		case ConfPlain:
			if math.IsInf(e, 0) || math.IsNaN(e) {
				lo[i], hi[i] = math.NaN(), math.NaN()
				continue
			}
			w := z * e * sv
			lo[i] = math.Max(0, sv-w)
			hi[i] = math.Min(1, sv+w)
		}
	}
	return lo, hi
}

// quantileKM returns the time at which the curve surv first drops to 1-p... as
// R's quantile.survfit (findq): the first time S <= p, or the midpoint of a
// flat stretch lying exactly at p (tolerance sqrt(machine eps)); NaN when the
// curve never gets there.
func quantileKM(time, surv []float64, p float64) float64 {
	const tol = 1.4901161193847656e-08
	// x = c(0, time), y = c(0, 1 - surv), duplicates of y removed, NaN dropped.
	xmax := 0.0
	if len(time) > 0 {
		xmax = time[len(time)-1]
	}
	yn := math.NaN()
	xs := []float64{0}
	ys := []float64{0}
	seen := map[float64]bool{0: true}
	for i, t := range time {
		y := 1 - surv[i]
		if i == len(time)-1 {
			yn = y
		}
		if math.IsNaN(surv[i]) || seen[y] {
			continue
		}
		seen[y] = true
		xs = append(xs, t)
		ys = append(ys, y)
	}
	q := 1 - p
	maxy := math.Inf(-1)
	for _, y := range ys {
		maxy = math.Max(maxy, y)
	}
	if maxy < q {
		return math.NaN()
	}
	find := func(shift float64) int {
		for i, y := range ys {
			if y+shift >= q {
				return i
			}
		}
		return -1
	}
	i1, i2 := find(tol), find(-tol)
	if i1 < 0 {
		return math.NaN()
	}
	if !math.IsNaN(yn) && math.Abs(q-yn) < tol {
		return (xs[i1] + xmax) / 2
	}
	if i2 < 0 {
		return math.NaN()
	}
	return (xs[i1] + xs[i2]) / 2
}
