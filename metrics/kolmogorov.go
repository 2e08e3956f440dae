package metrics

// kolmogorovSF is P(D_n >= x) for the two-sided one-sample
// Kolmogorov-Smirnov statistic (scipy.stats.kstwo.sf).
func kolmogorovSF(n int, x float64) float64 {
	return 0 // TODO
}
