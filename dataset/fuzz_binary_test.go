package dataset

import (
	"bytes"
	"context"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// FuzzReadBinary feeds mutated Parquet and Arrow IPC files to ReadParquet
// and ReadIPC: they must return a frame or an error, never panic or hang.
func FuzzReadBinary(f *testing.F) {
	fr := func() *Frame {
		var b Builder
		fr, err := b.Float64WithValidity("x", []float64{1.5, 2, 0}, []bool{true, true, false}).
			Int64("n", []int64{1, 2, 3}).String("s", []string{"a", "b,c", ""}).Bool("ok", []bool{true, false, true}).Frame()
		if err != nil {
			f.Fatal(err)
		}
		return fr
	}()
	var pq, ipcFile bytes.Buffer
	if err := WriteParquet(&pq, fr); err != nil {
		f.Fatal(err)
	}
	if err := WriteIPC(&ipcFile, fr); err != nil {
		f.Fatal(err)
	}
	fr.Release()
	f.Add(pq.Bytes(), true)
	f.Add(ipcFile.Bytes(), false)
	f.Add([]byte("PAR1"), true)
	f.Add([]byte("ARROW1"), false)
	f.Fuzz(func(t *testing.T, data []byte, parquet bool) {
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		var g *Frame
		var err error
		if parquet {
			g, err = ReadParquet(context.Background(), bytes.NewReader(data), "f.parquet", &ReadOptions{Allocator: mem})
		} else {
			g, err = ReadIPC(context.Background(), bytes.NewReader(data), "f.arrow", &ReadOptions{Allocator: mem})
		}
		if err == nil {
			_ = frameText(t, g)
			g.Release()
		}
	})
}
