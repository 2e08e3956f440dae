package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/sibylml/sibyl/dataset"
	"github.com/sibylml/sibyl/survival"
)

func init() {
	register(command{area: "survival", verb: "km", summary: "Kaplan-Meier curves by group, with the log-rank test", run: runSurvivalKM})
	register(command{area: "survival", verb: "cox", summary: "Cox proportional hazards regression (as R's coxph)", run: runSurvivalCox})
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
	StdErrS  []num  `json:"std_err_surv"`
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
	Logrank  *survLogrankOut  `json:"logrank,omitempty"`
}

type survLogrankOut struct {
	Chisq    num      `json:"chisq"`
	DF       num      `json:"df"`
	P        num      `json:"p"`
	Groups   []string `json:"groups"`
	N        []int    `json:"n"`
	Observed []num    `json:"observed"`
	Expected []num    `json:"expected"`
	Variance [][]num  `json:"variance"`
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
		// zero-copy for float64 columns without missing values (the slice
		// aliases the frame, which outlives the fit); a converting copy else
		v, err := f.Float64s(name)
		if err != nil {
			if v, err = f.AppendFloat64s(nil, name); err != nil {
				return nil, err
			}
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
		if k, _ := f.Kind(name); k == dataset.Bool {
			// R labels logical groups and strata TRUE / FALSE
			for i, x := range v {
				v[i] = strings.ToUpper(x)
			}
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
	strataCol := fs.String("strata", "", "strata column for the log-rank test (optional)")
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
	if *strataCol != "" {
		if *groupCol == "" {
			return usagef("--strata needs --group")
		}
		text = append(text, *strataCol)
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
	if group != nil {
		// the overall curve first, then the groups, as the reference cases.
		// As R's survfit(Surv(time, event) ~ 1), it keeps the rows whose
		// group (or strata) is missing: only time and event must be present.
		tcols, err := survReadColumns(f, []string{*timeCol, *eventCol}, nil)
		if err != nil {
			return err
		}
		all, err := km.Fit(ctx, tcols.num[*timeCol], tcols.num[*eventCol], nil)
		if err != nil {
			return survErr(err, tcols, *timeCol, *eventCol)
		}
		res.Curves = append(all.Curves, res.Curves...)
	}
	out := survKMOut{ConfType: string(res.ConfType), ConfInt: num(res.ConfLevel), NDropped: cols.nDropped}
	for _, c := range res.Curves {
		ses := make([]float64, len(c.Surv))
		for i, sv := range c.Surv {
			ses[i] = sv * c.StdErr[i]
			if sv == 0 {
				ses[i] = math.NaN()
			}
		}
		out.Groups = append(out.Groups, survKMCurveOut{
			StdErrS: nums(ses),
			Group:   c.Group, N: c.N, Time: nums(c.Time), NRisk: nums(c.NRisk), NEvent: nums(c.NEvent),
			NCensor: nums(c.NCensor), Survival: nums(c.Surv), StdErr: nums(c.StdErr),
			Lower: nums(c.Lower), Upper: nums(c.Upper), CumHaz: nums(c.CumHaz),
			Median: num(c.Median), MedianLo: num(c.MedianLo), MedianHi: num(c.MedianHi),
		})
	}
	if group != nil {
		var strata []string
		if *strataCol != "" {
			strata = cols.str[*strataCol]
		}
		lr, err := survival.LogRankTest(ctx, t, e, group, strata)
		if err != nil {
			return survErr(err, cols, *timeCol, *eventCol)
		}
		out.Logrank = &survLogrankOut{Chisq: num(lr.Chisq), DF: num(lr.DF), P: num(lr.P), Groups: lr.Groups, N: lr.N,
			Observed: nums(lr.Observed), Expected: nums(lr.Expected)}
		for _, row := range lr.Variance {
			out.Logrank.Variance = append(out.Logrank.Variance, nums(row))
		}
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
// row and names the column; extra maps further field names (start, weight)
// to their columns.
func survErr(err error, cols *survColumns, timeCol, eventCol string, extra ...string) error {
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
	for i := 0; i+1 < len(extra); i += 2 {
		if de.Field == extra[i] && extra[i+1] != "" {
			col = extra[i+1]
		}
	}
	row := de.Row
	if row >= 0 && row < len(cols.kept) {
		row = cols.kept[row]
	}
	return fmt.Errorf("%v: column %q, data row %d, value %v", de.Err, col, row, de.Value)
}

// survNamed is a JSON object keyed by covariate name, in covariate order.
type survNamed struct {
	names []string
	vals  []float64
}

func (s survNamed) MarshalJSON() ([]byte, error) {
	if s.vals == nil {
		return []byte("null"), nil
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, n := range s.names {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(n)
		b.Write(k)
		b.WriteByte(':')
		v, _ := num(s.vals[i]).MarshalJSON()
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

type survBaselineOut struct {
	Time   []num    `json:"time"`
	CumHaz []num    `json:"cumhaz"`
	Strata []string `json:"strata,omitempty"`
}

type survCountsOut struct {
	Concordant num `json:"concordant"`
	Discordant num `json:"discordant"`
	TiedX      num `json:"tied_x"`
	TiedY      num `json:"tied_y"`
	TiedXY     num `json:"tied_xy"`
}

type survCoxOut struct {
	Ties              string          `json:"ties"`
	Covariates        []string        `json:"covariates"`
	Coef              survNamed       `json:"coef"`
	SE                survNamed       `json:"se"`
	RobustSE          survNamed       `json:"robust_se"`
	Z                 survNamed       `json:"z"`
	P                 survNamed       `json:"p"`
	HazardRatio       survNamed       `json:"hazard_ratio"`
	Var               [][]num         `json:"var"`
	Means             survNamed       `json:"means"`
	Loglik            []num           `json:"loglik"`
	Concordance       num             `json:"concordance"`
	ConcordanceSE     num             `json:"concordance_se"`
	ConcordanceCounts survCountsOut   `json:"concordance_counts"`
	N                 int             `json:"n"`
	NEvent            int             `json:"n_event"`
	NDropped          int             `json:"n_dropped"`
	Iterations        any             `json:"iterations"` // [outer, inner] for ridge fits, as R
	OmittedRows       []int           `json:"omitted_rows,omitempty"`
	PredictLP         []num           `json:"predict_lp,omitempty"`
	PredictLPUnc      []num           `json:"predict_lp_uncentered,omitempty"`
	LinearPredictors  []num           `json:"linear_predictors_fit,omitempty"`
	SurvivalAt        *survAtOut      `json:"survival_at,omitempty"`
	LRTest            survTestOut     `json:"lr_test"`
	WaldTest          survTestOut     `json:"wald_test"`
	ScoreTest         *survTestOut    `json:"score_test"`
	RobustScoreTest   *survTestOut    `json:"robust_score_test,omitempty"`
	Penalty           *num            `json:"penalty,omitempty"`
	PenalizedLoglik   *num            `json:"penalized_loglik,omitempty"`
	Theta             *num            `json:"theta,omitempty"`
	DF                *num            `json:"df,omitempty"`
	SE2               *survNamed      `json:"se2,omitempty"`
	Var2              [][]num         `json:"var2,omitempty"`
	NaiveVar          [][]num         `json:"naive_var,omitempty"`
	BaselineCumHaz    survBaselineOut `json:"baseline_cumhaz"`
	BaselineCtype1    survBaselineOut `json:"baseline_cumhaz_ctype1"`
	Warnings          []string        `json:"warnings,omitempty"`
}

type survAtOut struct {
	Times    []num   `json:"times"`
	Rows     []int   `json:"rows"` // 1-based data rows of the subjects
	Survival [][]num `json:"survival"`
	CumHaz   [][]num `json:"cumhaz"`
}

func survTest(t survival.Test) survTestOut {
	return survTestOut{Chisq: num(t.Chisq), DF: num(t.DF), P: num(t.P)}
}

func runSurvivalCox(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("survival", "cox")
	data := fs.String("data", "", "input file")
	timeCol := fs.String("time", "", "time (stop time) column")
	eventCol := fs.String("event", "", "event column (1 = event, 0 = censored)")
	covs := fs.String("covariates", "", "comma-separated covariate columns")
	startCol := fs.String("start", "", "start time column for (start, stop] data")
	strataCol := fs.String("strata", "", "strata column")
	weightsCol := fs.String("weights", "", "case weight column")
	ties := fs.String("ties", "efron", "efron or breslow")
	robust := fs.Bool("robust", false, "robust (sandwich) standard errors")
	clusterCol := fs.String("cluster", "", "cluster column for robust errors (implies --robust)")
	ridge := fs.Float64("ridge", 0, "ridge penalty theta (R's ridge(..., scale=FALSE))")
	maxIter := fs.Int("iter-max", 20, "maximum Newton-Raphson iterations")
	predict := fs.Bool("predict", false, "add predict_lp, predict_lp_uncentered and linear_predictors_fit for every used row")
	timesFlag := fs.String("times", "", "comma-separated times: add survival_at for the first --subjects used rows")
	subjects := fs.Int("subjects", 5, "number of rows (from the top) for --times")
	workers := fs.Int("workers", 0, "goroutines for the fit (0: all cores)")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := required("data", *data, "time", *timeCol, "event", *eventCol, "covariates", *covs); err != nil {
		return err
	}
	names := splitList(*covs)
	if len(names) == 0 {
		return usagef("--covariates: no column names")
	}
	if *ties != "efron" && *ties != "breslow" {
		return usagef("--ties: %q is not efron or breslow", *ties)
	}
	if *ridge < 0 || math.IsNaN(*ridge) || math.IsInf(*ridge, 0) {
		return usagef("--ridge: %v is not a finite non-negative number", *ridge)
	}
	if *maxIter < 1 {
		return usagef("--iter-max: %d is not positive", *maxIter)
	}
	if *workers < 0 {
		return usagef("--workers: %d is negative", *workers)
	}
	times, err := parseFloats("times", *timesFlag)
	if err != nil {
		return err
	}
	if *subjects < 0 {
		return usagef("--subjects: %d is negative", *subjects)
	}
	f, err := readFrame(ctx, *data)
	if err != nil {
		return err
	}
	defer f.Release()
	numeric := append([]string{*timeCol, *eventCol}, names...)
	if *startCol != "" {
		numeric = append(numeric, *startCol)
	}
	if *weightsCol != "" {
		numeric = append(numeric, *weightsCol)
	}
	var text []string
	if *strataCol != "" {
		text = append(text, *strataCol)
	}
	if *clusterCol != "" {
		text = append(text, *clusterCol)
	}
	cols, err := survReadColumns(f, numeric, text)
	if err != nil {
		return err
	}
	d := survival.CoxData{Names: names, Time: cols.num[*timeCol], Event: cols.num[*eventCol]}
	for _, n := range names {
		d.X = append(d.X, cols.num[n])
	}
	if *startCol != "" {
		d.Start = cols.num[*startCol]
	}
	if *weightsCol != "" {
		d.Weights = cols.num[*weightsCol]
	}
	if *strataCol != "" {
		d.Strata = cols.str[*strataCol]
	}
	if *clusterCol != "" {
		d.Cluster = cols.str[*clusterCol]
		*robust = true
	}
	cfg := survival.Cox{Ties: survival.Ties(*ties), Robust: *robust, Ridge: *ridge, MaxIter: *maxIter, Workers: *workers}
	m, err := cfg.Fit(ctx, d)
	if err != nil {
		return survErr(err, cols, *timeCol, *eventCol, "start", *startCol, "weight", *weightsCol)
	}
	p := len(names)
	named := func(v []float64) survNamed {
		if v == nil {
			return survNamed{}
		}
		return survNamed{names: names, vals: v}
	}
	hr := make([]float64, p)
	for i, b := range m.Coef {
		hr[i] = math.Exp(b)
	}
	keys := names
	if *ridge > 0 {
		// R names penalized terms ridge(x)
		keys = make([]string, p)
		for i, n := range names {
			keys[i] = "ridge(" + n + ")"
		}
		named = func(v []float64) survNamed {
			if v == nil {
				return survNamed{}
			}
			return survNamed{names: keys, vals: v}
		}
	}
	out := survCoxOut{
		Ties: string(m.Config.Ties), Covariates: keys,
		Coef: named(m.Coef), SE: named(m.SE), RobustSE: named(m.RobustSE), Z: named(m.Z), P: named(m.P),
		HazardRatio: named(hr), Means: named(m.Means),
		Loglik:        nums(m.Loglik[:]),
		Concordance:   num(m.Concordance.C),
		ConcordanceSE: num(m.Concordance.SE),
		ConcordanceCounts: survCountsOut{num(m.Concordance.Concordant), num(m.Concordance.Discordant),
			num(m.Concordance.TiedX), num(m.Concordance.TiedY), num(m.Concordance.TiedXY)},
		N: m.N, NEvent: m.NEvent, NDropped: cols.nDropped, Iterations: m.Iterations,
		LRTest: survTest(m.LRTest), WaldTest: survTest(m.WaldTest), Warnings: m.Warnings,
	}
	if *ridge > 0 {
		out.Iterations = []int{1, m.Iterations}
	}
	if cols.nDropped > 0 {
		kept := map[int]bool{}
		for _, r := range cols.kept {
			kept[r] = true
		}
		for r := 1; r <= cols.nRows; r++ {
			if !kept[r] {
				out.OmittedRows = append(out.OmittedRows, r)
			}
		}
	}
	if *predict {
		lpc, err := m.LinearPredictors(nil, d.X, d.Strata, true)
		if err != nil {
			return err
		}
		lpu, err := m.LinearPredictors(nil, d.X, nil, false)
		if err != nil {
			return err
		}
		shift := 0.0
		for j, b := range m.Coef {
			shift += b * m.Means[j]
		}
		fitLP := make([]float64, len(lpu))
		for i, v := range lpu {
			fitLP[i] = v - shift
		}
		out.PredictLP, out.PredictLPUnc, out.LinearPredictors = nums(lpc), nums(lpu), nums(fitLP)
	}
	if len(times) > 0 {
		at := &survAtOut{Times: nums(times)}
		x := make([]float64, p)
		for i := 0; i < *subjects && i < len(d.Time); i++ {
			for j := range p {
				x[j] = d.X[j][i]
			}
			stratum := ""
			if d.Strata != nil {
				stratum = d.Strata[i]
			}
			h, err := m.BaselineCumHaz(nil, stratum, times)
			if err != nil {
				return err
			}
			r := math.Exp(m.LinearPredictor(x))
			sv := make([]float64, len(h))
			for k := range h {
				h[k] *= r
				sv[k] = math.Exp(-h[k])
			}
			at.Rows = append(at.Rows, cols.kept[i])
			at.Survival = append(at.Survival, nums(sv))
			at.CumHaz = append(at.CumHaz, nums(h))
		}
		out.SurvivalAt = at
	}
	for i := range p {
		out.Var = append(out.Var, nums(m.Var[i*p:(i+1)*p]))
	}
	if *ridge == 0 {
		st := survTest(m.ScoreTest)
		out.ScoreTest = &st
	} else {
		pen, pl, th, df := num(m.Penalty), num(m.Loglik[1]-m.Penalty), num(*ridge), num(m.DF)
		out.Penalty, out.PenalizedLoglik, out.Theta, out.DF = &pen, &pl, &th, &df
		se2 := make([]float64, p)
		for i := range p {
			se2[i] = math.Sqrt(m.Var2[i*p+i])
			out.Var2 = append(out.Var2, nums(m.Var2[i*p:(i+1)*p]))
		}
		n2 := named(se2)
		out.SE2 = &n2
	}
	if m.NaiveVar != nil {
		for i := range p {
			out.NaiveVar = append(out.NaiveVar, nums(m.NaiveVar[i*p:(i+1)*p]))
		}
	}
	if m.RobustScoreTest != nil {
		rt := survTest(*m.RobustScoreTest)
		out.RobustScoreTest = &rt
	}
	// R labels strata as strata() does: the bare value for a text (factor)
	// column, "name=value" for a numeric one
	strataPrefix := ""
	if m.Strata != nil {
		if k, err := f.Kind(*strataCol); err != nil || k != dataset.String {
			strataPrefix = *strataCol + "="
		}
	}
	for _, b := range m.Baseline {
		out.BaselineCumHaz.Time = append(out.BaselineCumHaz.Time, nums(b.Time)...)
		out.BaselineCumHaz.CumHaz = append(out.BaselineCumHaz.CumHaz, nums(b.CumHaz)...)
		out.BaselineCtype1.Time = append(out.BaselineCtype1.Time, nums(b.Time)...)
		out.BaselineCtype1.CumHaz = append(out.BaselineCtype1.CumHaz, nums(b.CumHazBreslow)...)
		if m.Strata != nil {
			for range b.Time {
				label := strataPrefix + b.Stratum
				out.BaselineCumHaz.Strata = append(out.BaselineCumHaz.Strata, label)
				out.BaselineCtype1.Strata = append(out.BaselineCtype1.Strata, label)
			}
		}
	}
	if *asJSON {
		return writeJSON(stdout, out)
	}
	fmt.Fprintf(stdout, "Cox model (%s ties), n=%d, events=%d, dropped=%d\n", m.Config.Ties, m.N, m.NEvent, cols.nDropped)
	fmt.Fprintf(stdout, "%-14s %10s %10s %10s %10s %10s\n", "covariate", "coef", "exp(coef)", "se", "z", "p")
	for i, n := range names {
		se := m.SE[i]
		if m.RobustSE != nil {
			se = m.RobustSE[i]
		}
		fmt.Fprintf(stdout, "%-14s %10.4g %10.4g %10.4g %10.4g %10.3g\n", n, m.Coef[i], hr[i], se, m.Z[i], m.P[i])
	}
	fmt.Fprintf(stdout, "concordance %.4g (se %.3g); likelihood ratio %.4g on %s df, p=%.3g\n", m.Concordance.C, m.Concordance.SE,
		m.LRTest.Chisq, strconv.FormatFloat(m.LRTest.DF, 'g', 4, 64), m.LRTest.P)
	for _, w := range m.Warnings {
		fmt.Fprintf(stdout, "warning: %s\n", w)
	}
	return nil
}
