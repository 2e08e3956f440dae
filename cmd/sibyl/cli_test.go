package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// runCLI runs the command line and returns stdout, stderr and the exit code.
func runCLI(args ...string) (string, string, int) {
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return out.String(), errb.String(), code
}

// readCSVFile reads every record of a CSV file, header included.
func readCSVFile(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	require.NoErrorf(t, err, "open %s", path)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoErrorf(t, err, "read %s", path)
	return recs
}
