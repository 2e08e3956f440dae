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
	n := len(b)
	if n == 0 {
		return 0, false
	}
	i, neg := 0, false
	switch b[0] {
	case '-':
		neg, i = true, 1
	case '+':
		i = 1
	}
	if i == n {
		return 0, false
	}
	if n-i > 18 {
		v, err := strconv.ParseInt(bytesString(b), 10, 64)
		return v, err == nil
	}
	var u uint64
	for ; i < n; i++ {
		d := b[i] - '0'
		if d > 9 {
			return 0, false
		}
		u = u*10 + uint64(d)
	}
	if neg {
		return -int64(u), true
	}
	return int64(u), true
}

// pow10 holds the powers of ten that float64 represents exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseFloat64 parses decimal or exponent notation, and the spellings NaN,
// Inf, +Inf, -Inf, Infinity (any case). It rejects hex floats, underscores
// and values out of float64 range. The result is correctly rounded, the same
// as strconv.ParseFloat: the fast path is Clinger's exact case (a mantissa
// of at most 2^53 scaled by an exactly representable power of ten, one
// rounding); everything else goes to strconv.
//
// References:
//
//	Clinger, W. D. How to read floating point numbers accurately. PLDI 1990.
func parseFloat64(b []byte) (float64, bool) {
	n := len(b)
	i, neg := 0, false
	if n > 0 {
		switch b[0] {
		case '-':
			neg, i = true, 1
		case '+':
			i = 1
		}
	}
	var m uint64
	digits, exp := 0, 0
	start := i
	for ; i < n; i++ {
		d := b[i] - '0'
		if d > 9 {
			break
		}
		if digits < 19 {
			m = m*10 + uint64(d)
			if m != 0 {
				digits++
			}
		} else {
			return slowFloat(b)
		}
	}
	intDigits := i - start
	fracDigits := 0
	if i < n && b[i] == '.' {
		i++
		fs := i
		for ; i < n; i++ {
			d := b[i] - '0'
			if d > 9 {
				break
			}
			if digits < 19 {
				m = m*10 + uint64(d)
				if m != 0 {
					digits++
				}
				exp--
			} else {
				return slowFloat(b)
			}
		}
		fracDigits = i - fs
	}
	if intDigits+fracDigits == 0 {
		return slowFloat(b) // maybe NaN or Inf
	}
	if i < n && (b[i] == 'e' || b[i] == 'E') {
		i++
		eneg := false
		if i < n && (b[i] == '-' || b[i] == '+') {
			eneg = b[i] == '-'
			i++
		}
		es := i
		e := 0
		for ; i < n; i++ {
			d := b[i] - '0'
			if d > 9 {
				return 0, false
			}
			if e < 10000 {
				e = e*10 + int(d)
			}
		}
		if i == es {
			return 0, false
		}
		if eneg {
			e = -e
		}
		exp += e
	}
	if i != n {
		return 0, false
	}
	if m <= 1<<53 && exp >= -22 && exp <= 22 {
		f := float64(m)
		if exp < 0 {
			f /= pow10[-exp]
		} else {
			f *= pow10[exp]
		}
		if neg {
			f = -f
		}
		return f, true
	}
	return slowFloat(b)
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
