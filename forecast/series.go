package forecast

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/sibylml/sibyl/dataset"
)

// ErrDuplicateTime reports two rows of one series with the same time.
var ErrDuplicateTime = errors.New("forecast: duplicate time in a series")

// SeriesFromFrame splits a long table (one row per series and time) into
// series: ids in order of first appearance, each series sorted by time.
// The id column may hold strings or numbers; the time column numbers,
// timestamps or strings that sort in time order (ISO dates). Missing
// values become NaN; a missing id or time is an error naming the row.
func SeriesFromFrame(f *dataset.Frame, idCol, timeCol, valueCol string) (ids []string, series [][]float64, err error) {
	idv, err := f.AppendStrings(nil, idCol)
	if err != nil {
		return nil, nil, err
	}
	vals, err := f.AppendFloat64s(nil, valueCol)
	if err != nil {
		return nil, nil, err
	}
	kind, err := f.Kind(timeCol)
	if err != nil {
		return nil, nil, err
	}
	n := f.NumRows()
	idValid, err := f.Validity(idCol)
	if err != nil {
		return nil, nil, err
	}
	tValid, err := f.Validity(timeCol)
	if err != nil {
		return nil, nil, err
	}
	var tnum []float64
	var tstr []string
	if kind == dataset.String {
		tstr, err = f.AppendStrings(nil, timeCol)
	} else {
		tnum, err = f.AppendFloat64s(nil, timeCol)
	}
	if err != nil {
		return nil, nil, err
	}
	index := map[string]int{}
	var rows [][]int
	for i := 0; i < n; i++ {
		if idValid != nil && !idValid[i] {
			return nil, nil, &dataset.ColumnError{Source: f.Source(), Column: idCol, Row: i + 1, Err: dataset.ErrNulls}
		}
		if tValid != nil && !tValid[i] {
			return nil, nil, &dataset.ColumnError{Source: f.Source(), Column: timeCol, Row: i + 1, Err: dataset.ErrNulls}
		}
		k, ok := index[idv[i]]
		if !ok {
			k = len(ids)
			index[idv[i]] = k
			ids = append(ids, idv[i])
			rows = append(rows, nil)
		}
		rows[k] = append(rows[k], i)
	}
	series = make([][]float64, len(ids))
	for k, r := range rows {
		less := func(a, b int) bool { return tnum[a] < tnum[b] }
		same := func(a, b int) bool { return tnum[a] == tnum[b] }
		if tstr != nil {
			less = func(a, b int) bool { return tstr[a] < tstr[b] }
			same = func(a, b int) bool { return tstr[a] == tstr[b] }
		}
		sort.SliceStable(r, func(i, j int) bool { return less(r[i], r[j]) })
		for i := 1; i < len(r); i++ {
			if same(r[i-1], r[i]) {
				tv := ""
				if tstr != nil {
					tv = tstr[r[i]]
				} else {
					tv = strconv.FormatFloat(tnum[r[i]], 'g', -1, 64)
				}
				return nil, nil, &dataset.ColumnError{Source: f.Source(), Column: timeCol, Row: r[i] + 1, Value: tv,
					Err: fmt.Errorf("%w (series %q)", ErrDuplicateTime, ids[k])}
			}
		}
		y := make([]float64, len(r))
		for i, row := range r {
			y[i] = vals[row]
			if math.IsInf(y[i], 0) {
				y[i] = math.NaN()
			}
		}
		series[k] = y
	}
	return ids, series, nil
}
