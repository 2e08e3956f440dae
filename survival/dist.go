package survival

import "math"

// normQuantile returns the p quantile of the standard normal distribution
// (Wichura's algorithm AS 241, PPND16, accurate to about 1e-16).
//
// References:
//
//	Wichura, M. J. (1988). Algorithm AS 241: The percentage points of the
//	normal distribution. Applied Statistics 37(3), 477-484.
func normQuantile(p float64) float64 {
	if math.IsNaN(p) || p < 0 || p > 1 {
		return math.NaN()
	}
	if p == 0 {
		return math.Inf(-1)
	}
	if p == 1 {
		return math.Inf(1)
	}
	q := p - 0.5
	if math.Abs(q) <= 0.425 {
		r := 0.180625 - q*q
		return q * (((((((r*2509.0809287301226727+
			33430.575583588128105)*r+67265.770927008700853)*r+
			45921.953931549871457)*r+13731.693765509461125)*r+
			1971.5909503065514427)*r+133.14166789178437745)*r +
			3.387132872796366608) /
			(((((((r*5226.495278852545925+
				28729.085735721942674)*r+39307.89580009271061)*r+
				21213.794301586595867)*r+5394.1960214247511077)*r+
				687.1870074920579083)*r+42.313330701600911252)*r + 1)
	}
	r := p
	if q > 0 {
		r = 1 - p
	}
	r = math.Sqrt(-math.Log(r))
	var val float64
	if r <= 5 {
		r -= 1.6
		val = (((((((r*7.7454501427834140764e-4+
			0.0227238449892691845833)*r+0.24178072517745061177)*r+
			1.27045825245236838258)*r+3.64784832476320460504)*r+
			5.7694972214606914055)*r+4.6303378461565452959)*r +
			1.42343711074968357734) /
			(((((((r*1.05075007164441684324e-9+
				5.475938084995344946e-4)*r+0.0151986665636164571966)*r+
				0.14810397642748007459)*r+0.68976733498510000455)*r+
				1.6763848301838038494)*r+2.05319162663775882187)*r + 1)
	} else {
		r -= 5
		val = (((((((r*2.01033439929228813265e-7+
			2.71155556874348757815e-5)*r+0.0012426609473880784386)*r+
			0.026532189526576123093)*r+0.29656057182850489123)*r+
			1.7848265399172913358)*r+5.4637849111641143699)*r +
			6.6579046435011037772) /
			(((((((r*2.04426310338993978564e-15+
				1.4215117583164458887e-7)*r+1.8463183175100546818e-5)*r+
				7.868691311456132591e-4)*r+0.0148753612908506148525)*r+
				0.13692988092273580531)*r+0.59983220655588793769)*r + 1)
	}
	if q < 0 {
		val = -val
	}
	return val
}

// normTwoSided returns 2*P(Z > |z|) for a standard normal Z.
func normTwoSided(z float64) float64 {
	return math.Erfc(math.Abs(z) / math.Sqrt2)
}

// chisqSurvival returns P(X > x) for X chi-square with df degrees of
// freedom (df > 0 need not be an integer): the regularized upper incomplete
// gamma function Q(df/2, x/2).
func chisqSurvival(x, df float64) float64 {
	if math.IsNaN(x) || math.IsNaN(df) || df <= 0 {
		return math.NaN()
	}
	if x <= 0 {
		return 1
	}
	return gammaQ(df/2, x/2)
}

// gammaQ is the regularized upper incomplete gamma function Q(a, x), by the
// series for P when x < a+1 and by Lentz's continued fraction otherwise.
//
// References:
//
//	Press, W. H. et al. (2007). Numerical Recipes, 3rd ed., section 6.2.
func gammaQ(a, x float64) float64 {
	lg, _ := math.Lgamma(a)
	front := a*math.Log(x) - x - lg
	if x < a+1 {
		sum, del, ap := 1/a, 1/a, a
		for range 10000 {
			ap++
			del *= x / ap
			sum += del
			if math.Abs(del) < math.Abs(sum)*1e-17 {
				break
			}
		}
		return 1 - sum*math.Exp(front)
	}
	const tiny = 1e-300
	b := x + 1 - a
	c := 1 / tiny
	d := 1 / b
	h := d
	for i := 1; i < 10000; i++ {
		an := -float64(i) * (float64(i) - a)
		b += 2
		d = an*d + b
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = b + an/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < 1e-17 {
			break
		}
	}
	return math.Exp(front) * h
}
