// Package dataset holds sibyl's tables: files (CSV, .csv.gz, Parquet, Arrow
// IPC) read into an Arrow-backed [Frame], typed column views for model code,
// splits, event logs and the embedded sample datasets.
//
// It is the only sibyl package that imports Arrow. Model packages ask a
// Frame for plain slices:
//
//	f, err := dataset.ReadFile(ctx, "customers.csv", nil)
//	if err != nil { ... }
//	defer f.Release()
//	tenure, err := f.Float64s("tenure")            // zero-copy: float64, no nulls
//	age, err := f.AppendFloat64s(nil, "age")       // converting copy, null -> NaN
//
// # Invariants
//
// A Frame holds one record batch, so every column is one contiguous Arrow
// array. Slices returned by Float64s alias Arrow memory, must not be
// modified, and are valid until Release. Anything that copies says so in its
// name (Append…, Concat).
//
// Errors about the data are *ColumnError or *FileError values that name the
// file, column, row and value, and wrap one of the exported sentinels
// (ErrNoColumn, ErrType, ErrNulls, ErrParse, ErrRagged, ErrEmpty, ErrFormat).
package dataset
