package churn

// minSurvivalDays is the survival time given to a customer whose churn is
// dated at the cut-off itself (no activity after it): survival:cox needs a
// positive time. One hour.
const minSurvivalDays = 1.0 / 24

// label returns the binary churn label and the survival:cox label (days,
// negative when censored) of a customer from its events k ≤ j < hi, all at
// or after the cut-off c:
//
//	churned = 1  when a cancellation event falls in [c, c + H), or no
//	             activity event does; 0 otherwise
//
// The churn time is the time of the first cancellation event, or the time
// of the last activity (the cut-off itself when none) before the first gap
// of at least H days without activity, whichever is earlier; when neither
// is seen before the end of the log (its last event, E), the time is
// censored at E − c, or at the last activity when E comes less than H
// after it. Times are in days from the cut-off, at least one hour.
func (b *featureBuilder) label(k, hi int, c int64) (churned, days float64) {
	l := b.log
	h := int64(b.spec.ChurnDays * nsPerDay)
	end := c + h
	churned = 1
	for j := k; j < hi && l.Time[j] < end; j++ {
		ev := l.Event[j]
		if b.cancel[ev] {
			churned = 1
			break
		}
		if b.activity[ev] {
			churned = 0
		}
	}
	prev := c
	at, event := int64(-1), false
	for j := k; j < hi; j++ {
		ev, t := l.Event[j], l.Time[j]
		if t-prev >= h {
			at, event = prev, true
			break
		}
		if b.cancel[ev] {
			at, event = t, true
			break
		}
		if b.activity[ev] {
			prev = t
		}
	}
	if !event {
		if b.logEnd-prev >= h {
			at, event = prev, true
		} else {
			at = b.logEnd
		}
	}
	days = max(float64(at-c)/nsPerDay, minSurvivalDays)
	if !event {
		days = -days
	}
	return churned, days
}
