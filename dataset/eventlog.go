package dataset

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"
)

// EventLogColumns names the columns of an event log. Value is optional.
type EventLogColumns struct {
	Entity string `json:"entity"` // who: a user, customer or account id
	Time   string `json:"time"`   // when: see ParseTime, or numbers as seconds since 1970
	Event  string `json:"event"`  // what happened
	Value  string `json:"value,omitempty"`
}

// EventLog is a typed, sorted view of an event log: one event per index i,
// ordered by entity and, within an entity, by time, ties kept in row order
// (a stable sort). The slices are contiguous and owned by the EventLog (no
// Arrow memory): the events of entity e are the indices
// Offsets[e] ≤ i < Offsets[e+1].
//
// Entities and events are numbered in sorted order of their names (integer
// entity ids numerically, text in Go string order), so the numbering does not
// depend on the order of the rows.
type EventLog struct {
	Entity      []int32   // entity code of each event
	EntityNames []string  // code → entity id as text
	Time        []int64   // Unix nanoseconds
	Event       []int32   // event code of each event
	EventNames  []string  // code → event name
	Value       []float64 // the value, NaN when missing or when there is no Value column
	Row         []int     // 0-based row of the frame each event came from
	Offsets     []int     // len(EntityNames)+1 boundaries
	// Bad lists the rows left out, in row order.
	Bad []BadRow
}

// BadRow is a row left out of an EventLog: the 1-based data row (for a CSV
// file without quoted line breaks or blank lines, the file line is Row+1),
// the column that failed first (checked in the order entity, event, time,
// value), its text, and why (ErrNulls for an empty field, ErrParse for a
// value that does not parse).
type BadRow struct {
	Row    int
	Column string
	Value  string
	Err    error
}

func (b BadRow) Error() string {
	return (&ColumnError{Column: b.Column, Row: b.Row, Value: b.Value, Err: b.Err}).Error()
}

func (b BadRow) Unwrap() error { return b.Err }

// Len is the number of events.
func (l *EventLog) Len() int { return len(l.Time) }

// NumEntities is the number of entities with at least one event.
func (l *EventLog) NumEntities() int { return len(l.EntityNames) }

// NewEventLog builds the event log of f. A row whose entity, event or time
// is missing or whose time does not parse, or whose value is neither
// missing nor a finite decimal number, is left out and listed in Bad; it is
// not an error. Errors are for the columns themselves: one that does not
// exist (ErrNoColumn) or has an unusable type (ErrType), or no usable row
// at all (ErrEmpty, with the first bad row in the message).
//
// The time column may be an Arrow timestamp or date column, numbers
// (seconds since 1970) or text: RFC 3339 (2024-02-10T11:30:00+02:00 is
// 09:30:00Z) or a plain date YYYY-MM-DD (midnight UTC). The value column
// may be numeric (a missing value is NaN) or text in the grammar
// [+-]?(d+(.d*)?|.d+)([eE][+-]?d+)? — inf, NaN, hex and underscores are
// rejected.
func NewEventLog(f *Frame, c EventLogColumns) (*EventLog, error) {
	n := f.NumRows()
	for _, name := range []string{c.Entity, c.Time, c.Event} {
		if !f.Has(name) {
			return nil, colErr(f.source, name, 0, "", ErrNoColumn)
		}
	}
	entCodes, entNames, err := sortedCodes(f, c.Entity)
	if err != nil {
		return nil, err
	}
	evCodes, evNames, err := sortedCodes(f, c.Event)
	if err != nil {
		return nil, err
	}
	times, timeOK, timeText, err := f.timesOf(c.Time)
	if err != nil {
		return nil, err
	}
	values := make([]float64, n)
	valueOK := make([]bool, n)
	valueText := func(int) string { return "" }
	if c.Value == "" {
		for i := range values {
			values[i], valueOK[i] = math.NaN(), true
		}
	} else {
		col, err := f.column(c.Value)
		if err != nil {
			return nil, err
		}
		switch a := col.(type) {
		case *array.String:
			valueText = a.Value
			for i := range values {
				values[i], valueOK[i] = math.NaN(), true
				if a.IsValid(i) {
					values[i], valueOK[i] = parseDecimal(a.Value(i))
				}
			}
		default:
			if values, err = f.AppendFloat64s(values[:0], c.Value); err != nil {
				return nil, err
			}
			for i := range valueOK {
				valueOK[i] = true
			}
		}
	}

	l := &EventLog{}
	keep := make([]int, 0, n)
	for i := 0; i < n; i++ {
		var bad *BadRow
		switch {
		case entCodes[i] < 0:
			bad = &BadRow{Column: c.Entity, Err: ErrNulls}
		case evCodes[i] < 0:
			bad = &BadRow{Column: c.Event, Err: ErrNulls}
		case !timeOK[i]:
			if s := timeText(i); s == "" {
				bad = &BadRow{Column: c.Time, Err: ErrNulls}
			} else {
				bad = &BadRow{Column: c.Time, Value: s, Err: wrapf(ErrParse, "not a time")}
			}
		case !valueOK[i]:
			bad = &BadRow{Column: c.Value, Value: valueText(i), Err: wrapf(ErrParse, "not a finite number")}
		}
		if bad != nil {
			bad.Row = i + 1
			l.Bad = append(l.Bad, *bad)
			continue
		}
		keep = append(keep, i)
	}
	if len(keep) == 0 {
		if len(l.Bad) > 0 {
			return nil, &ColumnError{Source: f.source, Column: l.Bad[0].Column, Row: l.Bad[0].Row, Value: l.Bad[0].Value,
				Err: wrapf(ErrEmpty, "no usable event rows (%d bad, the first: %v)", len(l.Bad), l.Bad[0].Err)}
		}
		return nil, &FileError{Source: f.source, Err: wrapf(ErrEmpty, "no event rows")}
	}

	// Counting sort by entity (stable), then a stable sort by time within
	// each entity.
	counts := make([]int, len(entNames)+1)
	for _, i := range keep {
		counts[entCodes[i]+1]++
	}
	for e := 1; e < len(counts); e++ {
		counts[e] += counts[e-1]
	}
	order := make([]int, len(keep))
	next := append([]int(nil), counts[:len(entNames)]...)
	for _, i := range keep {
		e := entCodes[i]
		order[next[e]] = i
		next[e]++
	}
	for e := 0; e < len(entNames); e++ {
		seg := order[counts[e]:counts[e+1]]
		if !slices.IsSortedFunc(seg, func(a, b int) int { return cmp.Compare(times[a], times[b]) }) {
			slices.SortStableFunc(seg, func(a, b int) int { return cmp.Compare(times[a], times[b]) })
		}
	}

	// Entities and events that only bad rows had are dropped, and the
	// codes renumbered densely in the same sorted order.
	entMap := denseMap(len(entNames), order, entCodes)
	evMap := denseMap(len(evNames), order, evCodes)
	l.EntityNames = remapNames(entNames, entMap)
	l.EventNames = remapNames(evNames, evMap)
	m := len(order)
	l.Entity = make([]int32, m)
	l.Time = make([]int64, m)
	l.Event = make([]int32, m)
	l.Value = make([]float64, m)
	l.Row = order
	l.Offsets = make([]int, 0, len(l.EntityNames)+1)
	for k, i := range order {
		e := entMap[entCodes[i]]
		if k == 0 || e != l.Entity[k-1] {
			l.Offsets = append(l.Offsets, k)
		}
		l.Entity[k] = e
		l.Time[k] = times[i]
		l.Event[k] = evMap[evCodes[i]]
		l.Value[k] = values[i]
	}
	l.Offsets = append(l.Offsets, m)
	return l, nil
}

// sortedCodes is Codes with the levels sorted: integer columns numerically,
// others as text. A missing value or empty text has code -1.
func sortedCodes(f *Frame, name string) ([]int32, []string, error) {
	col, err := f.column(name)
	if err != nil {
		return nil, nil, err
	}
	k := kindOf(col.DataType())
	if k != String && k != Int && k != Bool {
		return nil, nil, colErr(f.source, name, 0, "", wrapf(ErrType, "is %s; ids and events must be text or integers", col.DataType()))
	}
	codes, levels, err := f.Codes(name)
	if err != nil {
		return nil, nil, err
	}
	order := make([]int, len(levels))
	for i := range order {
		order[i] = i
	}
	if k == Int {
		num := make([]int64, len(levels))
		for i := range num {
			num[i], _ = strconv.ParseInt(levels[i], 10, 64)
		}
		slices.SortFunc(order, func(x, y int) int { return cmp.Compare(num[x], num[y]) })
	} else {
		slices.SortFunc(order, func(x, y int) int { return strings.Compare(levels[x], levels[y]) })
	}
	rank := make([]int32, len(levels))
	sorted := make([]string, len(levels))
	for r, old := range order {
		rank[old] = int32(r)
		sorted[r] = levels[old]
	}
	for i, c := range codes {
		if c >= 0 {
			if levels[c] == "" {
				codes[i] = -1
			} else {
				codes[i] = rank[c]
			}
		}
	}
	return codes, sorted, nil
}

// denseMap maps the codes used by rows to 0, 1, ... in code order (-1 for
// unused codes).
func denseMap(n int, rows []int, codes []int32) []int32 {
	used := make([]bool, n)
	for _, i := range rows {
		used[codes[i]] = true
	}
	m := make([]int32, n)
	next := int32(0)
	for c := range m {
		if used[c] {
			m[c] = next
			next++
		} else {
			m[c] = -1
		}
	}
	return m
}

func remapNames(names []string, m []int32) []string {
	var out []string
	for c, name := range names {
		if m[c] >= 0 {
			out = append(out, name)
		}
	}
	return out
}

// parseDecimal reads [+-]?(d+(.d*)?|.d+)([eE][+-]?d+)? as a finite float64.
func parseDecimal(s string) (float64, bool) {
	i, n := 0, len(s)
	if i < n && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < n && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < n && s[i] == '.' {
		i++
		for i < n && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return 0, false
	}
	if i < n && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < n && (s[i] == '+' || s[i] == '-') {
			i++
		}
		es := i
		for i < n && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == es {
			return 0, false
		}
	}
	if i != n {
		return 0, false
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(x, 0) {
		return 0, false
	}
	return x, true
}
