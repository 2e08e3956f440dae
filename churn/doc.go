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
// and a split of a node into L and R reduces the regularised loss by
//
//	gain = ½ [ T_α(G_L)²/(H_L+λ) + T_α(G_R)²/(H_R+λ) - T_α(G)²/(H+λ) ] - γ
//
// (Chen & Guestrin 2016, eqs. 5-7). Only the smaller child's histogram is
// built; the other is the parent's minus it.
//
// # Scoring
//
// Trees are stored flat, one contiguous array of nodes per tree in
// pre-order with leaf values apart (see node). At a split a row goes left
// iff float32(x) < threshold (XGBoost's rule), and a missing value (NaN)
// follows the node's default direction. [Model.PredictRow] allocates
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
