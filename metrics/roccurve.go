package metrics

// ROCCurve returns scikit-learn 1.2's roc_curve(y, score, sample_weight=w)
// with drop_intermediate=True: one point per distinct score threshold, in
// decreasing order of threshold, where
//
//	FPR(t) = W_N(score >= t) / W_N,   TPR(t) = W_P(score >= t) / W_P,
//
// without the points collinear with their neighbours (they do not change
// the curve or its area), preceded by (0, 0) at threshold max(score) + 1.
// Rows of zero weight take no part. It returns ErrOneClass when a class is
// absent or has zero weight.
//
// References:
//
//	Fawcett T (2006). An introduction to ROC analysis. Pattern Recognition
//	Letters 27(8), 861-874.
func ROCCurve(y, score, w []float64) (fpr, tpr, thresholds []float64, err error) {
	r, err := newRanking(y, score, w)
	if err != nil {
		return nil, nil, nil, err
	}
	return r.rocCurve()
}

// ROCCurve is [ROCCurve] of the ranked predictions.
func (k *Ranked) ROCCurve() (fpr, tpr, thresholds []float64, err error) { return k.r.rocCurve() }

// cumulative returns, at each distinct score from the highest down, the
// weights of positives and negatives scoring at least that much, and the
// score.
func (r *ranking) cumulative() (tps, fps, thr []float64) {
	var tp, fp float64
	d := r.descending()
	for {
		k, wp, wn, ok := d.next()
		if !ok {
			return tps, fps, thr
		}
		tp += wp
		fp += wn
		tps, fps, thr = append(tps, tp), append(fps, fp), append(thr, keyFloat(k))
	}
}

func (r *ranking) rocCurve() (fpr, tpr, thresholds []float64, err error) {
	if r.wPos == 0 || r.wNeg == 0 {
		return nil, nil, nil, ErrOneClass
	}
	tps, fps, thr := r.cumulative()
	if n := len(fps); n > 2 {
		// Keep the ends and every point where either cumulative count bends
		// (NumPy's diff(x, 2) != 0).
		j := 1
		for i := 1; i < n-1; i++ {
			bends := (fps[i+1]-fps[i])-(fps[i]-fps[i-1]) != 0 || (tps[i+1]-tps[i])-(tps[i]-tps[i-1]) != 0
			if bends {
				fps[j], tps[j], thr[j] = fps[i], tps[i], thr[i]
				j++
			}
		}
		fps[j], tps[j], thr[j] = fps[n-1], tps[n-1], thr[n-1]
		fps, tps, thr = fps[:j+1], tps[:j+1], thr[:j+1]
	}
	fpr = make([]float64, len(fps)+1)
	tpr = make([]float64, len(tps)+1)
	thresholds = make([]float64, len(thr)+1)
	thresholds[0] = thr[0] + 1
	lastF, lastT := fps[len(fps)-1], tps[len(tps)-1]
	for i := range fps {
		fpr[i+1] = fps[i] / lastF
		tpr[i+1] = tps[i] / lastT
		thresholds[i+1] = thr[i]
	}
	return fpr, tpr, thresholds, nil
}
