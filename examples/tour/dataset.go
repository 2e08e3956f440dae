package main

import (
	"context"
	"strconv"
	"strings"

	"github.com/sibylml/sibyl/dataset"
)

func init() {
	addSection(section{order: 5, title: "dataset: embedded samples", run: tourDataset})
}

// tourDataset lists the embedded sample datasets with their shapes and the
// kind of each column.
func tourDataset(ctx context.Context, w *report) error {
	w.printf("%-16s %6s %5s  %s\n", "sample", "rows", "cols", "columns (kind, missing)")
	for _, name := range dataset.SampleNames() {
		f, err := dataset.Sample(name)
		if err != nil {
			return err
		}
		names := f.Names()
		var cols []string
		for i, c := range names {
			if i == 6 {
				cols = append(cols, "…")
				break
			}
			k, _ := f.Kind(c)
			s := c + " " + k.String()
			if n, _ := f.NullCount(c); n > 0 {
				s += ", " + strconv.Itoa(n) + " NA"
			}
			cols = append(cols, s)
		}
		w.printf("%-16s %6d %5d  %s\n", name, f.NumRows(), len(names), strings.Join(cols, "; "))
		f.Release()
	}

	// A stratified split keeps the churn rate of the train file in both parts.
	train, err := dataset.Sample("mlc_churn_train")
	if err != nil {
		return err
	}
	defer train.Release()
	fit, hold, err := dataset.Split{TestFraction: 0.2, Stratify: "churn", Seed: 1}.Rows(train)
	if err != nil {
		return err
	}
	y, err := train.AppendFloat64s(nil, "churn")
	if err != nil {
		return err
	}
	rate := func(rows []int) float64 {
		s := 0.0
		for _, i := range rows {
			s += y[i]
		}
		return s / float64(len(rows))
	}
	w.printf("\nmlc_churn_train, stratified 80/20 split (seed 1): %d rows churn rate %.4f, %d rows churn rate %.4f\n",
		len(fit), rate(fit), len(hold), rate(hold))

	// The journey sample as an event log: sorted by user then time.
	j, err := dataset.Sample("journey")
	if err != nil {
		return err
	}
	defer j.Release()
	log, err := dataset.NewEventLog(j, dataset.EventLogColumns{Entity: "user_id", Time: "timestamp", Event: "event", Value: "value"})
	if err != nil {
		return err
	}
	w.printf("journey event log: %d users, %d events, %d bad rows, events %s\n",
		log.NumEntities(), log.Len(), len(log.Bad), strings.Join(log.EventNames, " "))
	return nil
}
