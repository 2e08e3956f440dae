package churn

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// ImportXGBoost reads a model written by XGBoost's save_model("*.json")
// (versions 1.7 to 3.x; gbtree booster) and returns a Model that scores
// exactly as XGBoost does:
//
//   - a row is converted to float32; at a split it goes left iff
//     x < split_condition (strict, in float32) and a missing value goes to
//     default_left;
//   - categorical splits send the listed categories right;
//   - the margin is logit(base_score) (or base_score for squared error) plus
//     the leaf values added in float32, tree by tree.
//
// Supported objectives: binary:logistic, reg:logistic, reg:squarederror.
// Anything else returns an error wrapping ErrUnsupported; a malformed file
// returns one wrapping ErrFormat.
//
// References:
//
//	T. Chen, C. Guestrin. XGBoost: A Scalable Tree Boosting System. KDD 2016.
//	XGBoost documentation, "Introduction to Model IO" (JSON schema), 1.7.
func ImportXGBoost(r io.Reader) (*Model, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("churn: reading xgboost model: %w", err)
	}
	var doc xgbDoc
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%w: xgboost json: %v", ErrFormat, err)
	}
	if len(doc.Version) < 2 {
		return nil, fmt.Errorf("%w: xgboost json has no version field (is it a save_model JSON file?)", ErrFormat)
	}
	major, minor := doc.Version[0], doc.Version[1]
	if major < 1 || (major == 1 && minor < 7) || major > 3 {
		return nil, fmt.Errorf("%w: xgboost model version %s (want 1.7 to 3.x)", ErrUnsupported, versionString(doc.Version))
	}
	l := doc.Learner
	obj := l.Objective.Name
	switch obj {
	case "binary:logistic", "reg:logistic", "reg:squarederror":
	case "":
		return nil, fmt.Errorf("%w: xgboost json has no objective", ErrFormat)
	default:
		return nil, fmt.Errorf("%w: xgboost objective %q (want binary:logistic, reg:logistic or reg:squarederror)", ErrUnsupported, obj)
	}
	if name := l.GradientBooster.Name; name != "gbtree" {
		return nil, fmt.Errorf("%w: xgboost booster %q (want gbtree)", ErrUnsupported, name)
	}
	nf, err := xgbInt(l.LearnerModelParam.NumFeature, "num_feature")
	if err != nil {
		return nil, err
	}
	if nf <= 0 {
		return nil, fmt.Errorf("%w: xgboost num_feature %d", ErrFormat, nf)
	}
	for _, k := range []struct{ v, name string }{{l.LearnerModelParam.NumClass, "num_class"}, {l.LearnerModelParam.NumTarget, "num_target"}} {
		if k.v == "" {
			continue
		}
		n, err := xgbInt(k.v, k.name)
		if err != nil {
			return nil, err
		}
		if n > 1 {
			return nil, fmt.Errorf("%w: xgboost %s = %d (only one output is supported)", ErrUnsupported, k.name, n)
		}
	}
	bs, err := xgbFloat(l.LearnerModelParam.BaseScore, "base_score")
	if err != nil {
		return nil, err
	}
	m := &Model{
		objective:  obj,
		baseScore:  bs,
		float32Sum: true,
		source:     "xgboost " + versionString(doc.Version),
	}
	if isLogistic(obj) {
		if !(bs > 0 && bs < 1) {
			return nil, fmt.Errorf("%w: xgboost base_score %v is not in (0, 1) for %s", ErrFormat, bs, obj)
		}
		// XGBoost's ProbToMargin, in float32: -log(1/base_score - 1).
		b32 := float32(bs)
		m.baseMargin = float64(-float32(math.Log(float64(1/b32 - 1))))
	} else {
		m.baseMargin = float64(float32(bs))
	}
	m.features = make([]string, nf)
	for i := range m.features {
		if i < len(l.FeatureNames) {
			m.features[i] = l.FeatureNames[i]
		} else {
			m.features[i] = "f" + strconv.Itoa(i)
		}
	}
	m.categorical = make([]bool, nf)
	for i, t := range l.FeatureTypes {
		if i < nf && t == "c" {
			m.categorical[i] = true
		}
	}
	trees := l.GradientBooster.Model.Trees
	if len(trees) == 0 {
		return nil, fmt.Errorf("%w: xgboost model has no trees", ErrFormat)
	}
	m.trees = make([]tree, len(trees))
	for i := range trees {
		t, err := trees[i].convert(nf, true)
		if err != nil {
			return nil, fmt.Errorf("%w: xgboost tree %d: %v", ErrFormat, i, err)
		}
		m.trees[i] = t
	}
	m.bestIteration = len(m.trees) - 1
	m.flat = newFlatForest(m.trees, nf)
	return m, nil
}

func versionString(v []int) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = strconv.Itoa(x)
	}
	return strings.Join(parts, ".")
}

// xgbFloat parses XGBoost's string-encoded numbers ("5E-1", or "[5E-1]" in 3.x).
func xgbFloat(s, name string) (float64, error) {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(s), "["), "]"))
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, fmt.Errorf("%w: xgboost %s %q is not a number", ErrFormat, name, s)
	}
	return v, nil
}

func xgbInt(s, name string) (int, error) {
	v, err := xgbFloat(s, name)
	if err != nil {
		return 0, err
	}
	if v != math.Trunc(v) || math.Abs(v) > 1<<31 {
		return 0, fmt.Errorf("%w: xgboost %s %q is not an integer", ErrFormat, name, s)
	}
	return int(v), nil
}

type xgbDoc struct {
	Version []int `json:"version"`
	Learner struct {
		FeatureNames      []string `json:"feature_names"`
		FeatureTypes      []string `json:"feature_types"`
		LearnerModelParam struct {
			BaseScore  string `json:"base_score"`
			NumClass   string `json:"num_class"`
			NumFeature string `json:"num_feature"`
			NumTarget  string `json:"num_target"`
		} `json:"learner_model_param"`
		Objective struct {
			Name string `json:"name"`
		} `json:"objective"`
		GradientBooster struct {
			Name  string `json:"name"`
			Model struct {
				Trees []xgbTree `json:"trees"`
			} `json:"model"`
		} `json:"gradient_booster"`
	} `json:"learner"`
}

type xgbTree struct {
	Left               []int64     `json:"left_children"`
	Right              []int64     `json:"right_children"`
	SplitIndices       []int64     `json:"split_indices"`
	SplitConditions    []float64   `json:"split_conditions"`
	DefaultLeft        xgbBoolList `json:"default_left"`
	SplitType          []int64     `json:"split_type"`
	SumHessian         []float64   `json:"sum_hessian"`
	LossChanges        []float64   `json:"loss_changes"`
	Categories         []int64     `json:"categories"`
	CategoriesNodes    []int64     `json:"categories_nodes"`
	CategoriesSegments []int64     `json:"categories_segments"`
	CategoriesSizes    []int64     `json:"categories_sizes"`
}

// xgbBoolList accepts default_left as numbers (1.7, 2.x) or booleans.
type xgbBoolList []bool

func (b *xgbBoolList) UnmarshalJSON(data []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	out := make([]bool, len(raw))
	for i, r := range raw {
		s := strings.TrimSpace(string(r))
		switch s {
		case "true", "1":
			out[i] = true
		case "false", "0":
		default:
			return fmt.Errorf("default_left[%d] = %s is not 0/1", i, s)
		}
	}
	*b = out
	return nil
}

// convert turns XGBoost's node arrays into the flat pre-order layout,
// checking every index so a malformed file is an error, never a panic.
func (x *xgbTree) convert(nf int, leafF32 bool) (tree, error) {
	leafValue := func(v float64) float64 {
		if leafF32 {
			return float64(float32(v))
		}
		return v
	}
	n := len(x.Left)
	if n == 0 {
		return tree{}, fmt.Errorf("no nodes")
	}
	for _, l := range []struct {
		name string
		len  int
	}{{"right_children", len(x.Right)}, {"split_indices", len(x.SplitIndices)},
		{"split_conditions", len(x.SplitConditions)}, {"default_left", len(x.DefaultLeft)}} {
		if l.len != n {
			return tree{}, fmt.Errorf("%s has %d entries, left_children %d", l.name, l.len, n)
		}
	}
	if len(x.SplitType) != 0 && len(x.SplitType) != n {
		return tree{}, fmt.Errorf("split_type has %d entries, left_children %d", len(x.SplitType), n)
	}
	cover := func(i int) float64 {
		if i < len(x.SumHessian) {
			return x.SumHessian[i]
		}
		return 0
	}
	gain := func(i int) float64 {
		if i < len(x.LossChanges) {
			return x.LossChanges[i]
		}
		return 0
	}
	// Category sets per node id.
	catsOf := map[int][]int64{}
	if len(x.CategoriesNodes) > 0 {
		if len(x.CategoriesSegments) != len(x.CategoriesNodes) || len(x.CategoriesSizes) != len(x.CategoriesNodes) {
			return tree{}, fmt.Errorf("categories_nodes, _segments and _sizes differ in length")
		}
		for k, nid := range x.CategoriesNodes {
			seg, size := x.CategoriesSegments[k], x.CategoriesSizes[k]
			if nid < 0 || int(nid) >= n || seg < 0 || size < 0 || seg+size > int64(len(x.Categories)) {
				return tree{}, fmt.Errorf("categories entry %d out of range", k)
			}
			catsOf[int(nid)] = x.Categories[seg : seg+size]
		}
	}
	var t tree
	visited := make([]bool, n)
	// add appends the subtree at XGBoost node nid in pre-order and returns
	// its index.
	var add func(nid, depth int) (uint32, error)
	add = func(nid, depth int) (uint32, error) {
		if nid < 0 || nid >= n {
			return 0, fmt.Errorf("child index %d out of range", nid)
		}
		if visited[nid] || depth > 1000 {
			return 0, fmt.Errorf("node %d is reached twice (not a tree)", nid)
		}
		visited[nid] = true
		t.maxDepth = max(t.maxDepth, depth)
		if x.Left[nid] == -1 {
			v := x.SplitConditions[nid]
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return 0, fmt.Errorf("leaf %d value %v", nid, v)
			}
			return t.addLeaf(leafValue(v), cover(nid), int32(nid)), nil
		}
		f := x.SplitIndices[nid]
		if f < 0 || f >= int64(nf) {
			return 0, fmt.Errorf("node %d splits on feature %d (model has %d)", nid, f, nf)
		}
		nd := node{Threshold: float32(x.SplitConditions[nid]), Feature: uint32(f)}
		if x.DefaultLeft[nid] {
			nd.Flags |= flagDefaultLeft
		}
		idx := len(t.nodes)
		t.nodes = append(t.nodes, nd)
		t.leafIndex = append(t.leafIndex, -1)
		t.cover = append(t.cover, cover(nid))
		t.gain = append(t.gain, gain(nid))
		t.nodeID = append(t.nodeID, int32(nid))
		t.catStart = append(t.catStart, 0)
		t.catEnd = append(t.catEnd, 0)
		if len(x.SplitType) > 0 && x.SplitType[nid] == 1 {
			cs, ok := catsOf[nid]
			if !ok {
				return 0, fmt.Errorf("categorical node %d has no categories", nid)
			}
			t.nodes[idx].Flags |= flagCategorical
			t.hasCat = true
			start := len(t.cats)
			var maxc int64 = -1
			for _, c := range cs {
				if c < 0 || c >= 1<<24 {
					return 0, fmt.Errorf("node %d category %d out of range", nid, c)
				}
				maxc = max(maxc, c)
			}
			words := int(maxc/64 + 1)
			t.cats = append(t.cats, make([]uint64, words)...)
			for _, c := range cs {
				t.cats[start+int(c/64)] |= 1 << (uint(c) % 64)
			}
			t.catStart[idx], t.catEnd[idx] = uint32(start), uint32(len(t.cats))
		}
		l, err := add(int(x.Left[nid]), depth+1)
		if err != nil {
			return 0, err
		}
		r, err := add(int(x.Right[nid]), depth+1)
		if err != nil {
			return 0, err
		}
		t.nodes[idx].Left, t.nodes[idx].Right = l, r
		return uint32(idx), nil
	}
	if _, err := add(0, 0); err != nil {
		return tree{}, err
	}
	return t, nil
}
