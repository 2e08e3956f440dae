package churn

import (
	"cmp"
	"slices"
)

// FeatureImportance is one feature's share of the model's splits, in
// XGBoost's terms: Weight is the number of splits on the feature, TotalGain
// the sum of their loss reductions, Gain = TotalGain/Weight (XGBoost's
// "gain" importance), TotalCover and Cover the same for the hessian sums of
// the rows they split.
type FeatureImportance struct {
	Feature    string  `json:"feature"`
	Gain       float64 `json:"gain"`
	TotalGain  float64 `json:"total_gain"`
	Weight     int     `json:"weight"`
	Cover      float64 `json:"cover"`
	TotalCover float64 `json:"total_cover"`
}

// Importance returns the importance of every feature used in a split,
// ordered by TotalGain (largest first, then by name).
func (m *Model) Importance() []FeatureImportance {
	m.check()
	imp := make([]FeatureImportance, len(m.features))
	for ti := range m.trees {
		t := &m.trees[ti]
		for i := range t.nodes {
			if t.leafIndex[i] >= 0 {
				continue
			}
			f := &imp[t.nodes[i].Feature]
			f.Weight++
			f.TotalGain += t.gain[i]
			f.TotalCover += t.cover[i]
		}
	}
	out := imp[:0]
	for j := range imp {
		if imp[j].Weight == 0 {
			continue
		}
		f := imp[j]
		f.Feature = m.features[j]
		f.Gain = f.TotalGain / float64(f.Weight)
		f.Cover = f.TotalCover / float64(f.Weight)
		out = append(out, f)
	}
	slices.SortStableFunc(out, func(a, b FeatureImportance) int {
		if c := cmp.Compare(b.TotalGain, a.TotalGain); c != 0 {
			return c
		}
		return cmp.Compare(a.Feature, b.Feature)
	})
	return out
}
