package forecast

import "math"

// rLSFit returns least-squares coefficients of y on the columns of x the
// way R's lsfit and lm do (LINPACK dqrdc2 Householder QR and dqrsl through
// the reference BLAS: dnrm2, ddot, daxpy, dscal), so that the initial
// states computed from them, and with them R's optimiser path, agree to
// the last bit. The columns must be linearly independent (no pivoting);
// otherwise false is returned. x and y are not modified.
//
// References:
//
//	Dongarra, J. J., Bunch, J. R., Moler, C. B. and Stewart, G. W. (1979).
//	LINPACK Users' Guide, ch. 9 (QR decomposition). SIAM.
func rLSFit(cols [][]float64, y []float64) ([]float64, bool) {
	p := len(cols)
	n := len(y)
	if p == 0 || n < p {
		return nil, false
	}
	x := make([][]float64, p)
	for j := range cols {
		x[j] = append([]float64(nil), cols[j]...)
	}
	qraux := make([]float64, p)
	for j := range x {
		qraux[j] = blasNrm2(x[j])
	}
	for l := 0; l < p; l++ {
		if l == n-1 {
			break
		}
		xl := x[l][l:]
		nrmxl := blasNrm2(xl)
		if nrmxl == 0 {
			return nil, false
		}
		if xl[0] != 0 {
			nrmxl = math.Copysign(nrmxl, xl[0])
		}
		inv := 1.0 / nrmxl
		for i := range xl {
			xl[i] = inv * xl[i]
		}
		xl[0] = 1.0 + xl[0]
		for j := l + 1; j < p; j++ {
			xj := x[j][l:]
			t := -blasDot(xl, xj) / xl[0]
			for i := range xj {
				xj[i] = xj[i] + t*xl[i]
			}
		}
		qraux[l] = xl[0]
		xl[0] = -nrmxl
	}
	// dqrsl: qty = Q'y, then back substitution.
	qty := append([]float64(nil), y...)
	ju := min(p, n-1)
	for j := 0; j < ju; j++ {
		if qraux[j] == 0 {
			continue
		}
		xj := x[j][j:]
		temp := xj[0]
		xj[0] = qraux[j]
		t := -blasDot(xj, qty[j:]) / xj[0]
		q := qty[j:]
		for i := range q {
			q[i] = q[i] + t*xj[i]
		}
		xj[0] = temp
	}
	b := append([]float64(nil), qty[:p]...)
	for j := p - 1; j >= 0; j-- {
		if x[j][j] == 0 {
			return nil, false
		}
		b[j] = b[j] / x[j][j]
		if j > 0 {
			t := -b[j]
			for i := 0; i < j; i++ {
				b[i] = b[i] + t*x[j][i]
			}
		}
	}
	return b, true
}

// blasNrm2 is the reference BLAS dnrm2 (LAPACK 3.10+, Blue's scaling) for
// values in the normal range: sqrt of the sum of squares in order.
func blasNrm2(x []float64) float64 {
	const (
		tsml = 1.4916681462400413e-154 // radix^ceil((minexp-1)/2)
		tbig = 1.9979190722022350e+146 // radix^floor((maxexp-digits+1)/2)
		ssml = 4.4989137945431964e+161 // radix^(-floor((minexp-digits)/2))
		sbig = 1.1113793747425387e-162 // radix^(-ceil((maxexp+digits-1)/2))
	)
	var asml, amed, abig float64
	notbig := true
	for _, v := range x {
		ax := math.Abs(v)
		switch {
		case ax > tbig:
			abig += (ax * sbig) * (ax * sbig)
			notbig = false
		case ax < tsml:
			if notbig {
				asml += (ax * ssml) * (ax * ssml)
			}
		default:
			amed += ax * ax
		}
	}
	var scl, sumsq float64
	switch {
	case abig > 0:
		if amed > 0 || math.IsNaN(amed) {
			abig += (amed * sbig) * sbig
		}
		scl, sumsq = 1/sbig, abig
	case asml > 0:
		if amed > 0 || math.IsNaN(amed) {
			amed = math.Sqrt(amed)
			asml = math.Sqrt(asml) / ssml
			ymin, ymax := asml, amed
			if asml > amed {
				ymin, ymax = amed, asml
			}
			scl = 1
			sumsq = ymax * ymax * (1 + (ymin/ymax)*(ymin/ymax))
		} else {
			scl, sumsq = 1/ssml, asml
		}
	default:
		scl, sumsq = 1, amed
	}
	return scl * math.Sqrt(sumsq)
}

// blasDot is the reference BLAS ddot (unrolled by five, summed in order).
func blasDot(x, y []float64) float64 {
	n := len(x)
	var d float64
	m := n % 5
	for i := 0; i < m; i++ {
		d = d + x[i]*y[i]
	}
	for i := m; i < n; i += 5 {
		d = d + x[i]*y[i] + x[i+1]*y[i+1] + x[i+2]*y[i+2] + x[i+3]*y[i+3] + x[i+4]*y[i+4]
	}
	return d
}
