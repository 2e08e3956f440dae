package metrics

import "math"

// Calibration is a reliability diagram: for each non-empty bin of predicted
// probability, the observed frequency of class 1 and the mean prediction.
type Calibration struct {
	ProbTrue     []float64 // fraction of positives per non-empty bin
	ProbPred     []float64 // mean predicted probability per non-empty bin
	NonemptyBins []int     // index of each reported bin in 0..bins-1
	BinCounts    []int     // number of scores in every bin, empty ones included (len bins)
}

// calibrationBin returns the bin of p in [0, 1] for nBins uniform bins,
// exactly as scikit-learn 1.2: edges e = linspace(0, 1, nBins+1), computed
// as i*(1/nBins) like NumPy, and bin = searchsorted(e[1:nBins], p, "left"),
// so bins are right-closed (e_i, e_{i+1}] and bin 0 is [0, e_1]. Because
// linspace gives 3*0.1 = 0.30000000000000004, a score of exactly 0.3 falls
// in the lower bin.
func calibrationBin(p float64, edges []float64) int {
	// first interior edge >= p
	lo, hi := 0, len(edges)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if edges[m] < p {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// interiorEdges returns NumPy's linspace(0, 1, nBins+1)[1:-1].
func interiorEdges(nBins int) []float64 {
	step := 1 / float64(nBins)
	e := make([]float64, nBins-1)
	for i := range e {
		e[i] = float64(i+1) * step
	}
	return e
}

// CalibrationCurve bins the predicted probabilities p into nBins uniform bins
// on [0, 1] (zero means 10) and returns, per non-empty bin, the fraction of
// labels y equal to 1 and the mean of p, as scikit-learn 1.2's
// calibration_curve(y, p, n_bins, strategy="uniform"). It is unweighted, as
// scikit-learn's is; empty bins are dropped from ProbTrue and ProbPred.
// Probabilities outside [0, 1] are an error (ErrRange).
//
//	bin(p) = searchsorted(linspace(0, 1, nBins+1)[1:-1], p, side="left")
//	ProbTrue_b = sum_{bin(p_i)=b} y_i / n_b,  ProbPred_b = sum_{bin(p_i)=b} p_i / n_b
//
// References:
//
//	Niculescu-Mizil A, Caruana R (2005). Predicting good probabilities with
//	supervised learning. Proc. ICML, 625-632.
func CalibrationCurve(y, p []float64, nBins int) (Calibration, error) {
	if nBins == 0 {
		nBins = 10
	}
	if nBins < 0 {
		return Calibration{}, valueErr("bins", 0, float64(nBins), ErrRange)
	}
	sums, trues, counts, err := calibrationSums(y, p, nil, nBins)
	if err != nil {
		return Calibration{}, err
	}
	var c Calibration
	c.BinCounts = make([]int, nBins)
	for b := range counts {
		n := counts[b]
		c.BinCounts[b] = int(n)
		if n == 0 {
			continue
		}
		c.ProbTrue = append(c.ProbTrue, trues[b]/n)
		c.ProbPred = append(c.ProbPred, sums[b]/n)
		c.NonemptyBins = append(c.NonemptyBins, b)
	}
	return c, nil
}

// calibrationSums accumulates per bin, in row order (as NumPy's bincount),
// the weighted sums of p and y and the weight (the count when w is nil).
func calibrationSums(y, p, w []float64, nBins int) (sums, trues, counts []float64, err error) {
	if err := checkPair(y, p); err != nil {
		return nil, nil, nil, err
	}
	if err := checkLabels(y); err != nil {
		return nil, nil, nil, err
	}
	if err := checkProb("p", p); err != nil {
		return nil, nil, nil, err
	}
	if _, err := checkWeights(w, len(y)); err != nil {
		return nil, nil, nil, err
	}
	edges := interiorEdges(nBins)
	sums, trues, counts = make([]float64, nBins), make([]float64, nBins), make([]float64, nBins)
	for i, v := range p {
		b := calibrationBin(v, edges)
		wi := weight(w, i)
		sums[b] += wi * v
		trues[b] += wi * y[i]
		counts[b] += wi
	}
	return sums, trues, counts, nil
}

// ExpectedCalibrationError returns the expected calibration error of
// probabilities p for labels y over nBins uniform bins (zero means 10),
// binned as CalibrationCurve, with optional weights w:
//
//	ECE = sum_b (W_b / W) |ȳ_b - p̄_b|
//
// where W_b is the weight in bin b and ȳ_b, p̄_b are its weighted means of y
// and p. Empty bins contribute nothing.
//
// References:
//
//	Naeini MP, Cooper GF, Hauskrecht M (2015). Obtaining well calibrated
//	probabilities using Bayesian binning. Proc. AAAI, 2901-2907.
//	Guo C, Pleiss G, Sun Y, Weinberger KQ (2017). On calibration of modern
//	neural networks. Proc. ICML, 1321-1330, Eq. 3.
func ExpectedCalibrationError(y, p, w []float64, nBins int) (float64, error) {
	if nBins == 0 {
		nBins = 10
	}
	if nBins < 0 {
		return math.NaN(), valueErr("bins", 0, float64(nBins), ErrRange)
	}
	sums, trues, counts, err := calibrationSums(y, p, w, nBins)
	if err != nil {
		return math.NaN(), err
	}
	total := 0.0
	for _, c := range counts {
		total += c
	}
	ece := 0.0
	for b, c := range counts {
		if c == 0 {
			continue
		}
		ece += math.Abs(trues[b]-sums[b]) / total // (W_b/W)|ȳ_b - p̄_b| = |Σwy - Σwp|/W
	}
	return ece, nil
}
