package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math"
	"strconv"

	"github.com/sibylml/sibyl/dataset"
)

// num is a float64 that marshals as the shortest text that round-trips
// (strconv 'g', -1), and as null when it is NaN or infinite. Output structs
// use num and nums instead of float64 so a non-finite value never breaks the
// JSON.
type num float64

func (x num) MarshalJSON() ([]byte, error) {
	f := float64(x)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// nums converts a slice for output; nil stays nil (null).
func nums(x []float64) []num {
	if x == nil {
		return nil
	}
	out := make([]num, len(x))
	for i, v := range x {
		out[i] = num(v)
	}
	return out
}

// writeJSON writes v as one JSON object and a newline.
func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// readFrame reads a data file named by a flag; the caller releases it.
func readFrame(ctx context.Context, path string) (*dataset.Frame, error) {
	return dataset.ReadFile(ctx, path, nil)
}
