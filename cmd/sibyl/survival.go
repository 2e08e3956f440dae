package main

import (
	"context"
	"fmt"
	"io"
	"math"

	"github.com/sibylml/sibyl/dataset"
	"github.com/sibylml/sibyl/survival"
)

func init() {
	register(command{area: "survival", verb: "km", summary: "Kaplan-Meier curves by group, with the log-rank test", run: runSurvivalKM})
}

type survKMCurveOut struct {
	Group    string `json:"group"`
	N        int    `json:"n"`
	Time     []num  `json:"time"`
	NRisk    []num  `json:"n_risk"`
	NEvent   []num  `json:"n_event"`
	NCensor  []num  `json:"n_censor"`
	Survival []num  `json:"survival"`
	StdErr   []num  `json:"std_err"`
	Lower    []num  `json:"lower"`
	Upper    []num  `json:"upper"`
	CumHaz   []num  `json:"cumhaz"`
	Median   num    `json:"median"`
	MedianLo num    `json:"median_lower"`
	MedianHi num    `json:"median_upper"`
}

type survTestOut struct {
	Chisq num `json:"chisq"`
	DF    num `json:"df"`
	P     num `json:"p"`
}

type survKMOut struct {
	ConfType string           `json:"conf_type"`
	ConfInt  num              `json:"conf_int"`
	NDropped int              `json:"n_dropped"`
	Groups   []survKMCurveOut `json:"groups"`
	Logrank  *survTestOut     `json:"logrank,omitempty"`
}

// survColumns reads the named numeric columns; rows where any is missing
// (NaN) are dropped and counted. String columns (strs) are read as text.
type survColumns struct {
	num      map[string][]float64
	str      map[string][]string
	kept     []int // 1-based data rows kept
	nDropped int
	nRows    int
}

func survReadColumns(f *dataset.Frame, numeric, text []string) (*survColumns, error) {
	n := f.NumRows()
	c := &survColumns{num: map[string][]float64{}, str: map[string][]string{}, nRows: n}
	keep := make([]bool, n)
	for i := range keep {
		keep[i] = true
	}
	for _, name := range numeric {
		if _, ok := c.num[name]; ok {
			continue
		}
		v, err := f.AppendFloat64s(nil, name)
		if err != nil {
			return nil, err
		}
		for i, x := range v {
			if math.IsNaN(x) {
				keep[i] = false
			}
		}
		c.num[name] = v
	}
	for _, name := range text {
		if _, ok := c.str[name]; ok {
			continue
		}
		v, err := f.AppendStrings(nil, name)
		if err != nil {
			return nil, err
		}
		valid, err := f.Validity(name)
		if err != nil {
			return nil, err
		}
		for i, ok := range valid {
			if !ok {
				keep[i] = false
			}
		}
		c.str[name] = v
	}
	for i, k := range keep {
		if k {
			c.kept = append(c.kept, i+1)
		}
	}
	c.nDropped = n - len(c.kept)
	if c.nDropped > 0 {
		for name, v := range c.num {
			out := make([]float64, 0, len(c.kept))
			for _, r := range c.kept {
				out = append(out, v[r-1])
			}
			c.num[name] = out
		}
		for name, v := range c.str {
			out := make([]string, 0, len(c.kept))
			for _, r := range c.kept {
				out = append(out, v[r-1])
			}
			c.str[name] = out
		}
	}
	return c, nil
}

func runSurvivalKM(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("survival", "km")
	data := fs.String("data", "", "input file")
	timeCol := fs.String("time", "", "time column")
	eventCol := fs.String("event", "", "event column (1 = event, 0 = censored)")
	groupCol := fs.String("group", "", "group column (optional)")
	confType := fs.String("conf-type", "log", "log, log-log or plain")
	confLevel := fs.Float64("conf-level", 0.95, "confidence level")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := required("data", *data, "time", *timeCol, "event", *eventCol); err != nil {
		return err
	}
	switch *confType {
	case "log", "log-log", "plain":
	default:
		return usagef("--conf-type: %q is not log, log-log or plain", *confType)
	}
	if !(*confLevel > 0 && *confLevel < 1) {
		return usagef("--conf-level: %v is not in (0, 1)", *confLevel)
	}
	f, err := readFrame(ctx, *data)
	if err != nil {
		return err
	}
	defer f.Release()
	var text []string
	if *groupCol != "" {
		text = []string{*groupCol}
	}
	cols, err := survReadColumns(f, []string{*timeCol, *eventCol}, text)
	if err != nil {
		return err
	}
	var group []string
	if *groupCol != "" {
		group = cols.str[*groupCol]
	}
	km := survival.KaplanMeier{ConfType: survival.ConfType(*confType), ConfLevel: *confLevel}
	t, e := cols.num[*timeCol], cols.num[*eventCol]
	res, err := km.Fit(ctx, t, e, group)
	if err != nil {
		return survErr(err, cols, *timeCol, *eventCol)
	}
	out := survKMOut{ConfType: string(res.ConfType), ConfInt: num(res.ConfLevel), NDropped: cols.nDropped}
	for _, c := range res.Curves {
		out.Groups = append(out.Groups, survKMCurveOut{
			Group: c.Group, N: c.N, Time: nums(c.Time), NRisk: nums(c.NRisk), NEvent: nums(c.NEvent),
			NCensor: nums(c.NCensor), Survival: nums(c.Surv), StdErr: nums(c.StdErr),
			Lower: nums(c.Lower), Upper: nums(c.Upper), CumHaz: nums(c.CumHaz),
			Median: num(c.Median), MedianLo: num(c.MedianLo), MedianHi: num(c.MedianHi),
		})
	}
	if group != nil {
		lr, err := survival.LogRankTest(ctx, t, e, group, nil)
		if err != nil {
			return survErr(err, cols, *timeCol, *eventCol)
		}
		out.Logrank = &survTestOut{Chisq: num(lr.Chisq), DF: num(lr.DF), P: num(lr.P)}
	}
	if *asJSON {
		return writeJSON(stdout, out)
	}
	for _, c := range res.Curves {
		fmt.Fprintf(stdout, "group %s: n=%d events=%g median=%g (%g, %g)\n", c.Group, c.N, sum(c.NEvent), c.Median, c.MedianLo, c.MedianHi)
	}
	if out.Logrank != nil {
		fmt.Fprintf(stdout, "log-rank: chisq=%.4g on %g df, p=%.4g\n", float64(out.Logrank.Chisq), float64(out.Logrank.DF), float64(out.Logrank.P))
	}
	return nil
}

func sum(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s
}

// survErr rewrites a survival.DataError's row into the file's 1-based data
// row and names the column.
func survErr(err error, cols *survColumns, timeCol, eventCol string) error {
	de, ok := err.(*survival.DataError)
	if !ok {
		return err
	}
	col := de.Field
	switch de.Field {
	case "time":
		col = timeCol
	case "event":
		col = eventCol
	}
	row := de.Row
	if row >= 0 && row < len(cols.kept) {
		row = cols.kept[row]
	}
	return fmt.Errorf("%v: column %q, data row %d, value %v", de.Err, col, row, de.Value)
}
