// Package journey models how users move between channels before they
// convert: paths from raw event logs, absorbing Markov chains of any order,
// the exact conversion probability, removal-effect attribution, heuristic
// attribution, next-step prediction and transition-graph export.
//
// A minimal session:
//
//	log, err := journey.ReadCSV(ctx, f, journey.Columns{Value: "value"})
//	paths, err := journey.BuildPaths(ctx, log, journey.PathOptions{Conversion: "purchase"})
//	chain, err := journey.Config{Order: 1}.Fit(ctx, paths)
//	re := chain.RemovalEffects()
//	credit := chain.Attribution(float64(paths.Summary().NConversions))
//
// # Rows and paths
//
// [ReadCSV] is a streaming RFC 4180 reader (Python csv semantics for
// oddities: a quote inside an unquoted field is literal, an empty line is a
// record with no fields) that keeps physical line numbers: the header is
// line 1 and a record spanning lines is reported at the line it ends on, as
// Python's csv.reader line_num does.
// A row is rejected, with its line and the first failing reason, checked in
// this order:
//
//	wrong field count     its field count differs from the header's
//	blank user_id         the user field is empty
//	blank event           the event field is empty
//	blank timestamp       the timestamp field is empty
//	invalid timestamp     not ^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$
//	                      with a real date, hour ≤ 23, minute and second ≤ 59, offset hours ≤ 23
//	invalid value         not empty and not ^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$ and finite
//
// Strings are used verbatim: no trimming, case folding or normalisation. Rows equal in (user,
// instant, event, parsed value) to an earlier valid row are dropped. Each
// user's rows are ordered by instant, ties by file order; the path is the
// channel events before the first conversion event and ends in
// (conversion) if there is one, else in (null). Events after the first
// conversion are dropped.
//
// # Chains
//
// States are (start), the channels in code-point order, (conversion) and
// (null), the last two absorbing. An order-k chain's transient states are
// contexts of the last k path elements (see [Chain]); the removal of a
// channel sends every state whose current element is that channel to
// (null), without renormalising any other row (Anderl et al. 2016, the
// convention of R's ChannelAttribution, computed here exactly instead of by
// simulation).
//
// Heuristic attributions (first, last, linear, time decay, position based),
// the most frequent paths and the empirical step counts come from [Paths];
// removal effects, attribution, expected steps, next-step prediction,
// log-likelihood and information criteria from [Chain]; [NewReport] computes
// all of them under the names of the reference cases' expected.json, and
// [Incremental] keeps a chain current as events arrive.
//
// # Invariants
//
// Everything is deterministic: the same log gives the same paths, counts
// and numbers bit for bit, whatever the number of reading workers or the
// order in which an Incremental received the events (states are numbered
// canonically, by context). Small chains are
// solved by dense LU with partial pivoting (the removal effects from one
// inverse by the block formula), larger (higher-order) ones strongly
// connected component by component, sinks first, by Gauss-Seidel sweeps,
// accelerated by GMRES in large components, to rounding level; the removed
// chains of the channels are shared over GOMAXPROCS goroutines, each
// channel's numbers computed by one of them alone.
//
// # Concurrency
//
// Paths and Chain values are immutable and safe for concurrent use. A Log
// or an Incremental is safe for concurrent reads only while nobody adds to
// it.
//
// References:
//
//	Anderl, E., Becker, I., von Wangenheim, F., Schumann, J. H. (2016).
//	Mapping the customer journey: Lessons learned from graph-based online
//	attribution modeling. International Journal of Research in Marketing
//	33(3), 457–474. doi:10.1016/j.ijresmar.2016.03.001
//	Kemeny, J. G., Snell, J. L. (1960). Finite Markov Chains. Van Nostrand.
//	Altomare, D., Loris, D. (2023). ChannelAttribution: Markov model for
//	online multi-channel attribution. R package, CRAN.
//	Spedicato, G. A. (2017). Discrete time Markov chains with R. The R
//	Journal 9(2), 84–104 (package markovchain).
package journey
