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
	return nil
}
