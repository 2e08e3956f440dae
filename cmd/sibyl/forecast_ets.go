package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/sibylml/sibyl/forecast"
)

func init() {
	register(command{area: "forecast", verb: "ets", summary: "exponential smoothing (ETS) and auto-ETS as R's forecast::ets, with intervals", run: runForecastETS})
	// `sibyl forecast batch --method NAME` (forecastBatchMethods is declared
	// in forecast.go).
	forecastBatchMethods["auto-ets"] = func(period int) forecast.Method { return forecast.ETS{Period: period}.Method() }
	forecastBatchMethods["ets"] = func(period int) forecast.Method {
		// R's ets(y) default: the same automatic selection.
		return forecast.ETS{Period: period}.Method()
	}
	forecastBatchMethods["naive"] = func(period int) forecast.Method {
		return forecast.Baseline{Kind: forecast.BaselineNaive}.Method()
	}
	forecastBatchMethods["snaive"] = func(period int) forecast.Method {
		return forecast.Baseline{Kind: forecast.BaselineSeasonalNaive}.Method()
	}
	forecastBatchMethods["drift"] = func(period int) forecast.Method {
		return forecast.Baseline{Kind: forecast.BaselineDrift}.Method()
	}
	forecastBatchMethods["mean"] = func(period int) forecast.Method {
		return forecast.Baseline{Kind: forecast.BaselineMean}.Method()
	}
	forecastBatchMethods["theta"] = func(period int) forecast.Method { return forecast.Theta{}.Method() }
}

// etsOutput is the JSON of `sibyl forecast ets`; field names follow the
// reference cases' expected.json.
type etsOutput struct {
	Model          string                `json:"model"`
	Damped         bool                  `json:"damped"`
	Label          string                `json:"label"`
	SelectedModel  string                `json:"selected_model,omitempty"`
	SelectedDamped *bool                 `json:"selected_damped,omitempty"`
	Transform      string                `json:"transform"`
	Period         int                   `json:"period"`
	N              int                   `json:"n"`
	Params         etsParamsOut          `json:"params"`
	InitialStates  etsStatesOut          `json:"initial_states"`
	FinalStates    map[string]num        `json:"final_states"`
	Sigma2         num                   `json:"sigma2"`
	LogLik         num                   `json:"loglik"`
	LogLikGaussian num                   `json:"loglik_full_gaussian"`
	ChronoS        []num                 `json:"initial_states_chronological_s"`
	Fitted10       []num                 `json:"fitted_first10"`
	Resid10        []num                 `json:"residuals_first10"`
	AIC            num                   `json:"aic"`
	AICc           num                   `json:"aicc"`
	BIC            num                   `json:"bic"`
	MSE            num                   `json:"mse"`
	AMSE           num                   `json:"amse"`
	NParamsIC      int                   `json:"n_params_ic"`
	Horizon        int                   `json:"horizon"`
	IntervalMethod string                `json:"interval_method"`
	Forecast       forecastETSOut        `json:"forecast"`
	PointForecast  []num                 `json:"point_forecast"`
	Candidates     map[string]etsCandOut `json:"candidates,omitempty"`
	CandidateErrs  map[string]string     `json:"candidate_errors,omitempty"`
}

type etsParamsOut struct {
	Alpha num `json:"alpha"`
	Beta  num `json:"beta"`
	Gamma num `json:"gamma"`
	Phi   num `json:"phi"`
}

type etsStatesOut struct {
	L num   `json:"l"`
	B num   `json:"b"`
	S []num `json:"s"`
}

type etsCandOut struct {
	AICc   num `json:"aicc"`
	AIC    num `json:"aic"`
	BIC    num `json:"bic"`
	LogLik num `json:"loglik"`
}

// forecastETSOut is a forecast with intervals keyed by level ("80", "95").
type forecastETSOut struct {
	Mean  []num            `json:"mean"`
	Lower map[string][]num `json:"lower"`
	Upper map[string][]num `json:"upper"`
}

func forecastETSJSON(fc forecast.Forecast) forecastETSOut {
	out := forecastETSOut{Mean: nums(fc.Mean), Lower: map[string][]num{}, Upper: map[string][]num{}}
	for i, lv := range fc.Levels {
		key := strconv.FormatFloat(lv, 'g', -1, 64)
		out.Lower[key] = nums(fc.Lower[i])
		out.Upper[key] = nums(fc.Upper[i])
	}
	return out
}

// forecastETSSeries reads one numeric column and rejects missing or
// non-finite values with the file, column and row.
func forecastETSSeries(ctx context.Context, path, column string) ([]float64, error) {
	f, err := readFrame(ctx, path)
	if err != nil {
		return nil, err
	}
	defer f.Release()
	if !f.Has(column) {
		return nil, fmt.Errorf("%s: no column %q (have %s)", path, column, strings.Join(f.Names(), ", "))
	}
	y, err := f.AppendFloat64s(nil, column)
	if err != nil {
		return nil, fmt.Errorf("%s: column %q: %w", path, column, err)
	}
	for i, v := range y {
		if math.IsInf(v, 0) {
			return nil, fmt.Errorf("%s: column %q row %d: non-finite value %v", path, column, i+1, v)
		}
	}
	y = forecastETSNAContiguous(y)
	if len(y) == 0 {
		return nil, fmt.Errorf("%s: column %q: every value is missing", path, column)
	}
	return y, nil
}

// forecastETSNAContiguous keeps the longest stretch without missing (NaN)
// values, as R's ets does through stats::na.contiguous, including its
// way of counting: each stretch after the first is counted with the
// missing value that opens it, and the first longest one wins.
func forecastETSNAContiguous(y []float64) []float64 {
	bestStart, bestLen, bestEnd := -1, -1, -1
	segStart, segLen := 0, 0 // segment: [opening NaN] + following values
	flush := func(end int) {
		if segLen > bestLen {
			bestStart, bestLen, bestEnd = segStart, segLen, end
		}
	}
	for i, v := range y {
		if math.IsNaN(v) {
			if i > 0 {
				flush(i)
			}
			segStart, segLen = i, 0
		}
		segLen++
	}
	flush(len(y))
	if bestStart < 0 {
		return nil
	}
	if math.IsNaN(y[bestStart]) {
		bestStart++
	}
	if bestStart >= bestEnd {
		return nil
	}
	return y[bestStart:bestEnd]
}

func runForecastETS(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("forecast", "ets")
	data := fs.String("data", "", "input file (CSV)")
	column := fs.String("column", "y", "series column")
	period := fs.Int("period", 1, "seasonal period m")
	model := fs.String("model", "", "ETS model: three letters E,T,S, Z selects (default ZZZ, R's ets(y))")
	damped := fs.String("damped", "auto", "damped trend: true, false or auto")
	logT := fs.Bool("log", false, "fit on log(y); the model and forecasts are on that scale")
	horizon := fs.Int("horizon", 0, "forecast horizon (default 2*period, or 10)")
	levels := fs.String("level", "80,95", "interval levels in percent")
	mtrend := fs.Bool("allow-multiplicative-trend", false, "let a Z trend select M")
	ic := fs.String("ic", "aicc", "selection criterion: aicc, aic or bic")
	fs.Bool("json", true, "JSON output (always)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := required("data", *data); err != nil {
		return err
	}
	if *period < 1 {
		return usagef("--period must be at least 1, got %d", *period)
	}
	spec := forecast.ETS{Model: strings.ToUpper(*model), Period: *period, AllowMultiplicativeTrend: *mtrend, IC: *ic}
	switch *damped {
	case "true":
		spec.Damped = forecast.DampedTrue
	case "false":
		spec.Damped = forecast.DampedFalse
	case "auto", "":
	default:
		return usagef("--damped must be true, false or auto, got %q", *damped)
	}
	if err := spec.Validate(); err != nil {
		return usagef("%v", err)
	}
	lv, err := parseFloats("level", *levels)
	if err != nil {
		return err
	}
	for _, l := range lv {
		if !(l > 0 && l < 100) {
			return usagef("--level: %v is not in (0, 100)", l)
		}
	}
	h := *horizon
	if h < 0 {
		return usagef("--horizon must be positive, got %d", h)
	}
	if h == 0 {
		h = 10
		if *period > 1 {
			h = 2 * *period
		}
	}
	y, err := forecastETSSeries(ctx, *data, *column)
	if err != nil {
		return err
	}
	transform := "none"
	if *logT {
		transform = "log"
		for i, v := range y {
			if v <= 0 {
				return fmt.Errorf("%s: column %q row %d: value %v is not positive (--log)", *data, *column, i+1, v)
			}
			y[i] = math.Log(v)
		}
	}
	m, err := spec.Fit(ctx, y)
	if err != nil {
		return err
	}
	fc, err := m.Forecast(h, lv)
	if err != nil {
		return err
	}
	pf, err := m.PointForecast(nil, h)
	if err != nil {
		return err
	}
	return writeJSON(stdout, etsOutputOf(m, spec, transform, h, fc, pf))
}

func etsOutputOf(m *forecast.ETSModel, spec forecast.ETS, transform string, h int, fc forecast.Forecast, pf []float64) etsOutput {
	_, _, _, damped := m.Components()
	p := m.Params()
	init, fin := m.InitialStates(), m.FinalStates()
	out := etsOutput{
		Model: m.Code(), Damped: damped, Label: m.Label(), Transform: transform,
		Period: spec.Period, N: m.NumObs(),
		Params:        etsParamsOut{num(p.Alpha), num(p.Beta), num(p.Gamma), num(p.Phi)},
		InitialStates: etsStatesOut{num(init.Level), num(init.Slope), nums(init.Season)},
		FinalStates:   etsFinalStatesJSON(fin),
		Sigma2:        num(m.Sigma2()), LogLik: num(m.LogLik()), AIC: num(m.AIC()), AICc: num(m.AICc()), BIC: num(m.BIC()),
		MSE: num(m.MSE()), AMSE: num(m.AMSE()), NParamsIC: m.NumParams(), Horizon: h,
		Forecast: forecastETSJSON(fc), PointForecast: nums(pf),
		LogLikGaussian: num(m.LogLikGaussian()),
	}
	for i := len(init.Season) - 1; i >= 0; i-- {
		out.ChronoS = append(out.ChronoS, num(init.Season[i]))
	}
	fitted, resid := m.Fitted(nil), m.Residuals(nil)
	out.Fitted10, out.Resid10 = nums(fitted[:min(10, len(fitted))]), nums(resid[:min(10, len(resid))])
	switch m.IntervalMethod() {
	case forecast.ETSIntervalClass1:
		out.IntervalMethod = "analytic class 1"
	case forecast.ETSIntervalClass2:
		out.IntervalMethod = "analytic class 2"
	case forecast.ETSIntervalClass3:
		out.IntervalMethod = "analytic class 3"
	default:
		out.IntervalMethod = "simulation"
	}
	if strings.Contains(spec.Model, "Z") || spec.Model == "" || spec.Damped == forecast.DampedAuto {
		out.SelectedModel = m.Code()
		out.SelectedDamped = &damped
	}
	if cands := m.Candidates(); len(cands) > 0 {
		out.Candidates = map[string]etsCandOut{}
		for _, c := range cands {
			if c.Err != "" {
				if out.CandidateErrs == nil {
					out.CandidateErrs = map[string]string{}
				}
				out.CandidateErrs[c.Label] = c.Err
				continue
			}
			out.Candidates[c.Label] = etsCandOut{num(c.AICc), num(c.AIC), num(c.BIC), num(c.LogLik)}
		}
	}
	return out
}

// etsFinalStatesJSON names the final states as the reference cases do: l,
// b (with a trend) and s1..sm (s1 the most recent).
func etsFinalStatesJSON(st forecast.ETSStates) map[string]num {
	out := map[string]num{"l": num(st.Level)}
	if !math.IsNaN(st.Slope) {
		out["b"] = num(st.Slope)
	}
	for i, v := range st.Season {
		out["s"+strconv.Itoa(i+1)] = num(v)
	}
	return out
}
