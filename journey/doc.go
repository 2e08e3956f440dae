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
// A row is rejected, with its line and the first failing reason, if its
// field count differs from the header's, its user or event is empty, its
// timestamp is empty or not RFC 3339 (YYYY-MM-DDTHH:MM:SS[.f{1,9}] then Z
// or ±HH:MM, a real date, no leap second), or its value is neither empty nor
// a finite decimal number. Strings are used verbatim. Rows equal in (user,
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
// # Invariants
//
// Everything is deterministic: the same log gives the same paths, counts
// and numbers whatever the row order ties or the machine. Small chains are
// solved by dense LU with partial pivoting, larger (higher-order) ones by
// Gauss-Seidel sweeps to rounding level.
//
// # Concurrency
//
// Paths and Chain values are immutable and safe for concurrent use. A Log
// or an Incremental is safe for concurrent reads only while nobody adds to
// it.
package journey
