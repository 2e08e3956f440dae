// Command journey attributes conversions across marketing channels from a
// raw event log, the way a growth team would from a warehouse export:
//
//	go run ./examples/journey                      # the embedded sample log
//	go run ./examples/journey -data events.csv     # your own (user_id,timestamp,event[,value])
//
// It reads the log (rejecting faulty rows with their line and reason),
// builds one path per user, fits first- and second-order Markov chains,
// and prints each channel's removal effect and its share of the conversions
// and of their value, next to the first-touch, last-touch and linear
// heuristics, plus a next-step prediction and the transition graph in DOT.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/sibylml/sibyl/dataset"
	"github.com/sibylml/sibyl/journey"
)

func main() {
	data := flag.String("data", "", "event log CSV (default: the embedded sample)")
	conversion := flag.String("conversion", "purchase", "conversion event name")
	dot := flag.String("dot", "", "write the first-order transition graph as DOT to this file")
	flag.Parse()
	if err := run(context.Background(), *data, *conversion, *dot); err != nil {
		fmt.Fprintln(os.Stderr, "journey:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, data, conversion, dot string) error {
	var log *journey.Log
	cols := journey.Columns{Value: "value", ValueOptional: true}
	if data == "" {
		f, err := dataset.Sample("journey")
		if err != nil {
			return err
		}
		defer f.Release()
		if log, err = journey.FromFrame(f, cols); err != nil {
			return err
		}
	} else {
		f, err := os.Open(data)
		if err != nil {
			return err
		}
		defer f.Close()
		if log, err = journey.ReadCSV(ctx, f, cols); err != nil {
			return err
		}
	}
	paths, err := journey.BuildPaths(ctx, log, journey.PathOptions{Conversion: conversion})
	if err != nil {
		return err
	}
	first, err := journey.Config{Order: 1}.Fit(ctx, paths)
	if err != nil {
		return err
	}
	second, err := journey.Config{Order: 2}.Fit(ctx, paths)
	if err != nil {
		return err
	}
	s := paths.Summary()
	fmt.Printf("%d rows (%d rejected, %d duplicates), %d users, %d conversions worth %.2f\n",
		s.NRows, s.NRejectedRows, s.NDuplicateRowsDropped, s.NUsers, s.NConversions, s.TotalConversionValue)
	for i, r := range s.RejectedRows {
		if i == 5 {
			fmt.Printf("  … %d more\n", len(s.RejectedRows)-5)
			break
		}
		fmt.Printf("  line %d: %s\n", r.Line, r.Reason)
	}
	fmt.Printf("P(conversion) = %.4f; mean steps to conversion %.2f\n\n",
		first.ConversionProbability(), first.MeanStepsToConversion())

	n := float64(s.NConversions)
	re1 := first.RemovalEffects()
	conv, val, conv2 := first.Attribution(n), first.Attribution(s.TotalConversionValue), second.Attribution(n)
	h := paths.Heuristics(0)
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "channel\tremoval effect\tMarkov conv.\tMarkov value\t2nd-order conv.\tfirst\tlast\tlinear\t")
	for i, c := range first.Channels() {
		fmt.Fprintf(tw, "%s\t%.3f\t%.1f\t%.2f\t%.1f\t%.0f\t%.0f\t%.1f\t\n",
			c, re1[i], conv[i], val[i], conv2[i], h.FirstTouch[i], h.LastTouch[i], h.Linear[i])
	}
	tw.Flush()

	fmt.Println("\nmost frequent paths:")
	for _, tp := range paths.TopPaths(5) {
		fmt.Printf("  %5d  %s\n", tp.Count, strings.Join(tp.Path, " > "))
	}
	if len(first.Channels()) > 0 {
		c := first.Channels()[0]
		next, err := second.Next([]string{c}, 3)
		if err == nil {
			fmt.Printf("\nafter %q the next step is: ", c)
			for _, p := range next {
				fmt.Printf("%s %.2f  ", p.State, p.Prob)
			}
			fmt.Println()
		}
	}
	if dot != "" {
		f, err := os.Create(dot)
		if err != nil {
			return err
		}
		if err := first.WriteDOT(f); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	return nil
}
