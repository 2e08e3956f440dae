package dataset

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

func init() { readByFormat = readBinaryFile }

// readBinaryFile reads a Parquet file (.parquet) or an Arrow IPC file or
// stream (.arrow, .ipc, .feather) into one record batch.
func readBinaryFile(ctx context.Context, path, ext string, opts *ReadOptions) (f *Frame, err error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, &FileError{Source: path, Err: err}
	}
	defer fh.Close()
	if ext == ".parquet" {
		return ReadParquet(ctx, fh, path, opts)
	}
	return ReadIPC(ctx, fh, path, opts)
}

// guard turns a panic inside Arrow's readers (which some malformed files
// cause) into an error wrapping ErrFormat.
func guard(src string, err *error) {
	if r := recover(); r != nil {
		*err = &FileError{Source: src, Err: wrapf(ErrFormat, "malformed file: %v", r)}
	}
}

// ReadParquet reads a whole Parquet file from r into one record batch (the
// row groups are concatenated). name is used in errors.
func ReadParquet(ctx context.Context, r parquet.ReaderAtSeeker, name string, opts *ReadOptions) (f *Frame, err error) {
	defer guard(name, &err)
	mem := opts.alloc()
	tbl, err := pqarrow.ReadTable(ctx, r, parquet.NewReaderProperties(mem), pqarrow.ArrowReadProperties{}, mem)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &FileError{Source: name, Err: wrapf(ErrFormat, "not a readable Parquet file: %v", err)}
	}
	defer tbl.Release()
	cols := make([]arrow.Array, tbl.NumCols())
	defer releaseAll(cols)
	for j := range cols {
		chunks := tbl.Column(j).Data().Chunks()
		if cols[j], err = concat(chunks, tbl.Column(j).DataType(), mem); err != nil {
			return nil, &FileError{Source: name, Err: wrapf(ErrFormat, "column %q: %v", tbl.Column(j).Name(), err)}
		}
	}
	rec := array.NewRecordBatch(tbl.Schema(), cols, tbl.NumRows())
	defer rec.Release()
	if err := array.ValidateRecordFull(rec); err != nil {
		return nil, &FileError{Source: name, Err: wrapf(ErrFormat, "Parquet data: %v", err)}
	}
	return newFrame(rec, name, mem), nil
}

// ReadIPC reads an Arrow IPC file (or, failing that, an IPC stream) from r
// into one record batch (the batches are concatenated). name is used in
// errors. The whole input is read into memory and its metadata checked
// before Arrow decodes it, because Arrow's decoder trusts the lengths in it
// and a corrupted file could otherwise exhaust memory.
func ReadIPC(ctx context.Context, r io.Reader, name string, opts *ReadOptions) (f *Frame, err error) {
	defer guard(name, &err)
	mem := opts.alloc()
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &FileError{Source: name, Err: err}
	}
	isFile, err := checkIPC(data)
	if err != nil {
		return nil, &FileError{Source: name, Err: wrapf(ErrFormat, "not an Arrow IPC file or stream, or its metadata is corrupt")}
	}
	rs := bytes.NewReader(data)
	var batches []arrow.RecordBatch
	defer func() {
		for _, b := range batches {
			b.Release()
		}
	}()
	var schema *arrow.Schema
	if isFile {
		fr, err := ipc.NewFileReader(rs, ipc.WithAllocator(mem))
		if err != nil {
			return nil, &FileError{Source: name, Err: wrapf(ErrFormat, "Arrow IPC file: %v", err)}
		}
		{
			defer fr.Close()
			schema = fr.Schema()
			for i := 0; i < fr.NumRecords(); i++ {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
				b, err := fr.RecordBatch(i)
				if err == nil {
					err = array.ValidateRecordFull(b)
				}
				if err != nil {
					return nil, &FileError{Source: name, Err: wrapf(ErrFormat, "Arrow IPC batch %d: %v", i, err)}
				}
				b.Retain()
				batches = append(batches, b)
			}
		}
	}
	if !isFile {
		sr, err := ipc.NewReader(rs, ipc.WithAllocator(mem))
		if err != nil {
			return nil, &FileError{Source: name, Err: wrapf(ErrFormat, "not an Arrow IPC file or stream: %v", err)}
		}
		defer sr.Release()
		schema = sr.Schema()
		for sr.Next() {
			b := sr.RecordBatch()
			if err := array.ValidateRecordFull(b); err != nil {
				return nil, &FileError{Source: name, Err: wrapf(ErrFormat, "Arrow IPC stream batch %d: %v", len(batches), err)}
			}
			b.Retain()
			batches = append(batches, b)
		}
		if err := sr.Err(); err != nil && !errors.Is(err, io.EOF) {
			return nil, &FileError{Source: name, Err: wrapf(ErrFormat, "Arrow IPC stream: %v", err)}
		}
	}
	var rows int64
	for _, b := range batches {
		rows += b.NumRows()
	}
	cols := make([]arrow.Array, schema.NumFields())
	defer releaseAll(cols)
	for j := range cols {
		chunks := make([]arrow.Array, len(batches))
		for k, b := range batches {
			chunks[k] = b.Column(j)
		}
		if cols[j], err = concat(chunks, schema.Field(j).Type, mem); err != nil {
			return nil, &FileError{Source: name, Err: wrapf(ErrFormat, "column %q: %v", schema.Field(j).Name, err)}
		}
	}
	rec := array.NewRecordBatch(schema, cols, rows)
	defer rec.Release()
	if err := array.ValidateRecordFull(rec); err != nil {
		return nil, &FileError{Source: name, Err: wrapf(ErrFormat, "Arrow IPC data: %v", err)}
	}
	return newFrame(rec, name, mem), nil
}

// concat joins chunks into one array (retaining it when there is one chunk).
func concat(chunks []arrow.Array, dt arrow.DataType, mem memory.Allocator) (arrow.Array, error) {
	switch len(chunks) {
	case 0:
		return array.MakeArrayOfNull(mem, dt, 0), nil
	case 1:
		chunks[0].Retain()
		return chunks[0], nil
	}
	a, err := array.Concatenate(chunks, mem)
	if err != nil {
		return nil, fmt.Errorf("concatenating %d chunks: %w", len(chunks), err)
	}
	return a, nil
}

func releaseAll(arrs []arrow.Array) {
	for _, a := range arrs {
		if a != nil {
			a.Release()
		}
	}
}
