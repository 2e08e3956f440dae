package metrics

import "math"

// Confusion is a binary confusion matrix of (weighted) counts:
// rows are the true class, columns the predicted class,
//
//	[[TN, FP],
//	 [FN, TP]]
//
// as scikit-learn's confusion_matrix with labels [0, 1]. With sample
// weights the cells are weight sums. Its methods compute the thresholded
// metrics; a ratio whose denominator is zero is 0 (scikit-learn's
// zero_division=0).
type Confusion struct {
	TN, FP, FN, TP float64
}

// ConfusionAt classifies y_pred = 1 iff score >= threshold and tallies the
// (weighted) confusion matrix against binary labels y. Weights w may be nil
// (all ones); zero weights are allowed.
func ConfusionAt(y, score, w []float64, threshold float64) (Confusion, error) {
	if err := checkPair(y, score); err != nil {
		return Confusion{}, err
	}
	if err := checkLabels(y); err != nil {
		return Confusion{}, err
	}
	if err := checkFinite("score", score); err != nil {
		return Confusion{}, err
	}
	if math.IsNaN(threshold) {
		return Confusion{}, valueErr("threshold", 0, threshold, ErrNaN)
	}
	if _, err := checkWeights(w, len(y)); err != nil {
		return Confusion{}, err
	}
	var c Confusion
	for i, s := range score {
		wi := weight(w, i)
		pred := s >= threshold
		switch {
		case y[i] == 1 && pred:
			c.TP += wi
		case y[i] == 1:
			c.FN += wi
		case pred:
			c.FP += wi
		default:
			c.TN += wi
		}
	}
	return c, nil
}

// Total is TN + FP + FN + TP.
func (c Confusion) Total() float64 { return c.TN + c.FP + c.FN + c.TP }

// Matrix returns [[TN, FP], [FN, TP]].
func (c Confusion) Matrix() [2][2]float64 { return [2][2]float64{{c.TN, c.FP}, {c.FN, c.TP}} }

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// Accuracy is (TP + TN) / total.
func (c Confusion) Accuracy() float64 { return ratio(c.TP+c.TN, c.Total()) }

// Precision is TP / (TP + FP), 0 when nothing is predicted positive.
func (c Confusion) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall (sensitivity, true positive rate) is TP / (TP + FN), 0 without positives.
func (c Confusion) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// Specificity (true negative rate) is TN / (TN + FP), 0 without negatives.
func (c Confusion) Specificity() float64 { return ratio(c.TN, c.TN+c.FP) }

// F1 is the harmonic mean of precision P and recall R, computed as
// scikit-learn 1.2 does:
//
//	F1 = 2 P R / (P + R),   0 when P + R = 0.
func (c Confusion) F1() float64 {
	p, r := c.Precision(), c.Recall()
	den := p + r
	if den == 0 {
		return 0
	}
	return 2 * p * r / den
}

// MCC is Matthews' correlation coefficient, in scikit-learn's form:
//
//	t = (TN+FP, FN+TP) (true class totals), p = (TN+FN, FP+TP) (predicted), s = total
//	MCC = (s (TN+TP) - t·p) / sqrt((s² - t·t)(s² - p·p)),  0 when the denominator is 0.
//
// References:
//
//	Matthews BW (1975). Comparison of the predicted and observed secondary
//	structure of T4 phage lysozyme. Biochim Biophys Acta 405(2), 442-451.
//	Gorodkin J (2004). Comparing two K-category assignments by a K-category
//	correlation coefficient. Comput Biol Chem 28(5-6), 367-374.
func (c Confusion) MCC() float64 {
	t0, t1 := c.TN+c.FP, c.FN+c.TP
	p0, p1 := c.TN+c.FN, c.FP+c.TP
	s := p0 + p1
	// Explicit float64 conversions keep the compiler from fusing these
	// products into FMAs, whose different rounding would show after the
	// cancellation.
	cov := float64((c.TN+c.TP)*s) - (float64(t0*p0) + float64(t1*p1))
	vp := float64(s*s) - (float64(p0*p0) + float64(p1*p1))
	vt := float64(s*s) - (float64(t0*t0) + float64(t1*t1))
	if vp*vt == 0 {
		return 0
	}
	return cov / math.Sqrt(vt*vp)
}

// BalancedAccuracy is the mean of the recalls of the classes present:
//
//	(TP/(TP+FN) + TN/(TN+FP)) / 2,
//
// or the recall of the only class with non-zero total, as scikit-learn's
// balanced_accuracy_score (which drops a class absent from y).
func (c Confusion) BalancedAccuracy() float64 {
	n, sum := 0, 0.0
	if d := c.TN + c.FP; d != 0 {
		sum += c.TN / d
		n++
	}
	if d := c.FN + c.TP; d != 0 {
		sum += c.TP / d
		n++
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}
