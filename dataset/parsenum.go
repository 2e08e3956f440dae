package dataset

import (
	"strconv"
	"unsafe"
)

// bytesString views b as a string without copying; the string must not
// outlive b's contents.
func bytesString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// parseInt64 parses an optionally signed decimal integer that fits int64.
func parseInt64(b []byte) (int64, bool) {
	if x, stop, ok := fastInt(b, 0); ok && stop == len(b) {
		return x, true
	}
	if len(b) < 19 {
		return 0, false
	}
	v, err := strconv.ParseInt(bytesString(b), 10, 64)
	return v, err == nil
}

// fastInt parses an optionally signed integer of at most 18 digits starting
// at b[i]; stop is where its text ends. ok is false if there is no such
// integer there (strconv may still read a longer one).
func fastInt(b []byte, i int) (x int64, stop int, ok bool) {
	n := len(b)
	neg := false
	if i < n && (b[i] == '-' || b[i] == '+') {
		neg = b[i] == '-'
		i++
	}
	start := i
	var u uint64
	for ; i < n; i++ {
		d := b[i] - '0'
		if d > 9 {
			break
		}
		u = u*10 + uint64(d)
	}
	if i == start || i-start > 18 {
		return 0, i, false
	}
	if neg {
		return -int64(u), i, true
	}
	return int64(u), i, true
}

// pow10 holds the powers of ten that float64 represents exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseFloat64 parses decimal or exponent notation, and the spellings NaN,
// Inf, +Inf, -Inf, Infinity (any case). It rejects hex floats, underscores
// and values out of float64 range. The result is correctly rounded, the same
// as strconv.ParseFloat: fastFloat takes Clinger's exact case and
// everything else goes to strconv.
func parseFloat64(b []byte) (float64, bool) {
	if f, stop, ok := fastFloat(b, 0); ok && stop == len(b) {
		return f, true
	}
	return slowFloat(b)
}

// fastFloat parses a decimal number starting at b[i] when it is exactly
// representable the simple way: at most 19 significant digits whose value m
// is at most 2^53, scaled by 10^e with |e| <= 22. Both m and 10^e are then
// exact float64 values, and one multiplication or division rounds correctly.
// stop is where the number's text ends; ok is false when there is no number
// there or it needs the general algorithm.
//
// References:
//
//	Clinger, W. D. How to read floating point numbers accurately.
//	PLDI 1990, 92-101. doi:10.1145/93542.93557
func fastFloat(b []byte, i int) (f float64, stop int, ok bool) {
	n := len(b)
	neg := false
	if i < n && (b[i] == '-' || b[i] == '+') {
		neg = b[i] == '-'
		i++
	}
	var m uint64
	nd, digits, exp := 0, 0, 0
	for ; i < n; i++ {
		d := b[i] - '0'
		if d > 9 {
			break
		}
		if nd >= 19 {
			return 0, i, false
		}
		m = m*10 + uint64(d)
		if m != 0 {
			nd++
		}
		digits++
	}
	if i < n && b[i] == '.' {
		i++
		for ; i < n; i++ {
			d := b[i] - '0'
			if d > 9 {
				break
			}
			if nd >= 19 {
				return 0, i, false
			}
			m = m*10 + uint64(d)
			if m != 0 {
				nd++
			}
			digits++
			exp--
		}
	}
	if digits == 0 {
		return 0, i, false
	}
	if i < n && (b[i] == 'e' || b[i] == 'E') {
		i++
		eneg := false
		if i < n && (b[i] == '-' || b[i] == '+') {
			eneg = b[i] == '-'
			i++
		}
		es, e := i, 0
		for ; i < n; i++ {
			d := b[i] - '0'
			if d > 9 {
				break
			}
			if e < 10000 {
				e = e*10 + int(d)
			}
		}
		if i == es {
			return 0, i, false
		}
		if eneg {
			e = -e
		}
		exp += e
	}
	if m > 1<<53 || exp < -22 || exp > 22 {
		return 0, i, false
	}
	f = float64(m)
	if exp < 0 {
		f /= pow10[-exp]
	} else {
		f *= pow10[exp]
	}
	if neg {
		f = -f
	}
	return f, i, true
}

func slowFloat(b []byte) (float64, bool) {
	for _, c := range b {
		if c == '_' || c == 'x' || c == 'X' || c == 'p' || c == 'P' {
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(bytesString(b), 64)
	return f, err == nil
}

// parseBoolBytes accepts true/false in lower, upper or title case.
func parseBoolBytes(b []byte) (bool, bool) {
	switch string(b) {
	case "true", "TRUE", "True":
		return true, true
	case "false", "FALSE", "False":
		return false, true
	}
	return false, false
}
