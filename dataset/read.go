package dataset

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// ReadOptions configures reading. The zero value (or nil) means: the default
// allocator, types inferred from the data, and the empty field and "NA" read
// as missing.
type ReadOptions struct {
	// Allocator for the Arrow buffers; nil means memory.DefaultAllocator.
	Allocator memory.Allocator
	// Types overrides the inferred kind of the named CSV columns.
	Types map[string]Kind
	// NullValues are the CSV field texts read as missing. Nil means
	// {"", "NA"}; an empty non-nil slice means only "".
	NullValues []string
}

func (o *ReadOptions) alloc() memory.Allocator {
	if o == nil || o.Allocator == nil {
		return memory.DefaultAllocator
	}
	return o.Allocator
}

// ReadFile reads a table from path, choosing the format by extension:
// .csv, .csv.gz, .parquet, .arrow or .ipc (Arrow IPC file).
func ReadFile(ctx context.Context, path string, opts *ReadOptions) (*Frame, error) {
	lower := strings.ToLower(path)
	gz := strings.HasSuffix(lower, ".csv.gz")
	if !gz && !strings.HasSuffix(lower, ".csv") {
		if ext := filepath.Ext(lower); ext == ".parquet" || ext == ".arrow" || ext == ".ipc" || ext == ".feather" {
			return readByFormat(ctx, path, ext, opts)
		}
		return nil, &FileError{Source: path, Err: wrapf(ErrFormat, "unknown extension %q (want .csv, .csv.gz, .parquet, .arrow or .ipc)", filepath.Ext(path))}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &FileError{Source: path, Err: err}
	}
	if gz {
		if data, err = gunzip(data); err != nil {
			return nil, &FileError{Source: path, Err: wrapf(ErrFormat, "not valid gzip: %v", err)}
		}
	}
	return parseCSV(ctx, data, path, opts)
}

func gunzip(data []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	var out bytes.Buffer
	out.Grow(4 * len(data))
	if _, err := out.ReadFrom(zr); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// readByFormat is replaced by the Parquet and IPC readers.
var readByFormat = func(ctx context.Context, path, ext string, opts *ReadOptions) (*Frame, error) {
	return nil, &FileError{Source: path, Err: wrapf(ErrFormat, "%s files are not supported yet", ext)}
}

// ReadCSV reads CSV text with a header row from r; name is used in errors.
//
// The dialect is RFC 4180: comma separators, "\n" or "\r\n" line ends,
// double-quoted fields that may hold commas, line breaks and "" for a quote.
// Blank lines are skipped, a UTF-8 byte-order mark is dropped, an empty
// header name becomes "Unnamed: j" (j the 0-based column). Each column
// becomes the narrowest of int64, float64, bool (true/false, TRUE/FALSE,
// True/False) and string that holds all its values, unless
// ReadOptions.Types fixes its kind; a column with every value missing is
// float64. Timestamps are never inferred: fix a column's kind to Timestamp
// to read it, by ParseTime, as an Arrow timestamp[ns, UTC] column. The whole text is held in memory and parsed in parallel chunks;
// the result does not depend on the number of CPUs.
//
// Problems come back as *FileError (the file, line and row: a malformed
// quote, a row with the wrong number of fields, an empty file, binary data)
// or *ColumnError (column, row, line and value: a value that does not parse
// under a type override, text that is not UTF-8).
func ReadCSV(ctx context.Context, r io.Reader, name string, opts *ReadOptions) (*Frame, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &FileError{Source: name, Err: err}
	}
	return parseCSV(ctx, data, name, opts)
}
