package dataset

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// WriteCSV writes f as CSV with a header row: floats in the shortest form
// that reads back to the same float64 (NaN, +Inf, -Inf spelled so),
// integers in decimal, booleans as true/false, timestamps in RFC 3339 (UTC,
// nanoseconds as needed), missing values as empty fields. Fields holding a
// comma, quote or line break are quoted. Reading the result with ReadCSV
// gives back the same values, except that empty and "NA" strings read back
// as missing.
func WriteCSV(w io.Writer, f *Frame) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	names := f.Names()
	var line []byte
	for j, n := range names {
		if j > 0 {
			line = append(line, ',')
		}
		line = appendCSVField(line, n)
	}
	line = append(line, '\n')
	if _, err := bw.Write(line); err != nil {
		return err
	}
	cols := make([]arrow.Array, len(names))
	for j := range cols {
		cols[j] = f.rec.Column(j)
	}
	rows := f.NumRows()
	for i := 0; i < rows; i++ {
		line = line[:0]
		for j, col := range cols {
			if j > 0 {
				line = append(line, ',')
			}
			if col.IsNull(i) {
				continue
			}
			var err error
			if line, err = appendValue(line, col, i); err != nil {
				return &ColumnError{Source: f.source, Column: names[j], Row: i + 1, Err: err}
			}
		}
		line = append(line, '\n')
		if _, err := bw.Write(line); err != nil {
			return err
		}
	}
	return bw.Flush()
}

func appendValue(b []byte, col arrow.Array, i int) ([]byte, error) {
	switch a := col.(type) {
	case *array.Float64:
		return appendFloat(b, a.Value(i)), nil
	case *array.Float32:
		return appendFloat(b, float64(a.Value(i))), nil
	case *array.Int64:
		return strconv.AppendInt(b, a.Value(i), 10), nil
	case *array.Int32:
		return strconv.AppendInt(b, int64(a.Value(i)), 10), nil
	case *array.Boolean:
		return strconv.AppendBool(b, a.Value(i)), nil
	case *array.String:
		return appendCSVField(b, a.Value(i)), nil
	case *array.LargeString:
		return appendCSVField(b, a.Value(i)), nil
	case *array.Timestamp:
		unit := a.DataType().(*arrow.TimestampType).Unit
		return a.Value(i).ToTime(unit).UTC().AppendFormat(b, time.RFC3339Nano), nil
	}
	return appendCSVField(b, col.ValueStr(i)), nil
}

func appendFloat(b []byte, v float64) []byte {
	switch {
	case math.IsNaN(v):
		return append(b, "NaN"...)
	case math.IsInf(v, 1):
		return append(b, "+Inf"...)
	case math.IsInf(v, -1):
		return append(b, "-Inf"...)
	}
	return strconv.AppendFloat(b, v, 'g', -1, 64)
}

func appendCSVField(b []byte, s string) []byte {
	if !strings.ContainsAny(s, ",\"\n\r") {
		return append(b, s...)
	}
	b = append(b, '"')
	for k := 0; k < len(s); k++ {
		if s[k] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[k])
	}
	return append(b, '"')
}

// WriteParquet writes f as a Parquet file (one row group,
// Snappy compression). w is not closed.
func WriteParquet(w io.Writer, f *Frame) error {
	props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Snappy), parquet.WithAllocator(f.mem))
	fw, err := pqarrow.NewFileWriter(f.rec.Schema(), noCloser{w}, props, pqarrow.NewArrowWriterProperties(pqarrow.WithAllocator(f.mem)))
	if err != nil {
		return fmt.Errorf("dataset: writing Parquet: %w", err)
	}
	if err := fw.Write(f.rec); err != nil {
		fw.Close()
		return fmt.Errorf("dataset: writing Parquet: %w", err)
	}
	if err := fw.Close(); err != nil {
		return fmt.Errorf("dataset: writing Parquet: %w", err)
	}
	return nil
}

// WriteIPC writes f as an Arrow IPC file. w is not closed.
func WriteIPC(w io.Writer, f *Frame) error {
	iw, err := ipc.NewFileWriter(w, ipc.WithSchema(f.rec.Schema()), ipc.WithAllocator(f.mem))
	if err != nil {
		return fmt.Errorf("dataset: writing Arrow IPC: %w", err)
	}
	if err := iw.Write(f.rec); err != nil {
		iw.Close()
		return fmt.Errorf("dataset: writing Arrow IPC: %w", err)
	}
	if err := iw.Close(); err != nil {
		return fmt.Errorf("dataset: writing Arrow IPC: %w", err)
	}
	return nil
}

type noCloser struct{ io.Writer }

// WriteFile writes f to path in the format its extension names: .csv,
// .csv.gz, .parquet, or .arrow/.ipc/.feather (Arrow IPC file). The file is
// written beside path under a temporary name and renamed into place, so a
// failed write leaves no partial file.
func WriteFile(path string, f *Frame) (err error) {
	lower := strings.ToLower(path)
	var write func(io.Writer, *Frame) error
	switch {
	case strings.HasSuffix(lower, ".csv.gz"):
		write = func(w io.Writer, f *Frame) error {
			zw := gzip.NewWriter(w)
			if err := WriteCSV(zw, f); err != nil {
				return err
			}
			return zw.Close()
		}
	case strings.HasSuffix(lower, ".csv"):
		write = WriteCSV
	case strings.HasSuffix(lower, ".parquet"):
		write = WriteParquet
	case strings.HasSuffix(lower, ".arrow"), strings.HasSuffix(lower, ".ipc"), strings.HasSuffix(lower, ".feather"):
		write = WriteIPC
	default:
		return &FileError{Source: path, Err: wrapf(ErrFormat, "unknown extension %q (want .csv, .csv.gz, .parquet, .arrow or .ipc)", filepath.Ext(path))}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return &FileError{Source: path, Err: err}
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = write(tmp, f); err != nil {
		var ce *ColumnError
		if errors.As(err, &ce) {
			return err
		}
		return &FileError{Source: path, Err: err}
	}
	if err = tmp.Close(); err != nil {
		return &FileError{Source: path, Err: err}
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return &FileError{Source: path, Err: err}
	}
	return nil
}
