package journey

import (
	"math"
	"strconv"
)

// parseTime parses the README's timestamp grammar,
//
//	^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$
//
// with a real calendar date (years 0001-9999), hour 0-23, minute 0-59,
// second 0-59 and offset hours 0-23, and returns the instant as seconds and
// nanoseconds since 1970-01-01T00:00:00Z with the offset applied.
func parseTime(b []byte) (sec int64, nsec int32, ok bool) {
	if len(b) < 20 {
		return 0, 0, false
	}
	if b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' || b[16] != ':' {
		return 0, 0, false
	}
	y, ok1 := digits(b[0:4])
	mo, ok2 := digits(b[5:7])
	d, ok3 := digits(b[8:10])
	h, ok4 := digits(b[11:13])
	mi, ok5 := digits(b[14:16])
	s, ok6 := digits(b[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) {
		return 0, 0, false
	}
	if y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 59 {
		return 0, 0, false
	}
	i := 19
	var ns int64
	if b[i] == '.' {
		i++
		j := i
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
		nd := j - i
		if nd < 1 || nd > 9 {
			return 0, 0, false
		}
		for k := i; k < j; k++ {
			ns = ns*10 + int64(b[k]-'0')
		}
		for k := nd; k < 9; k++ {
			ns *= 10
		}
		i = j
	}
	var off int64
	switch {
	case i == len(b)-1 && b[i] == 'Z':
	case i == len(b)-6 && (b[i] == '+' || b[i] == '-') && b[i+3] == ':':
		oh, okh := digits(b[i+1 : i+3])
		om, okm := digits(b[i+4 : i+6])
		if !okh || !okm || oh > 23 {
			return 0, 0, false
		}
		off = int64(oh)*3600 + int64(om)*60
		if b[i] == '-' {
			off = -off
		}
	default:
		return 0, 0, false
	}
	sec = daysFromCivil(y, mo, d)*86400 + int64(h)*3600 + int64(mi)*60 + int64(s) - off
	return sec, int32(ns), true
}

func digits(b []byte) (int, bool) {
	v := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil returns the days since 1970-01-01 of a proleptic Gregorian
// date (H. Hinnant's algorithm).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// parseValue parses the README's value grammar,
//
//	^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$
//
// and requires a finite result. strconv.ParseFloat alone would also accept
// "inf", "NaN", hexadecimal and underscores, so the grammar is checked first.
func parseValue(b []byte) (float64, bool) {
	i, n := 0, len(b)
	if i < n && (b[i] == '+' || b[i] == '-') {
		i++
	}
	intDigits := 0
	for i < n && b[i] >= '0' && b[i] <= '9' {
		i++
		intDigits++
	}
	fracDigits := 0
	if i < n && b[i] == '.' {
		i++
		for i < n && b[i] >= '0' && b[i] <= '9' {
			i++
			fracDigits++
		}
	}
	if intDigits == 0 && fracDigits == 0 {
		return 0, false
	}
	if i < n && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < n && (b[i] == '+' || b[i] == '-') {
			i++
		}
		expDigits := 0
		for i < n && b[i] >= '0' && b[i] <= '9' {
			i++
			expDigits++
		}
		if expDigits == 0 {
			return 0, false
		}
	}
	if i != n {
		return 0, false
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil && !(isRangeErr(err) && !math.IsInf(v, 0)) {
		return 0, false
	}
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}
