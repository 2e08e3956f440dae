package dataset

import (
	"math"
	"math/rand/v2"
	"sort"
)

// Split is a seeded, deterministic train/test split of a frame's rows. The
// zero value holds out a random quarter, as scikit-learn's
// train_test_split does.
type Split struct {
	// TestFraction is the share of rows held out; zero means 0.25. The test
	// set has ceil(TestFraction·n) rows, as in scikit-learn.
	TestFraction float64 `json:"test_fraction"`
	// Stratify names a label column: each label then has (up to rounding)
	// the same share of its rows in the test set. Empty means no
	// stratification.
	Stratify string `json:"stratify,omitempty"`
	// Seed fixes the shuffle: the same Seed and frame give the same split.
	Seed uint64 `json:"seed"`
}

// Fold is one round of k-fold cross-validation: the rows to fit on and the
// rows to evaluate on, each ascending.
type Fold struct {
	Train []int `json:"train"`
	Test  []int `json:"test"`
}

// newRand is the one random stream behind every split, so a Seed means the
// same thing everywhere.
func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x5eed5eed5eed5eed)) }

// Rows splits f's rows. Both slices are ascending row numbers, suitable for
// Frame.Take. Errors wrap ErrSplit (a fraction outside (0, 1), fewer than
// two rows, or a fraction that leaves one side empty), ErrNoColumn or
// ErrNulls (a stratification label that is missing or has missing values).
//
// Stratified, the test size m = ceil(f·n) is shared among the labels by
// largest remainder: label c with n_c rows gets floor(m·n_c/n) test rows,
// and the rows left go one each to the labels with the largest fractional
// parts, ties to the label seen first. (scikit-learn's StratifiedShuffleSplit
// also uses largest remainders, but apportions the train rows first and
// breaks ties at random, so its counts can differ by one per label.)
func (s Split) Rows(f *Frame) (train, test []int, err error) {
	frac := s.TestFraction
	if frac == 0 {
		frac = 0.25
	}
	n := f.NumRows()
	if !(frac > 0 && frac < 1) {
		return nil, nil, wrapf(ErrSplit, "test fraction %v is not in (0, 1)", frac)
	}
	m := int(math.Ceil(frac * float64(n)))
	if n < 2 || m < 1 || m >= n {
		return nil, nil, wrapf(ErrSplit, "test fraction %v of %d rows leaves train or test empty", frac, n)
	}
	r := newRand(s.Seed)
	isTest := make([]bool, n)
	if s.Stratify == "" {
		for _, i := range r.Perm(n)[:m] {
			isTest[i] = true
		}
	} else {
		groups, err := labelGroups(f, s.Stratify)
		if err != nil {
			return nil, nil, err
		}
		quota := apportion(m, n, groups)
		for c, rows := range groups {
			perm := r.Perm(len(rows))
			for _, k := range perm[:quota[c]] {
				isTest[rows[k]] = true
			}
		}
	}
	train = make([]int, 0, n-m)
	test = make([]int, 0, m)
	for i, t := range isTest {
		if t {
			test = append(test, i)
		} else {
			train = append(train, i)
		}
	}
	return train, test, nil
}

// labelGroups returns the rows of each label of column name, labels in
// order of first appearance, rows ascending.
func labelGroups(f *Frame, name string) ([][]int, error) {
	codes, levels, err := f.Codes(name)
	if err != nil {
		return nil, err
	}
	groups := make([][]int, len(levels))
	for i, c := range codes {
		if c < 0 {
			return nil, colErr(f.source, name, i+1, "", wrapf(ErrNulls, "a stratification label is missing"))
		}
		groups[c] = append(groups[c], i)
	}
	return groups, nil
}

// apportion shares m among groups in proportion to their sizes by largest
// remainder (ties to the earlier group).
func apportion(m, n int, groups [][]int) []int {
	quota := make([]int, len(groups))
	rem := make([]float64, len(groups))
	left := m
	for c, g := range groups {
		exact := float64(m) * float64(len(g)) / float64(n)
		quota[c] = int(math.Floor(exact))
		rem[c] = exact - float64(quota[c])
		left -= quota[c]
	}
	order := make([]int, len(groups))
	for c := range order {
		order[c] = c
	}
	sort.SliceStable(order, func(a, b int) bool { return rem[order[a]] > rem[order[b]] })
	for _, c := range order {
		if left == 0 {
			break
		}
		if quota[c] < len(groups[c]) {
			quota[c]++
			left--
		}
	}
	return quota
}

// KFold is k-fold cross-validation, optionally stratified and shuffled. The
// zero value is scikit-learn's KFold(): five folds of consecutive rows.
type KFold struct {
	// K is the number of folds; zero means 5.
	K int `json:"k"`
	// Stratify names a label column whose labels are spread evenly over
	// the folds (scikit-learn's StratifiedKFold). Empty means plain k-fold.
	Stratify string `json:"stratify,omitempty"`
	// Shuffle shuffles the rows (within each label when stratified) before
	// they are dealt to folds; false keeps row order, as scikit-learn's
	// default does, and then Seed is not used.
	Shuffle bool   `json:"shuffle"`
	Seed    uint64 `json:"seed"`
}

// Folds returns the K folds of f's rows. Every row is in exactly one test
// set. Plain k-fold gives the first n mod K folds one row more than the
// rest, as scikit-learn does. Stratified, the labels are numbered in order
// of first appearance, the rows sorted by label are dealt round-robin to
// count how many of each label each fold gets, and each label's rows
// (shuffled if Shuffle) fill its fold quotas in fold order: the allocation
// of scikit-learn's StratifiedKFold (0.22 and later), so without Shuffle the
// folds are identical to it. Errors wrap ErrSplit (K < 2, more folds than
// rows, or, stratified, than rows of the most common label) or the
// column errors of Split.Rows.
func (k KFold) Folds(f *Frame) ([]Fold, error) {
	K := k.K
	if K == 0 {
		K = 5
	}
	n := f.NumRows()
	if K < 2 || K > n {
		return nil, wrapf(ErrSplit, "%d folds of %d rows", K, n)
	}
	fold := make([]int, n) // test fold of each row
	if k.Stratify == "" {
		order := make([]int, n)
		for i := range order {
			order[i] = i
		}
		if k.Shuffle {
			order = newRand(k.Seed).Perm(n)
		}
		pos := 0
		for q := 0; q < K; q++ {
			size := n / K
			if q < n%K {
				size++
			}
			for _, i := range order[pos : pos+size] {
				fold[i] = q
			}
			pos += size
		}
	} else {
		groups, err := labelGroups(f, k.Stratify)
		if err != nil {
			return nil, err
		}
		biggest := 0
		for _, g := range groups {
			biggest = max(biggest, len(g))
		}
		if K > biggest {
			return nil, wrapf(ErrSplit, "%d folds but no label of %q has more than %d rows", K, k.Stratify, biggest)
		}
		// Rows sorted by label, dealt round-robin: fold q gets the
		// positions q, q+K, q+2K, ... of that order.
		alloc := make([][]int, K) // alloc[q][c]
		for q := range alloc {
			alloc[q] = make([]int, len(groups))
		}
		pos := 0
		for c, g := range groups {
			for range g {
				alloc[pos%K][c]++
				pos++
			}
		}
		r := newRand(k.Seed)
		for c, g := range groups {
			labels := make([]int, 0, len(g))
			for q := 0; q < K; q++ {
				for t := 0; t < alloc[q][c]; t++ {
					labels = append(labels, q)
				}
			}
			if k.Shuffle {
				r.Shuffle(len(labels), func(a, b int) { labels[a], labels[b] = labels[b], labels[a] })
			}
			for t, i := range g {
				fold[i] = labels[t]
			}
		}
	}
	folds := make([]Fold, K)
	for i, q := range fold {
		folds[q].Test = append(folds[q].Test, i)
	}
	for q := range folds {
		folds[q].Train = make([]int, 0, n-len(folds[q].Test))
		for i, p := range fold {
			if p != q {
				folds[q].Train = append(folds[q].Train, i)
			}
		}
	}
	return folds, nil
}
