// Package churn trains, explains and serves gradient-boosted regression
// trees for churn prediction (binary classification) and regression, in pure
// Go, with XGBoost's parameters and accuracy.
//
// # Training
//
// [Config.Fit] grows trees on histograms of quantile-binned features, the
// way XGBoost's tree_method=hist and LightGBM do: every feature is cut into
// at most max_bin bins (plus one for missing values), gradient statistics
// are summed per bin, and the best split of a node is found by scanning the
// bins. Each split also learns where missing values go. At every round t,
// with g_i, h_i the first and second derivatives of the loss at the current
// margin, a leaf j with rows I_j gets
//
//	w_j = -η · T_α(Σ_{i∈I_j} g_i) / (Σ_{i∈I_j} h_i + λ)
//	T_α(G) = sign(G) · max(|G| - α, 0)
//
// and a split of a node into L and R is scored, as XGBoost's loss_chg, by
//
//	gain = T_α(G_L)²/(H_L+λ) + T_α(G_R)²/(H_R+λ) - T_α(G)²/(H+λ)
//
// (twice the loss reduction of Chen & Guestrin 2016, eq. 7); the best split
// is taken when gain > max(γ, 1e-6) and both children have hessian sums of
// at least min_child_weight. Only the smaller child's histogram is built;
// the other is the parent's minus it. Histograms are summed in fixed chunks
// of rows and added in chunk order, so the model is the same whatever the
// number of workers.
//
// Cut points follow XGBoost 1.7's hist: a feature with at most max_bin
// distinct values gets one bin per value; otherwise the exact quantile
// summary of its values (of an evenly spaced sample of 2^18 rows when there
// are more) is pruned to max_bin+1 entries as XGBoost's WQSummary::SetPrune
// does. Values are compared in float32, as in XGBoost. A feature with
// missing values keeps one of its max_bin bins for them (bins are uint8, so
// max_bin is at most 256). Differences from XGBoost 1.7 worth knowing: the
// cuts ignore sample weights; gamma is applied when a split is chosen
// rather than by pruning afterwards; early stopping keeps only the trees up
// to the best round; categorical features are always split by partition
// (categories ordered by their leaf weight), never one-hot.
//
// # Scoring
//
// Trees are stored flat, one contiguous array of nodes per tree in
// pre-order with leaf values apart (see node). At a split a row goes left
// iff float32(x) < threshold (XGBoost's rule), and a missing value (NaN)
// follows the node's default direction. For scoring, models of depth ≤ 8 on
// ≤ 256 features also keep a compact copy (see flatForest): perfect binary
// trees of 8-byte nodes, walked eight trees at a time without branches,
// about 3 µs a row for 200 depth-6 trees (BenchmarkPredictRow,
// BenchmarkPredictRowComplete). [Model.PredictRow] allocates
// nothing; [Model.PredictDense] scores a row-major matrix across cores.
//
// # Explanations
//
// [Model.Importance] gives gain and split-count importance;
// [Model.ContribRow] gives exact TreeSHAP contributions that add up to the
// margin.
//
// # Persistence
//
// [Model.Save] and [Load] use a versioned JSON envelope; [ImportXGBoost]
// reads XGBoost's own JSON models (1.7 and later) and scores them exactly.
//
// # Concurrency
//
// A Model is immutable once built and safe for concurrent use. Fit uses
// Config.Workers goroutines; its result does not depend on their number.
//
// References:
//
//	T. Chen, C. Guestrin. XGBoost: A Scalable Tree Boosting System. KDD 2016. doi:10.1145/2939672.2939785
//	G. Ke et al. LightGBM: A Highly Efficient Gradient Boosting Decision Tree. NeurIPS 2017.
//	S. M. Lundberg, G. G. Erion, S.-I. Lee. Consistent Individualized Feature Attribution for Tree Ensembles. arXiv:1802.03888, 2018.
//	J. H. Friedman. Greedy Function Approximation: A Gradient Boosting Machine. Ann. Statist. 29(5), 2001.
package churn
