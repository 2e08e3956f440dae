// Package dataset holds sibyl's tables: files (CSV, .csv.gz, Parquet, Arrow
// IPC) read into an Arrow-backed [Frame], typed column views for model code,
// seeded splits, event logs and the embedded sample datasets.
//
// It is the only sibyl package that imports Arrow. Model packages ask a
// Frame for plain slices:
//
//	f, err := dataset.ReadFile(ctx, "customers.csv", nil)
//	if err != nil { ... }
//	defer f.Release()
//	tenure, err := f.Float64s("tenure")            // zero-copy: float64, no nulls
//	age, err := f.AppendFloat64s(nil, "age")       // converting copy, null -> NaN
//	plan, levels, err := f.Codes("plan")           // categorical codes, null -> -1
//
// # Reading and writing
//
// [ReadFile] picks the format from the extension (.csv, .csv.gz, .parquet,
// .arrow/.ipc/.feather); [ReadCSV], [ReadParquet] and [ReadIPC] read from a
// reader. CSV is RFC 4180 with a header row; the empty field and "NA" are
// missing; each column is inferred as int64, float64, bool or string unless
// [ReadOptions].Types fixes it. The text is parsed in parallel chunks and the
// result does not depend on the number of CPUs. [WriteCSV], [WriteParquet],
// [WriteIPC] and [WriteFile] write a Frame back. [Builder] makes a Frame from
// Go slices, [Frame.WithFloat64Column] appends a column of scores, and
// [Sample] returns the embedded sample datasets (see samples/README.md).
//
// # Splits
//
// [Split] (train/test, optionally stratified), [KFold] (optionally
// stratified and shuffled) and [TimeSplit] return row numbers; [Frame.Take]
// materialises them. Every random choice comes from the Seed field through
// PCG, so the same Seed and frame give the same split on every machine.
//
// # Event logs
//
// [NewEventLog] turns (entity, time, event, value) rows into an [EventLog]:
// contiguous slices sorted by entity then time, with per-entity offsets, and
// the rows it had to leave out listed with their row number and reason.
//
// # Invariants
//
// A Frame holds one record batch, so every column is one contiguous Arrow
// array. Slices returned by Float64s alias Arrow memory, must not be
// modified, and are valid until Release. Anything that copies says so in its
// name (Append…, Take) or its documentation. Inputs are never modified.
//
// Errors about the data are *ColumnError or *FileError values that name the
// file, column, row, line and value, and wrap one of the exported sentinels
// (ErrNoColumn, ErrType, ErrNulls, ErrParse, ErrRagged, ErrEmpty, ErrFormat,
// ErrDuplicate, ErrRow, ErrSplit, ErrNoSample). Malformed input never panics:
// the CSV reader is fuzzed (testdata/fuzz); Arrow IPC metadata is checked
// before Arrow decodes it (Arrow trusts its lengths and could exhaust
// memory), decoded Parquet and IPC data are validated, and any panic left
// inside Arrow's readers is turned into an ErrFormat error.
//
// # Concurrency
//
// A Frame is immutable: its methods may be called from several goroutines.
// Release must be called once, after every other use. Readers take a context
// and stop early when it is cancelled; their goroutines end before they
// return.
package dataset
