package dataset

import (
	"errors"
	"fmt"
	"strconv"
)

// Sentinel errors. They are wrapped, with the place where things went wrong,
// in a *ColumnError or *FileError; compare with errors.Is.
var (
	ErrNoColumn  = errors.New("dataset: no such column")
	ErrType      = errors.New("dataset: column has the wrong type")
	ErrNulls     = errors.New("dataset: column has missing values")
	ErrParse     = errors.New("dataset: value cannot be parsed")
	ErrRagged    = errors.New("dataset: row has the wrong number of fields")
	ErrEmpty     = errors.New("dataset: no data rows")
	ErrFormat    = errors.New("dataset: unsupported or malformed file")
	ErrNoSample  = errors.New("dataset: no such sample dataset")
	ErrDuplicate = errors.New("dataset: duplicate column name")
	ErrRow       = errors.New("dataset: row index out of range")
	ErrSplit     = errors.New("dataset: split is not possible")
)

// ColumnError says where in a table a problem is: the source (a file name, or
// empty), the column, the 1-based data row (0 when the problem is the whole
// column), the physical line of a text file (0 if unknown) and the offending
// value.
type ColumnError struct {
	Source string
	Column string
	Row    int    // 1-based data row (the header is not counted); 0 if not row-specific
	Line   int    // 1-based line of a text file (the header is line 1); 0 if unknown
	Value  string // the offending text, if any
	Err    error
}

func (e *ColumnError) Error() string {
	s := "dataset: "
	if e.Source != "" {
		s += e.Source + ": "
	}
	s += "column " + strconv.Quote(e.Column)
	if e.Row > 0 {
		s += " row " + strconv.Itoa(e.Row)
	}
	if e.Line > 0 {
		s += " (line " + strconv.Itoa(e.Line) + ")"
	}
	if e.Value != "" {
		s += " value " + strconv.Quote(e.Value)
	}
	msg := e.Err.Error()
	if len(msg) > len("dataset: ") && msg[:len("dataset: ")] == "dataset: " {
		msg = msg[len("dataset: "):]
	}
	return s + ": " + msg
}

func (e *ColumnError) Unwrap() error { return e.Err }

// FileError is a problem with a whole file or one of its lines (Line is the
// 1-based physical line, the header being line 1; 0 if not line-specific).
type FileError struct {
	Source string
	Line   int
	Err    error
}

func (e *FileError) Error() string {
	s := "dataset: " + e.Source
	if e.Line > 0 {
		s += " line " + strconv.Itoa(e.Line)
	}
	msg := e.Err.Error()
	if len(msg) > len("dataset: ") && msg[:len("dataset: ")] == "dataset: " {
		msg = msg[len("dataset: "):]
	}
	return s + ": " + msg
}

func (e *FileError) Unwrap() error { return e.Err }

func colErr(src, col string, row int, val string, err error) error {
	return &ColumnError{Source: src, Column: col, Row: row, Value: val, Err: err}
}

func wrapf(err error, format string, a ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{err}, a...)...)
}
