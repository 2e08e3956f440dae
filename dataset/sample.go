package dataset

import (
	"bytes"
	"compress/gzip"
	"context"
	"embed"
	"io"
	"sort"
	"strings"
)

//go:embed samples/*.csv samples/*.csv.gz
var sampleFS embed.FS

// sampleFiles maps each sample name to its embedded file.
var sampleFiles = map[string]string{
	"lung":            "samples/lung.csv",
	"veteran":         "samples/veteran.csv",
	"airpassengers":   "samples/airpassengers.csv",
	"usaccdeaths":     "samples/usaccdeaths.csv",
	"mlc_churn_train": "samples/mlc_churn_train.csv.gz",
	"mlc_churn_test":  "samples/mlc_churn_test.csv.gz",
	"journey":         "samples/journey.csv.gz",
}

// SampleNames returns the names of the embedded sample datasets, sorted.
func SampleNames() []string {
	names := make([]string, 0, len(sampleFiles))
	for n := range sampleFiles {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Sample reads the embedded sample dataset called name (see SampleNames and
// samples/README.md for what each holds and where it comes from). The caller
// owns the Frame and must Release it. An unknown name returns an error
// wrapping ErrNoSample.
//
//	lung             R survival::lung, 228 rows: time, event (status-1), age, sex, ph.ecog, ph.karno, wt.loss (NA kept)
//	veteran          R survival::veteran, 137 rows: time, event, trt, karno, diagtime, age, prior, celltype
//	airpassengers    R datasets::AirPassengers, 144 monthly values (period 12): t, y
//	usaccdeaths      R datasets::USAccDeaths, 72 monthly values (period 12): t, y
//	mlc_churn_train  modeldata::mlc_churn, 4,000 rows, 71 numeric features + churn (0/1)
//	mlc_churn_test   modeldata::mlc_churn, the other 1,000 rows
//	journey          2,000 simulated user journeys over 6 channels: user_id, timestamp, event, value
func Sample(name string) (*Frame, error) { return readSample(name, nil) }

func readSample(name string, opts *ReadOptions) (*Frame, error) {
	file, ok := sampleFiles[name]
	if !ok {
		return nil, wrapf(ErrNoSample, "%q (have %s)", name, strings.Join(SampleNames(), ", "))
	}
	data, err := sampleFS.ReadFile(file)
	if err != nil {
		return nil, &FileError{Source: file, Err: err}
	}
	var r io.Reader = bytes.NewReader(data)
	if strings.HasSuffix(file, ".gz") {
		gz, err := gzip.NewReader(r)
		if err != nil {
			return nil, &FileError{Source: file, Err: wrapf(ErrFormat, "not gzip: %v", err)}
		}
		defer gz.Close()
		r = gz
	}
	return ReadCSV(context.Background(), r, name, opts)
}
