package churn

import (
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"
)

// Config holds the training parameters. Names and defaults follow XGBoost's
// (the JSON names are XGBoost's parameter names), so a configuration carries
// across; the zero value means XGBoost's defaults for tree_method=hist.
type Config struct {
	// Objective is "binary:logistic" (default) or "reg:squarederror".
	Objective string `json:"objective"`
	// Rounds is the number of boosting rounds (num_round). Zero means 10,
	// xgb.train's default.
	Rounds int `json:"num_round"`
	// Eta is the learning rate η (shrinkage of every leaf value). Zero means 0.3.
	Eta float64 `json:"eta"`
	// MaxDepth limits the depth of a tree. Zero means 6; with
	// GrowPolicy "lossguide" a negative value means no limit.
	MaxDepth int `json:"max_depth"`
	// GrowPolicy is "depthwise" (default: a whole level at a time) or
	// "lossguide" (the leaf with the largest loss reduction first, up to
	// MaxLeaves leaves, as LightGBM grows trees).
	GrowPolicy string `json:"grow_policy"`
	// MaxLeaves limits the leaves per tree (LightGBM's num_leaves). Zero
	// means no limit for depthwise and 31 for lossguide.
	MaxLeaves int `json:"max_leaves"`
	// Lambda is the L2 penalty λ on leaf values. Zero means 1; use
	// NoLambda for no penalty.
	Lambda float64 `json:"lambda"`
	// NoLambda sets λ = 0.
	NoLambda bool `json:"no_lambda,omitempty"`
	// Alpha is the L1 penalty α on leaf values (default 0).
	Alpha float64 `json:"alpha"`
	// MinChildWeight is the least hessian sum in a child. Zero means 1; use a
	// tiny positive value for no limit.
	MinChildWeight float64 `json:"min_child_weight"`
	// Gamma is the least loss reduction a split must make (default 0).
	Gamma float64 `json:"gamma"`
	// MaxBin is the most bins per feature, missing values' bin included
	// when a feature has missing values. Zero means 256 (the maximum).
	MaxBin int `json:"max_bin"`
	// Subsample is the fraction of rows drawn (without replacement) for each
	// tree. Zero means 1.
	Subsample float64 `json:"subsample"`
	// ColsampleBytree is the fraction of features drawn for each tree.
	// Zero means 1.
	ColsampleBytree float64 `json:"colsample_bytree"`
	// ScalePosWeight multiplies the weight of positive rows (binary only).
	// Zero means 1.
	ScalePosWeight float64 `json:"scale_pos_weight"`
	// BaseScore is the initial prediction on the label scale. Zero means
	// 0.5, XGBoost 1.7's default (not estimated from the data).
	BaseScore float64 `json:"base_score"`
	// EarlyStoppingRounds stops training when the validation loss has not
	// improved for this many rounds (0: never). Needs a validation set.
	// The model keeps the trees up to the best round.
	EarlyStoppingRounds int `json:"early_stopping_rounds"`
	// Seed makes row and column sampling reproducible.
	Seed uint64 `json:"seed"`
	// Workers is the number of goroutines (XGBoost's nthread). Zero means
	// GOMAXPROCS. The model does not depend on it.
	Workers int `json:"-"`
	// Categorical names the features split natively as categories: their
	// values must be integer codes 0..MaxBin-1 (NaN = missing).
	Categorical []string `json:"categorical,omitempty"`
	// Monotone maps feature names to +1 (prediction non-decreasing in the
	// feature) or -1 (non-increasing), XGBoost's monotone_constraints.
	Monotone map[string]int `json:"monotone_constraints,omitempty"`
	// Progress, when set, is called after every round; a non-nil error
	// stops Fit and is returned.
	Progress func(Progress) error `json:"-"`
}

// Progress is what Config.Progress receives after each round.
type Progress struct {
	Round     int     // 0-based round just finished
	Rounds    int     // rounds requested
	TrainLoss float64 // NaN: not computed
	ValidLoss float64 // validation loss (logloss or rmse), NaN without a validation set
	BestRound int     // best validation round so far
}

// resolved returns c with every zero field replaced by its default.
func (c Config) resolved() Config {
	if c.Objective == "" {
		c.Objective = "binary:logistic"
	}
	if c.Rounds == 0 {
		c.Rounds = 10
	}
	if c.Eta == 0 {
		c.Eta = 0.3
	}
	if c.GrowPolicy == "" {
		c.GrowPolicy = "depthwise"
	}
	if c.MaxDepth == 0 {
		c.MaxDepth = 6
	}
	if c.GrowPolicy == "lossguide" && c.MaxLeaves == 0 {
		c.MaxLeaves = 31
	}
	if c.Lambda == 0 && !c.NoLambda {
		c.Lambda = 1
	}
	if c.NoLambda {
		c.Lambda = 0
	}
	if c.MinChildWeight == 0 {
		c.MinChildWeight = 1
	}
	if c.MaxBin == 0 {
		c.MaxBin = 256
	}
	if c.Subsample == 0 {
		c.Subsample = 1
	}
	if c.ColsampleBytree == 0 {
		c.ColsampleBytree = 1
	}
	if c.ScalePosWeight == 0 {
		c.ScalePosWeight = 1
	}
	if c.BaseScore == 0 {
		c.BaseScore = 0.5
	}
	if c.Workers == 0 {
		c.Workers = runtime.GOMAXPROCS(0)
	}
	return c
}

// Validate reports the first parameter that is out of range.
func (c Config) Validate() error {
	r := c.resolved()
	bad := func(name string, v any, want string) error {
		return fmt.Errorf("%w: %s = %v (%s)", ErrParam, name, v, want)
	}
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	switch {
	case objectives[r.Objective] == nil:
		return bad("objective", r.Objective, "want binary:logistic, reg:squarederror or survival:cox")
	case r.Rounds < 0 || r.Rounds > 1_000_000:
		return bad("num_round", r.Rounds, "want 1 to 1e6")
	case !(r.Eta > 0) || !finite(r.Eta):
		return bad("eta", r.Eta, "want > 0")
	case r.GrowPolicy != "depthwise" && r.GrowPolicy != "lossguide":
		return bad("grow_policy", r.GrowPolicy, "want depthwise or lossguide")
	case r.GrowPolicy == "depthwise" && (r.MaxDepth < 1 || r.MaxDepth > 30):
		return bad("max_depth", r.MaxDepth, "want 1 to 30")
	case r.MaxDepth > 30:
		return bad("max_depth", r.MaxDepth, "want at most 30")
	case r.MaxLeaves < 0 || (r.GrowPolicy == "lossguide" && r.MaxLeaves < 2):
		return bad("max_leaves", r.MaxLeaves, "want ≥ 2")
	case !(r.Lambda >= 0) || !finite(r.Lambda):
		return bad("lambda", r.Lambda, "want ≥ 0")
	case !(r.Alpha >= 0) || !finite(r.Alpha):
		return bad("alpha", r.Alpha, "want ≥ 0")
	case !(r.MinChildWeight >= 0) || !finite(r.MinChildWeight):
		return bad("min_child_weight", r.MinChildWeight, "want ≥ 0")
	case !(r.Gamma >= 0) || !finite(r.Gamma):
		return bad("gamma", r.Gamma, "want ≥ 0")
	case r.MaxBin < 2 || r.MaxBin > 256:
		return bad("max_bin", r.MaxBin, "want 2 to 256")
	case !(r.Subsample > 0 && r.Subsample <= 1):
		return bad("subsample", r.Subsample, "want in (0, 1]")
	case !(r.ColsampleBytree > 0 && r.ColsampleBytree <= 1):
		return bad("colsample_bytree", r.ColsampleBytree, "want in (0, 1]")
	case !(r.ScalePosWeight > 0) || !finite(r.ScalePosWeight):
		return bad("scale_pos_weight", r.ScalePosWeight, "want > 0")
	case r.Objective == "binary:logistic" && !(r.BaseScore > 0 && r.BaseScore < 1):
		return bad("base_score", r.BaseScore, "want in (0, 1) for binary:logistic")
	case !finite(r.BaseScore):
		return bad("base_score", r.BaseScore, "want finite")
	case r.EarlyStoppingRounds < 0:
		return bad("early_stopping_rounds", r.EarlyStoppingRounds, "want ≥ 0")
	case r.Workers < 0:
		return bad("nthread", r.Workers, "want ≥ 0")
	}
	for name, d := range r.Monotone {
		if d < -1 || d > 1 {
			return bad("monotone_constraints["+name+"]", d, "want -1, 0 or 1")
		}
	}
	return nil
}

// Set sets one parameter by its XGBoost name from text, as the command line's
// --param key=value does. Unknown names return an error wrapping ErrParam.
func (c *Config) Set(key, value string) error {
	value = strings.TrimSpace(value)
	f := func() (float64, error) {
		v, err := strconv.ParseFloat(value, 64)
		if err != nil {
			return 0, fmt.Errorf("%w: %s = %q is not a number", ErrParam, key, value)
		}
		return v, nil
	}
	i := func() (int, error) {
		v, err := strconv.Atoi(value)
		if err != nil {
			return 0, fmt.Errorf("%w: %s = %q is not an integer", ErrParam, key, value)
		}
		return v, nil
	}
	var err error
	switch key {
	case "objective":
		c.Objective = value
	case "num_round", "n_estimators", "num_boost_round":
		c.Rounds, err = i()
	case "eta", "learning_rate":
		c.Eta, err = f()
	case "max_depth":
		c.MaxDepth, err = i()
	case "grow_policy":
		c.GrowPolicy = value
	case "max_leaves", "num_leaves":
		c.MaxLeaves, err = i()
		if c.GrowPolicy == "" && key == "num_leaves" {
			c.GrowPolicy = "lossguide"
		}
	case "lambda", "reg_lambda":
		var v float64
		v, err = f()
		c.Lambda, c.NoLambda = v, v == 0
	case "alpha", "reg_alpha":
		c.Alpha, err = f()
	case "min_child_weight":
		var v float64
		v, err = f()
		if v == 0 {
			v = math.SmallestNonzeroFloat64
		}
		c.MinChildWeight = v
	case "gamma", "min_split_loss":
		c.Gamma, err = f()
	case "max_bin":
		c.MaxBin, err = i()
	case "subsample":
		c.Subsample, err = f()
	case "colsample_bytree":
		c.ColsampleBytree, err = f()
	case "scale_pos_weight":
		c.ScalePosWeight, err = f()
	case "base_score":
		c.BaseScore, err = f()
	case "early_stopping_rounds":
		c.EarlyStoppingRounds, err = i()
	case "seed", "random_state":
		var v int
		v, err = i()
		c.Seed = uint64(v)
	case "nthread", "n_jobs":
		c.Workers, err = i()
	case "tree_method":
		if value != "hist" {
			err = fmt.Errorf("%w: tree_method = %q (only hist)", ErrParam, value)
		}
	case "categorical":
		c.Categorical = strings.Split(value, ",")
	case "monotone_constraints":
		// name:dir,name:dir
		c.Monotone = map[string]int{}
		for _, p := range strings.Split(strings.Trim(value, "(){}"), ",") {
			k, v, ok := strings.Cut(p, ":")
			if !ok {
				return fmt.Errorf("%w: monotone_constraints %q: want name:+1,name:-1", ErrParam, value)
			}
			d, e := strconv.Atoi(strings.TrimSpace(v))
			if e != nil {
				return fmt.Errorf("%w: monotone_constraints %q: %q is not -1, 0 or 1", ErrParam, value, v)
			}
			c.Monotone[strings.TrimSpace(k)] = d
		}
	default:
		return fmt.Errorf("%w: unknown parameter %q", ErrParam, key)
	}
	if err != nil {
		return err
	}
	return c.Validate()
}
