package metrics

import "math"

// ROCAUC returns the area under the ROC curve of scores for binary labels
// y (0 or 1), with optional sample weights w (nil means all ones). Tied
// scores count one half, which is the area scikit-learn's roc_auc_score
// computes from one ROC point per distinct score, written in Mann-Whitney form:
//
//	AUC = sum_{i in P} sum_{j in N} w_i w_j ([s_i > s_j] + ½[s_i = s_j]) / (W_P W_N)
//
// It sorts each class once (O(n log n); a radix sort, so O(n) for large n)
// and sweeps the distinct scores. Rows of zero weight take no part.
// It returns ErrOneClass when a class is absent or has zero weight.
//
// References:
//
//	Hanley JA, McNeil BJ (1982). The meaning and use of the area under a
//	receiver operating characteristic (ROC) curve. Radiology 143(1), 29-36.
//	Fawcett T (2006). An introduction to ROC analysis. Pattern Recognition
//	Letters 27(8), 861-874.
func ROCAUC(y, score, w []float64) (float64, error) {
	r, err := newRanking(y, score, w)
	if err != nil {
		return math.NaN(), err
	}
	return r.auc()
}

func (r *ranking) auc() (float64, error) {
	if r.wPos == 0 || r.wNeg == 0 {
		return math.NaN(), ErrOneClass
	}
	if r.posW == nil {
		return r.aucUnweighted(), nil
	}
	// Ascending sweep: each positive group earns the negative weight below
	// it plus half the negative weight tied with it.
	var below, num float64
	i, j := 0, 0
	pos, neg, pw, nw := r.pos, r.neg, r.posW, r.negW
	for i < len(pos) {
		k := pos[i]
		for j < len(neg) && neg[j] < k {
			below += nw[j]
			j++
		}
		tied := 0.0
		for jj := j; jj < len(neg) && neg[jj] == k; jj++ {
			tied += nw[jj]
		}
		wp := 0.0
		for i < len(pos) && pos[i] == k {
			wp += pw[i]
			i++
		}
		num += wp * (below + 0.5*tied)
	}
	return num / r.wPos / r.wNeg, nil
}

// aucUnweighted counts in integers (twice the Mann-Whitney U), exact for
// any n that fits in memory.
func (r *ranking) aucUnweighted() float64 {
	var u2 uint64 // 2 * sum over positives of (#neg below + ½ #neg tied)
	j := 0
	pos, neg := r.pos, r.neg
	for i := 0; i < len(pos); {
		k := pos[i]
		for j < len(neg) && neg[j] < k {
			j++
		}
		tied := 0
		for jj := j; jj < len(neg) && neg[jj] == k; jj++ {
			tied++
		}
		c := 0
		for i < len(pos) && pos[i] == k {
			c++
			i++
		}
		u2 += uint64(c) * uint64(2*j+tied)
	}
	return float64(u2) / 2 / float64(len(pos)) / float64(len(neg))
}

// AveragePrecision returns scikit-learn's average_precision_score: the
// step-wise area under the precision-recall curve over the distinct score
// thresholds t_1 > t_2 > ... (ties in one threshold, no interpolation),
//
//	AP = sum_k (R_k - R_{k-1}) P_k,   R_0 = 0,
//
// where P_k and R_k are the (weighted) precision and recall of the rule
// score >= t_k. It is not the trapezoidal area. It returns ErrOneClass when
// there are no positives (or they have zero weight).
//
// References:
//
//	Zhu M (2004). Recall, precision and average precision. Technical report,
//	University of Waterloo.
//	Pedregosa F et al. (2011). Scikit-learn: machine learning in Python.
//	JMLR 12, 2825-2830 (sklearn.metrics.average_precision_score).
func AveragePrecision(y, score, w []float64) (float64, error) {
	r, err := newRanking(y, score, w)
	if err != nil {
		return math.NaN(), err
	}
	return r.averagePrecision()
}

func (r *ranking) averagePrecision() (float64, error) {
	if r.wPos == 0 {
		return math.NaN(), ErrOneClass
	}
	var tp, fp, prevRecall, ap float64
	d := r.descending()
	for {
		_, wp, wn, ok := d.next()
		if !ok {
			break
		}
		tp += wp
		fp += wn
		if wp == 0 {
			continue
		}
		recall := tp / r.wPos
		ap += (recall - prevRecall) * (tp / (tp + fp))
		prevRecall = recall
	}
	return ap, nil
}

// logLossEps is scikit-learn 1.2's eps="auto" clip for float64 input: the
// machine epsilon 2^-52.
const logLossEps = 0x1p-52

// LogLoss returns the mean negative log-likelihood of binary labels y under
// predicted probabilities p of class 1, with optional weights w:
//
//	L = -sum_i w_i (y_i ln q_i + (1 - y_i) ln(1 - q_i)) / sum_i w_i
//
// with q_i = clip(p_i, ε, 1-ε) and ε = 2^-52 = 2.220446049250313e-16, as
// scikit-learn 1.2's log_loss with its default eps="auto" (which also
// renormalises (1-q, q) by their sum; so does this). A confidently wrong
// prediction of exactly 0 or 1 costs -ln ε ≈ 36.04. Unlike scikit-learn, a
// single class in y is allowed.
//
// References:
//
//	Bishop CM (2006). Pattern Recognition and Machine Learning, §4.3.2.
//	Springer.
func LogLoss(y, p, w []float64) (float64, error) {
	return LogLossClip(y, p, w, logLossEps)
}

// LogLossClip is LogLoss with the clip eps chosen by the caller: 1e-15
// reproduces scikit-learn before 1.2; zero disables clipping (a
// confidently wrong prediction then gives +Inf). eps must be in [0, 0.5).
func LogLossClip(y, p, w []float64, eps float64) (float64, error) {
	if !(eps >= 0 && eps < 0.5) {
		return math.NaN(), valueErr("eps", 0, eps, ErrRange)
	}
	if err := checkPair(y, p); err != nil {
		return math.NaN(), err
	}
	if err := checkLabels(y); err != nil {
		return math.NaN(), err
	}
	if err := checkFinite("p", p); err != nil {
		return math.NaN(), err
	}
	if _, err := checkWeights(w, len(y)); err != nil {
		return math.NaN(), err
	}
	loss := make([]float64, len(y))
	for i, v := range p {
		q1 := min(max(v, eps), 1-eps)
		q0 := 1 - q1
		s := q0 + q1
		if y[i] == 1 {
			loss[i] = -math.Log(q1 / s)
		} else {
			loss[i] = -math.Log(q0 / s)
		}
	}
	return average(loss, w, loss), nil
}

// Brier returns the Brier score, the (weighted) mean squared difference
// between predicted probabilities p and binary outcomes y:
//
//	B = sum_i w_i (p_i - y_i)^2 / sum_i w_i
//
// as scikit-learn's brier_score_loss. Probabilities outside [0, 1] are an
// error (ErrRange).
//
// References:
//
//	Brier GW (1950). Verification of forecasts expressed in terms of
//	probability. Monthly Weather Review 78(1), 1-3.
func Brier(y, p, w []float64) (float64, error) {
	if err := checkPair(y, p); err != nil {
		return math.NaN(), err
	}
	if err := checkLabels(y); err != nil {
		return math.NaN(), err
	}
	if err := checkProb("p", p); err != nil {
		return math.NaN(), err
	}
	if _, err := checkWeights(w, len(y)); err != nil {
		return math.NaN(), err
	}
	sq := make([]float64, len(y))
	for i, v := range p {
		d := y[i] - v
		sq[i] = d * d
	}
	return average(sq, w, sq), nil
}
