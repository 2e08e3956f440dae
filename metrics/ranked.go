package metrics

// Ranked holds binary labels and scores sorted once, so several ranking
// metrics of the same predictions cost one sort. It is immutable and safe
// for concurrent use. Its methods agree exactly with the functions of the
// same names.
type Ranked struct {
	r *ranking
}

// Rank validates y (0/1), score (finite) and optional weights w (nil means
// all ones; zero weights drop the row) as ROCAUC does, and sorts the scores
// of each class. The inputs are not modified or retained.
func Rank(y, score, w []float64) (*Ranked, error) {
	r, err := newRanking(y, score, w)
	if err != nil {
		return nil, err
	}
	return &Ranked{r: r}, nil
}

// ROCAUC is [ROCAUC] of the ranked predictions.
func (k *Ranked) ROCAUC() (float64, error) { return k.r.auc() }

// AveragePrecision is [AveragePrecision] of the ranked predictions.
func (k *Ranked) AveragePrecision() (float64, error) { return k.r.averagePrecision() }

// PrecisionRecallCurve is [PrecisionRecallCurve] of the ranked predictions.
func (k *Ranked) PrecisionRecallCurve() (precision, recall, thresholds []float64, err error) {
	return k.r.prCurve()
}

// PRAUCTrapezoid is [PRAUCTrapezoid] of the ranked predictions.
func (k *Ranked) PRAUCTrapezoid() (float64, error) { return k.r.prAUCTrapezoid() }

// LiftAt is [LiftAt] of the ranked predictions.
func (k *Ranked) LiftAt(fraction float64) (Lift, error) { return k.r.liftAt(fraction) }

// Weights returns the total weight of class 1 and of class 0 (the counts
// when unweighted).
func (k *Ranked) Weights() (positive, negative float64) { return k.r.wPos, k.r.wNeg }
