package metrics

import "math"

// PrecisionRecallCurve returns scikit-learn's precision_recall_curve: one
// point per distinct score threshold, in increasing order of threshold,
// followed by the point (recall 0, precision 1) with no threshold. So
// len(precision) = len(recall) = len(thresholds)+1. Precision is 0 where
// nothing is predicted positive. It returns ErrOneClass without positives.
func PrecisionRecallCurve(y, score, w []float64) (precision, recall, thresholds []float64, err error) {
	r, err := newRanking(y, score, w)
	if err != nil {
		return nil, nil, nil, err
	}
	return r.prCurve()
}

func (r *ranking) prCurve() (precision, recall, thresholds []float64, err error) {
	if r.wPos == 0 {
		return nil, nil, nil, ErrOneClass
	}
	tps, fps, thresholds := r.cumulative()
	precision, recall = make([]float64, len(tps)), make([]float64, len(tps))
	for i, tp := range tps {
		if tp+fps[i] != 0 {
			precision[i] = tp / (tp + fps[i])
		}
		recall[i] = tp / r.wPos
	}
	reverse(precision)
	reverse(recall)
	reverse(thresholds)
	return append(precision, 1), append(recall, 0), thresholds, nil
}

func reverse(x []float64) {
	for i, j := 0, len(x)-1; i < j; i, j = i+1, j-1 {
		x[i], x[j] = x[j], x[i]
	}
}

// PRAUCTrapezoid is the trapezoidal area under PrecisionRecallCurve,
// scikit-learn's auc(recall, precision). It interpolates linearly between
// points, which overstates or understates the area of the step function
// AveragePrecision measures; it is given for comparison.
func PRAUCTrapezoid(y, score, w []float64) (float64, error) {
	r, err := newRanking(y, score, w)
	if err != nil {
		return math.NaN(), err
	}
	return r.prAUCTrapezoid()
}

func (r *ranking) prAUCTrapezoid() (float64, error) {
	p, rec, _, err := r.prCurve()
	if err != nil {
		return math.NaN(), err
	}
	return trapezoid(rec, p), nil
}

// trapezoid is |sum_i (x_{i+1} - x_i)(y_{i+1} + y_i)/2| for monotone x, as NumPy's trapz.
func trapezoid(x, y []float64) float64 {
	t := make([]float64, len(x)-1)
	for i := range t {
		t[i] = (x[i+1] - x[i]) * (y[i+1] + y[i]) / 2
	}
	return math.Abs(pairwiseSum(t))
}
