package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/sibylml/sibyl/journey"
)

func init() {
	register(command{
		area: "journey", verb: "fit",
		summary: "Markov-chain attribution of conversions to channels from a raw event log",
		run:     journeyFit,
	})
}

// journeyFit implements `sibyl journey fit`: read an event log, build one
// path per user, fit the first- and second-order chains (and --order K) and
// report the fields of the reference cases' expected.json.
func journeyFit(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("journey", "fit")
	data := fs.String("data", "", "event log file (.csv, .csv.gz, .parquet, .arrow)")
	user := fs.String("user", "user_id", "user id column")
	timeCol := fs.String("time", "timestamp", "timestamp column (RFC 3339)")
	event := fs.String("event", "event", "event name column")
	conversion := fs.String("conversion", "", "event name that marks a conversion")
	value := fs.String("value", "", `conversion value column, used when the file has it (default "value"); the JSON's value_column says which was read`)
	noValue := fs.Bool("no-value", false, "ignore any value column")
	order := fs.Int("order", 1, "also fit a chain of this order (1..8); orders 1 and 2 are always reported")
	lookback := fs.Duration("lookback", 0, "keep only touches within this time before the path's end (0: all)")
	sessionGap := fs.Duration("session-gap", 0, "split a user's events into paths at gaps longer than this (0: one path per user)")
	halfLife := fs.Duration("half-life", journey.DefaultHalfLife, "time-decay half-life")
	dot := fs.String("dot", "", "also write the first-order transition graph as Graphviz DOT to this file")
	graph := fs.String("graph-json", "", "also write the first-order transition graph as JSON to this file")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := required("data", *data, "conversion", *conversion, "user", *user, "time", *timeCol, "event", *event); err != nil {
		return err
	}
	if *order < 1 || *order > journey.MaxOrder {
		return usagef("--order %d: want 1..%d", *order, journey.MaxOrder)
	}
	if *lookback < 0 || *sessionGap < 0 || *halfLife <= 0 {
		return usagef("--lookback and --session-gap must be ≥ 0 and --half-life > 0")
	}
	cols := journey.Columns{User: *user, Time: *timeCol, Event: *event, Value: *value}
	if *noValue {
		cols.Value = ""
	}
	// A value column that is not in the file means no values (reported as
	// value_column null), not an error: the reference logs have it or not.
	cols.ValueOptional = true
	if *value == "" && !*noValue {
		cols.Value = "value"
	}
	log, err := journeyRead(ctx, *data, cols)
	if err != nil {
		return err
	}
	rep, err := journey.NewReport(ctx, log, journey.ReportOptions{
		Paths:    journey.PathOptions{Conversion: *conversion, Lookback: *lookback, SessionGap: *sessionGap},
		Order:    *order,
		HalfLife: *halfLife,
	})
	if err != nil {
		return fmt.Errorf("%s: %w", *data, err)
	}
	if *dot != "" {
		if err := journeyWriteFile(*dot, rep.Chain(1).WriteDOT); err != nil {
			return err
		}
	}
	if *graph != "" {
		if err := journeyWriteFile(*graph, rep.Chain(1).WriteGraphJSON); err != nil {
			return err
		}
	}
	if *asJSON {
		return writeJSON(stdout, rep)
	}
	return journeyText(stdout, rep, *order)
}

// journeyRead reads the event log with journey's own RFC 4180 reader (CSV,
// .csv.gz), which keeps line numbers for rejected rows, or through dataset
// for Parquet and Arrow files.
func journeyRead(ctx context.Context, path string, cols journey.Columns) (*journey.Log, error) {
	lower := strings.ToLower(path)
	if strings.HasSuffix(lower, ".parquet") || strings.HasSuffix(lower, ".arrow") || strings.HasSuffix(lower, ".ipc") {
		f, err := readFrame(ctx, path)
		if err != nil {
			return nil, err
		}
		defer f.Release()
		return journey.FromFrame(f, cols)
	}
	open := func() (io.Reader, func(), error) {
		fh, err := os.Open(path)
		if err != nil {
			return nil, nil, err
		}
		var r io.Reader = fh
		if strings.HasSuffix(lower, ".gz") {
			gz, err := gzip.NewReader(bufio.NewReaderSize(fh, 1<<16))
			if err != nil {
				fh.Close()
				return nil, nil, fmt.Errorf("%s: %w", path, err)
			}
			r = gz
		}
		return r, func() { fh.Close() }, nil
	}
	r, done, err := open()
	if err != nil {
		return nil, err
	}
	defer done()
	log, err := journey.ReadCSV(ctx, r, cols)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return log, nil
}

func journeyWriteFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}

// journeyText prints a short human-readable report.
func journeyText(w io.Writer, r *journey.Report, order int) error {
	c1 := r.Chain(1)
	fmt.Fprintf(w, "%d rows, %d rejected, %d duplicates dropped; %d users, %d paths, %d conversions (%d empty paths)\n",
		r.NRows, r.NRejectedRows, r.NDuplicateRowsDropped, r.NUsers, r.NPaths, r.NConversions, r.NEmptyPaths)
	fmt.Fprintf(w, "P(conversion) = %.6g (first order), %.6g (second order)", c1.ConversionProbability(), r.Chain(2).ConversionProbability())
	if ck := r.Chain(order); order > 2 && ck != nil {
		fmt.Fprintf(w, ", %.6g (order %d)", ck.ConversionProbability(), order)
	}
	fmt.Fprintf(w, "\nmean steps to conversion %.4g, to absorption %.4g\n\n", c1.MeanStepsToConversion(), c1.MeanStepsToAbsorption())
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "channel\tremoval effect\tattribution\tfirst\tlast\tlinear\t\n")
	re := c1.RemovalEffects()
	at := c1.Attribution(float64(r.NConversions))
	h := r.Paths().Heuristics(0)
	for i, c := range c1.Channels() {
		fmt.Fprintf(tw, "%s\t%.4f\t%.2f\t%.0f\t%.0f\t%.2f\t\n", c, re[i], at[i], h.FirstTouch[i], h.LastTouch[i], h.Linear[i])
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\ntop paths:")
	for i, tp := range r.TopPaths {
		if i == 5 {
			break
		}
		fmt.Fprintf(w, "  %6v  %s\n", tp[1], strings.Join(tp[0].([]string), " > "))
	}
	return nil
}
