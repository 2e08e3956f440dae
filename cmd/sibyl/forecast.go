package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/sibylml/sibyl/forecast"
)

func init() {
	register(command{area: "forecast", verb: "arima", summary: "ARIMA/SARIMA with mean or drift as R's forecast::Arima, with intervals", run: runForecastARIMA})
	register(command{area: "forecast", verb: "auto-arima", summary: "automatic ARIMA selection as R's forecast::auto.arima", run: runForecastAutoARIMA})
	register(command{area: "forecast", verb: "batch", summary: "forecast every series of a long table (id, time, value) in parallel", run: runForecastBatch})
}

// forecastBatchMethods maps `sibyl forecast batch --method` names to batch
// methods; other forecast files add theirs from init.
var forecastBatchMethods = map[string]func(period int) forecast.Method{
	"auto-arima": func(period int) forecast.Method { return forecast.AutoARIMA{Period: period}.Method() },
	"arima": func(period int) forecast.Method {
		// The airline model for seasonal data, ARIMA(0,1,1) otherwise.
		cfg := forecast.ARIMA{Order: [3]int{0, 1, 1}, Period: period}
		if period > 1 {
			cfg.Seasonal = [3]int{0, 1, 1}
		}
		return cfg.Method()
	},
}

// arimaOutput is the JSON of `sibyl forecast arima|auto-arima`; field names
// follow the reference cases' expected.json.
type arimaOutput struct {
	Method        string                `json:"method"`
	Label         string                `json:"label"`
	Estimation    string                `json:"estimation"`
	Transform     string                `json:"transform"`
	Period        int                   `json:"period"`
	N             int                   `json:"n"`
	Order         [3]int                `json:"order"`
	SeasonalOrder [4]int                `json:"seasonal_order"`
	IncludeMean   bool                  `json:"include_mean"`
	IncludeDrift  bool                  `json:"include_drift"`
	Selected      *arimaSelected        `json:"selected,omitempty"`
	Coef          map[string]num        `json:"coef"`
	SE            map[string]num        `json:"se"`
	Sigma2        num                   `json:"sigma2"`
	Sigma2MLE     num                   `json:"sigma2_mle"`
	LogLik        num                   `json:"loglik"`
	AIC           num                   `json:"aic"`
	AICc          num                   `json:"aicc"`
	BIC           num                   `json:"bic"`
	NObsUsed      int                   `json:"nobs_used"`
	NStar         int                   `json:"nstar"`
	NPar          int                   `json:"npar"`
	Horizon       int                   `json:"horizon"`
	Forecast      arimaForecastOut      `json:"forecast"`
	ForecastSE    []num                 `json:"forecast_se"`
	Fitted        []num                 `json:"fitted"`
	Residuals     []num                 `json:"residuals"`
	SearchTrace   []arimaTraceCandidate `json:"search_trace,omitempty"`
	// ExactInit is true when R's AS 154 start made the likelihood
	// non-finite (R's arima stops there) and the fit was redone from the
	// exact stationary covariance (R's SSinit = "Rossignol2011").
	ExactInit bool `json:"exact_init,omitempty"`
}

type arimaSelected struct {
	Order         [3]int `json:"order"`
	SeasonalOrder [4]int `json:"seasonal_order"`
	IncludeMean   bool   `json:"include_mean"`
	IncludeDrift  bool   `json:"include_drift"`
	Label         string `json:"label"`
}

type arimaTraceCandidate struct {
	Model string `json:"model"`
	IC    num    `json:"ic"`
}

type arimaForecastOut struct {
	Mean  []num            `json:"mean"`
	Lower map[string][]num `json:"lower"`
	Upper map[string][]num `json:"upper"`
}

func arimaForecastJSON(fc forecast.Forecast) arimaForecastOut {
	out := arimaForecastOut{Mean: nums(fc.Mean), Lower: map[string][]num{}, Upper: map[string][]num{}}
	for i, lv := range fc.Levels {
		key := strconv.FormatFloat(lv, 'g', -1, 64)
		out.Lower[key] = nums(fc.Lower[i])
		out.Upper[key] = nums(fc.Upper[i])
	}
	return out
}

// forecastReadSeries reads one numeric column (missing values become NaN).
func forecastReadSeries(ctx context.Context, path, column string) ([]float64, error) {
	f, err := readFrame(ctx, path)
	if err != nil {
		return nil, err
	}
	defer f.Release()
	y, err := f.AppendFloat64s(nil, column)
	if err != nil {
		return nil, err
	}
	return y, nil
}

// forecastLog takes logs, naming the first non-positive value.
func forecastLog(y []float64, path, column string) ([]float64, error) {
	out := make([]float64, len(y))
	for i, v := range y {
		if math.IsNaN(v) {
			out[i] = v
			continue
		}
		if !(v > 0) {
			return nil, fmt.Errorf("%s: column %q row %d: value %v: --log needs positive values", path, column, i+1, v)
		}
		out[i] = math.Log(v)
	}
	return out, nil
}

type arimaCommon struct {
	data, column, levels *string
	period, horizon      *int
	log, json            *bool
}

func arimaCommonFlags(fsName string) (*flag.FlagSet, arimaCommon) {
	fs := newFlags("forecast", fsName)
	c := arimaCommon{
		data:    fs.String("data", "", "input file (.csv, .csv.gz, .parquet, .arrow)"),
		column:  fs.String("column", "", "the series column"),
		period:  fs.Int("period", 1, "seasonal period m (1 = non-seasonal)"),
		horizon: fs.Int("horizon", 0, "forecast horizon (default 2m for seasonal data, else 10)"),
		levels:  fs.String("level", "80,95", "prediction interval levels in percent"),
		log:     fs.Bool("log", false, "fit on log(y) and report on that scale"),
		json:    fs.Bool("json", false, "print one JSON object"),
	}
	return fs, c
}

func (c arimaCommon) resolve(ctx context.Context) ([]float64, []float64, int, error) {
	if err := required("data", *c.data, "column", *c.column); err != nil {
		return nil, nil, 0, err
	}
	if *c.period < 1 {
		return nil, nil, 0, usagef("--period must be at least 1, got %d", *c.period)
	}
	levels, err := parseFloats("level", *c.levels)
	if err != nil {
		return nil, nil, 0, err
	}
	for _, l := range levels {
		if !(l > 0 && l < 100) {
			return nil, nil, 0, usagef("--level: %v is not in (0, 100)", l)
		}
	}
	sort.Float64s(levels)
	h := *c.horizon
	if h == 0 {
		h = 10
		if *c.period > 1 {
			h = 2 * *c.period
		}
	}
	if h < 0 {
		return nil, nil, 0, usagef("--horizon must be positive, got %d", h)
	}
	y, err := forecastReadSeries(ctx, *c.data, *c.column)
	if err != nil {
		return nil, nil, 0, err
	}
	if *c.log {
		if y, err = forecastLog(y, *c.data, *c.column); err != nil {
			return nil, nil, 0, err
		}
	}
	return y, levels, h, nil
}

func runForecastARIMA(ctx context.Context, args []string, stdout io.Writer) error {
	fs, c := arimaCommonFlags("arima")
	orderS := fs.String("order", "", "p,d,q")
	seasS := fs.String("seasonal", "0,0,0", "P,D,Q")
	mean := fs.Bool("mean", true, "include a mean when d = D = 0")
	noMean := fs.Bool("no-mean", false, "no mean")
	drift := fs.Bool("drift", false, "include a drift when d + D = 1")
	exactInit := fs.Bool("exact-init", false, "start the filter from the exact stationary covariance (R: SSinit = \"Rossignol2011\") instead of R's default AS 154")
	method := fs.String("method", "css-ml", "ml, css-ml or css")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := required("order", *orderS); err != nil {
		return err
	}
	order, err := parseInts("order", *orderS)
	if err != nil {
		return err
	}
	seas, err := parseInts("seasonal", *seasS)
	if err != nil {
		return err
	}
	if len(order) != 3 || len(seas) != 3 {
		return usagef("--order and --seasonal take three integers p,d,q")
	}
	est, err := forecast.ParseEstimation(strings.ToLower(*method))
	if err != nil {
		return usagef("--method: %q is not ml, css-ml or css", *method)
	}
	y, levels, h, err := c.resolve(ctx)
	if err != nil {
		return err
	}
	cfg := forecast.ARIMA{
		Order: [3]int{order[0], order[1], order[2]}, Seasonal: [3]int{seas[0], seas[1], seas[2]},
		Period: *c.period, NoMean: *noMean || !*mean, Drift: *drift, Estimation: est, ExactInit: *exactInit,
	}
	m, err := cfg.Fit(ctx, y)
	if err != nil {
		return fmt.Errorf("%s: column %q: %w", *c.data, *c.column, err)
	}
	out, err := arimaOutputOf(m, "arima", *c.log, *c.period, len(y), h, levels)
	if err != nil {
		return err
	}
	return writeARIMA(stdout, out, *c.json)
}

func runForecastAutoARIMA(ctx context.Context, args []string, stdout io.Writer) error {
	fs, c := arimaCommonFlags("auto-arima")
	exhaustive := fs.Bool("exhaustive", false, "search every model (R stepwise = FALSE, approximation = FALSE)")
	trace := fs.Bool("trace", false, "include every candidate and its criterion in the JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	y, levels, h, err := c.resolve(ctx)
	if err != nil {
		return err
	}
	cfg := forecast.AutoARIMA{Period: *c.period, Exhaustive: *exhaustive}
	if *exhaustive {
		cfg.Approximation = forecast.ApproxOff
	}
	var tr []arimaTraceCandidate
	if *trace {
		cfg.Trace = func(model string, ic float64) { tr = append(tr, arimaTraceCandidate{model, num(ic)}) }
	}
	m, err := cfg.Fit(ctx, y)
	if err != nil {
		return fmt.Errorf("%s: column %q: %w", *c.data, *c.column, err)
	}
	out, err := arimaOutputOf(m, "auto.arima", *c.log, *c.period, len(y), h, levels)
	if err != nil {
		return err
	}
	out.Selected = &arimaSelected{Order: out.Order, SeasonalOrder: out.SeasonalOrder,
		IncludeMean: out.IncludeMean, IncludeDrift: out.IncludeDrift, Label: out.Label}
	out.SearchTrace = tr
	return writeARIMA(stdout, out, *c.json)
}

func arimaOutputOf(m *forecast.ARIMAModel, method string, logged bool, period, n, h int, levels []float64) (arimaOutput, error) {
	fc, err := m.Forecast(h, levels)
	if err != nil {
		return arimaOutput{}, err
	}
	order, seas, _ := m.Spec()
	// R reports the series frequency as the period even when the model has
	// no seasonal terms (arma[5]).
	mp := max(period, 1)
	tf := "none"
	if logged {
		tf = "log"
	}
	out := arimaOutput{
		Method: method, Label: m.String(), Estimation: m.Config().Estimation.String(), Transform: tf,
		Period: period, N: n, Order: order, SeasonalOrder: [4]int{seas[0], seas[1], seas[2], mp},
		IncludeMean: m.HasMean(), IncludeDrift: m.HasDrift(),
		Coef: map[string]num{}, SE: map[string]num{},
		Sigma2: num(m.Sigma2), Sigma2MLE: num(m.Sigma2MLE), LogLik: num(m.LogLik), AIC: num(m.AIC),
		AICc: num(m.AICc), BIC: num(m.BIC), NObsUsed: m.NObs, NStar: m.NStar, NPar: m.NPar,
		Horizon: h, Forecast: arimaForecastJSON(fc), ForecastSE: nums(m.StdErrors(h)),
		Fitted: nums(m.Fitted), Residuals: nums(m.Residuals), ExactInit: m.ExactInit,
	}
	for i, nm := range m.Names {
		out.Coef[nm] = num(m.Coef[i])
		out.SE[nm] = num(m.SE[i])
	}
	return out, nil
}

func writeARIMA(w io.Writer, out arimaOutput, asJSON bool) error {
	if asJSON {
		return writeJSON(w, out)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s  (%s, n = %d)\n", out.Label, out.Estimation, out.N)
	if out.ExactInit {
		b.WriteString("note: R's default AS 154 start made the likelihood non-finite; fitted from the exact stationary covariance (R: SSinit = \"Rossignol2011\")\n")
	}
	names := make([]string, 0, len(out.Coef))
	for k := range out.Coef {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		fmt.Fprintf(&b, "  %-10s %12.6g  (se %.4g)\n", k, float64(out.Coef[k]), float64(out.SE[k]))
	}
	fmt.Fprintf(&b, "sigma^2 %.6g  log likelihood %.4f  AIC %.2f  AICc %.2f  BIC %.2f\n",
		float64(out.Sigma2), float64(out.LogLik), float64(out.AIC), float64(out.AICc), float64(out.BIC))
	keys := make([]string, 0, len(out.Forecast.Lower))
	for k := range out.Forecast.Lower {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, _ := strconv.ParseFloat(keys[i], 64)
		c, _ := strconv.ParseFloat(keys[j], 64)
		return a < c
	})
	fmt.Fprintf(&b, "%5s %12s", "h", "forecast")
	for _, k := range keys {
		fmt.Fprintf(&b, " %12s %12s", "lo"+k, "hi"+k)
	}
	b.WriteString("\n")
	for i, v := range out.Forecast.Mean {
		fmt.Fprintf(&b, "%5d %12.6g", i+1, float64(v))
		for _, k := range keys {
			fmt.Fprintf(&b, " %12.6g %12.6g", float64(out.Forecast.Lower[k][i]), float64(out.Forecast.Upper[k][i]))
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func runForecastBatch(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("forecast", "batch")
	data := fs.String("data", "", "long table with one row per series and time")
	idCol := fs.String("id", "", "series id column")
	timeCol := fs.String("time", "", "time column (numbers, timestamps or ISO dates)")
	column := fs.String("column", "", "value column")
	period := fs.Int("period", 1, "seasonal period m")
	method := fs.String("method", "auto-arima", "method name")
	horizon := fs.Int("horizon", 0, "forecast horizon (default 2m for seasonal data, else 10)")
	outPath := fs.String("out", "", "output CSV: id,step,mean,lower_95,upper_95,model")
	workers := fs.Int("workers", 0, "parallel workers (default: all CPUs)")
	asJSON := fs.Bool("json", false, "print a JSON summary")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := required("data", *data, "id", *idCol, "time", *timeCol, "column", *column, "out", *outPath); err != nil {
		return err
	}
	mk, ok := forecastBatchMethods[*method]
	if !ok {
		names := make([]string, 0, len(forecastBatchMethods))
		for k := range forecastBatchMethods {
			names = append(names, k)
		}
		sort.Strings(names)
		return usagef("--method: unknown %q (want one of %s)", *method, strings.Join(names, ", "))
	}
	if *period < 1 {
		return usagef("--period must be at least 1, got %d", *period)
	}
	if *horizon < 0 {
		return usagef("--horizon must be positive, got %d", *horizon)
	}
	if *workers < 0 {
		return usagef("--workers must not be negative, got %d", *workers)
	}
	f, err := readFrame(ctx, *data)
	if err != nil {
		return err
	}
	ids, series, err := forecast.SeriesFromFrame(f, *idCol, *timeCol, *column)
	f.Release()
	if err != nil {
		return err
	}
	if len(series) == 0 {
		return fmt.Errorf("%s: no rows", *data)
	}
	res, err := forecast.Batch(ctx, forecast.BatchConfig{Period: *period, Horizon: *horizon, Levels: []float64{95}, Workers: *workers},
		ids, series, mk(*period))
	if err != nil {
		return err
	}
	failed := 0
	var firstErr error
	for _, r := range res {
		if r.Err != nil {
			failed++
			if firstErr == nil {
				firstErr = r.Err
			}
		}
	}
	if failed == len(res) {
		return fmt.Errorf("%s: no series could be forecast: %w", *data, firstErr)
	}
	if err := writeBatchCSV(*outPath, res); err != nil {
		return err
	}
	type failure struct {
		ID    string `json:"id"`
		Error string `json:"error"`
	}
	summary := struct {
		Series   int       `json:"series"`
		Forecast int       `json:"forecast"`
		Failed   []failure `json:"failed"`
		Out      string    `json:"out"`
	}{Series: len(res), Forecast: len(res) - failed, Out: *outPath, Failed: []failure{}}
	for _, r := range res {
		if r.Err != nil {
			summary.Failed = append(summary.Failed, failure{r.ID, r.Err.Error()})
		}
	}
	if *asJSON {
		return writeJSON(stdout, summary)
	}
	_, err = fmt.Fprintf(stdout, "%d series, %d forecast, %d failed; wrote %s\n", summary.Series, summary.Forecast, failed, *outPath)
	return err
}

// writeBatchCSV writes id,step,mean,lower_95,upper_95,model; a failed
// series gets no rows.
func writeBatchCSV(path string, res []forecast.BatchResult) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "id,step,mean,lower_95,upper_95,model")
	ff := func(v float64) string {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return ""
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	for _, r := range res {
		if r.Err != nil {
			continue
		}
		fc := r.Forecast
		li := -1
		for i, l := range fc.Levels {
			if l == 95 {
				li = i
			}
		}
		for s, v := range fc.Mean {
			lo, hi := math.NaN(), math.NaN()
			if li >= 0 {
				lo, hi = fc.Lower[li][s], fc.Upper[li][s]
			}
			fmt.Fprintf(w, "%s,%d,%s,%s,%s,%s\n", csvField(r.ID), s+1, ff(v), ff(lo), ff(hi), csvField(r.Model))
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return nil
}

func csvField(s string) string {
	if strings.ContainsAny(s, ",\"\n\r") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}
