package journey

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/sibylml/sibyl/dataset"
)

// Reasons a row is rejected, checked in this order; a rejected row is
// reported with the first that applies.
const (
	ReasonFieldCount   = "wrong field count"
	ReasonBlankUser    = "blank user_id"
	ReasonBlankEvent   = "blank event"
	ReasonBlankTime    = "blank timestamp"
	ReasonInvalidTime  = "invalid timestamp"
	ReasonInvalidValue = "invalid value"
)

// Errors returned for input that cannot be read at all. Row-level faults do
// not fail: they are counted in [Log.Rejected].
var (
	ErrNoColumn = errors.New("journey: column not in header")
	ErrEmpty    = errors.New("journey: no header")
	ErrNoEvents = errors.New("journey: no valid events")
	ErrConfig   = errors.New("journey: invalid configuration")
)

// Columns names the event log's columns. The zero value selects the
// reference names user_id, timestamp and event, and no value column.
type Columns struct {
	User  string `json:"user"`  // Zero means "user_id".
	Time  string `json:"time"`  // Zero means "timestamp".
	Event string `json:"event"` // Zero means "event".
	Value string `json:"value"` // Zero means no value column.
	// ValueOptional makes a Value column that is not in the header mean
	// "no value column" instead of an error.
	ValueOptional bool `json:"value_optional"`
}

func (c Columns) resolved() Columns {
	if c.User == "" {
		c.User = "user_id"
	}
	if c.Time == "" {
		c.Time = "timestamp"
	}
	if c.Event == "" {
		c.Event = "event"
	}
	return c
}

// RejectedRow is a data row that failed validation: its 1-based line in the
// file (the header is line 1; a record whose quoted fields span several
// lines is reported at the line it ends on, as Python's csv.reader line_num
// does) and the first failing reason.
type RejectedRow struct {
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// Log is a validated event log: every valid row, with user ids and event
// names interned to integers, in file order. Build one with [ReadCSV],
// [FromFrame] or [NewLog] and [Log.Add]. A Log is not safe for concurrent
// mutation; a Log that is no longer added to may be read concurrently.
type Log struct {
	nRows    int
	rejected []RejectedRow

	users *interner // user ids
	names *interner // event names

	user  []int32
	event []int32
	sec   []int64
	nsec  []int32
	value []float64
	has   []bool // value present

	valueCol string // the value column used, "" when none
}

// NewLog returns an empty log to add rows to.
func NewLog() *Log {
	return &Log{users: newInterner(), names: newInterner()}
}

// grow reserves room for about n more rows.
func (l *Log) grow(n int) {
	l.user = slices.Grow(l.user, n)
	l.event = slices.Grow(l.event, n)
	l.sec = slices.Grow(l.sec, n)
	l.nsec = slices.Grow(l.nsec, n)
	l.value = slices.Grow(l.value, n)
	l.has = slices.Grow(l.has, n)
}

// sizeHint estimates the number of rows behind r from its size, when r
// can tell (bytes.Reader, strings.Reader, *os.File), assuming about 32
// bytes a row.
func sizeHint(r io.Reader) int {
	var size int64
	switch v := r.(type) {
	case interface{ Len() int }:
		size = int64(v.Len())
	case interface{ Stat() (os.FileInfo, error) }:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() {
			size = fi.Size()
		}
	}
	return int(min(size/32, 1<<26))
}

// ValueColumn returns the name of the value column that was read, or ""
// when the log has none.
func (l *Log) ValueColumn() string { return l.valueCol }

// NumRows returns the number of data rows seen, valid or not.
func (l *Log) NumRows() int { return l.nRows }

// NumValid returns the number of valid rows.
func (l *Log) NumValid() int { return len(l.user) }

// Rejected returns the rejected rows in file order. The slice is shared.
func (l *Log) Rejected() []RejectedRow { return l.rejected }

// Add validates one row given as text, exactly as a CSV data row, and
// appends it if it is valid. line is recorded with a rejection. A nil value
// means the log has no value column. It returns the rejection reason, or ""
// when the row was kept.
func (l *Log) Add(line int, user, timestamp, event string, value *string) string {
	var vb []byte
	if value != nil {
		vb = []byte(*value)
	}
	return l.add(line, []byte(user), []byte(timestamp), []byte(event), vb, value != nil)
}

func (l *Log) reject(line int, reason string) string {
	l.rejected = append(l.rejected, RejectedRow{Line: line, Reason: reason})
	return reason
}

func (l *Log) add(line int, user, ts, event, value []byte, hasValueCol bool) string {
	l.nRows++
	reason, sec, nsec, v, has := validate(user, ts, event, value, hasValueCol)
	if reason != "" {
		return l.reject(line, reason)
	}
	l.user = append(l.user, l.users.intern(user))
	l.event = append(l.event, l.names.intern(event))
	l.sec = append(l.sec, sec)
	l.nsec = append(l.nsec, nsec)
	l.value = append(l.value, v)
	l.has = append(l.has, has)
	return ""
}

// validate checks one row with the right field count and returns the first
// failing reason ("" when valid) and the parsed instant and value.
func validate(user, ts, event, value []byte, hasValueCol bool) (reason string, sec int64, nsec int32, v float64, has bool) {
	switch {
	case len(user) == 0:
		return ReasonBlankUser, 0, 0, 0, false
	case len(event) == 0:
		return ReasonBlankEvent, 0, 0, 0, false
	case len(ts) == 0:
		return ReasonBlankTime, 0, 0, 0, false
	}
	sec, nsec, ok := parseTime(ts)
	if !ok {
		return ReasonInvalidTime, 0, 0, 0, false
	}
	if hasValueCol && len(value) > 0 {
		if v, ok = parseValue(value); !ok {
			return ReasonInvalidValue, 0, 0, 0, false
		}
		has = true
	}
	return "", sec, nsec, v, has
}

// ReadCSV reads an event log from RFC 4180 CSV with a header row, validating
// every data row as the package documentation describes. Faulty rows are
// rejected and recorded, not returned as errors; an error means the input
// could not be read at all (no header, a named column missing, an I/O
// error, ctx cancelled).
func ReadCSV(ctx context.Context, r io.Reader, cols Columns) (*Log, error) {
	return readCSV(ctx, r, cols, 0)
}

// readCSV is ReadCSV with w row-validating workers (0: GOMAXPROCS, at most
// 4; 1: sequential).
func readCSV(ctx context.Context, r io.Reader, cols Columns, w int) (*Log, error) {
	cols = cols.resolved()
	cr := newCSVReader(r)
	header, _, err := cr.next()
	if err == io.EOF {
		return nil, ErrEmpty
	}
	if err != nil {
		return nil, fmt.Errorf("journey: reading header: %w", err)
	}
	find := func(name string) int {
		for i, h := range header {
			if string(h) == name {
				return i
			}
		}
		return -1
	}
	iu, it, ie, iv := find(cols.User), find(cols.Time), find(cols.Event), -1
	for _, p := range []struct {
		name string
		i    int
	}{{cols.User, iu}, {cols.Time, it}, {cols.Event, ie}} {
		if p.i < 0 {
			return nil, fmt.Errorf("%w: %q", ErrNoColumn, p.name)
		}
	}
	if cols.Value != "" {
		if iv = find(cols.Value); iv < 0 && !cols.ValueOptional {
			return nil, fmt.Errorf("%w: %q", ErrNoColumn, cols.Value)
		}
	}
	nf := len(header)
	l := NewLog()
	if iv >= 0 {
		l.valueCol = cols.Value
	}
	if err := l.readRows(ctx, cr, nf, [4]int{iu, it, ie, iv}, sizeHint(r), w); err != nil {
		return nil, err
	}
	return l, nil
}

// readSequential reads the data rows one by one into l (the reference for
// the parallel reader, and its path when there is one CPU).
func (l *Log) readSequential(ctx context.Context, cr *csvReader, nf int, col [4]int, hint int) error {
	l.grow(hint)
	iu, it, ie, iv := col[0], col[1], col[2], col[3]
	for n := 0; ; n++ {
		if n&0xffff == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		f, line, err := cr.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("journey: reading line %d: %w", line, err)
		}
		if len(f) != nf {
			l.nRows++
			l.reject(line, ReasonFieldCount)
			continue
		}
		var v []byte
		if iv >= 0 {
			v = f[iv]
		}
		l.add(line, f[iu], f[it], f[ie], v, iv >= 0)
	}
}

// FromFrame validates an event log held in a dataset Frame, one row per
// event, with the same rules as [ReadCSV] (row i is reported as line i+2, as
// if the frame had been read from a CSV file with a header). Columns are
// read as text, so the timestamp column must hold the README's RFC 3339
// text.
func FromFrame(f *dataset.Frame, cols Columns) (*Log, error) {
	cols = cols.resolved()
	get := func(name string) ([]string, error) {
		if !f.Has(name) {
			return nil, fmt.Errorf("%w: %q", ErrNoColumn, name)
		}
		return f.AppendStrings(nil, name)
	}
	users, err := get(cols.User)
	if err != nil {
		return nil, err
	}
	times, err := get(cols.Time)
	if err != nil {
		return nil, err
	}
	events, err := get(cols.Event)
	if err != nil {
		return nil, err
	}
	var values []string
	if cols.Value != "" && (f.Has(cols.Value) || !cols.ValueOptional) {
		if values, err = get(cols.Value); err != nil {
			return nil, err
		}
	}
	tv, err := f.Validity(cols.Time)
	if err != nil {
		return nil, err
	}
	l := NewLog()
	if values != nil {
		l.valueCol = cols.Value
	}
	for i := range users {
		ts := times[i]
		if !tv[i] {
			ts = ""
		}
		var v []byte
		if values != nil {
			v = []byte(values[i])
		}
		l.add(i+2, []byte(users[i]), []byte(ts), []byte(events[i]), v, values != nil)
	}
	return l, nil
}
