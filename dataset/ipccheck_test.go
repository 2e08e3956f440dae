package dataset

import (
	"bytes"
	"context"
	"math/rand/v2"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"
)

// ipcSamples returns an Arrow IPC file and stream of the mixed frame, the
// stream holding the batch twice.
func ipcSamples(t *testing.T) (file, stream []byte) {
	f := mixedFrame(t, nil)
	defer f.Release()
	var fb, sb bytes.Buffer
	require.NoError(t, WriteIPC(&fb, f), "WriteIPC")
	w := ipc.NewWriter(&sb, ipc.WithSchema(f.RecordBatch().Schema()))
	require.NoError(t, w.Write(f.RecordBatch()), "ipc.Writer.Write")
	require.NoError(t, w.Write(f.RecordBatch()), "ipc.Writer.Write")
	require.NoError(t, w.Close(), "ipc.Writer.Close")
	return fb.Bytes(), sb.Bytes()
}

func TestReadIPCStream(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	file, stream := ipcSamples(t)
	_, err := checkIPC(file)
	require.NoError(t, err, "checkIPC(valid file)")
	_, err = checkIPC(stream)
	require.NoError(t, err, "checkIPC(valid stream)")
	g, err := ReadIPC(context.Background(), bytes.NewReader(stream), "s.arrows", &ReadOptions{Allocator: mem})
	require.NoError(t, err, "ReadIPC(stream)")
	defer g.Release()
	require.Equal(t, 8, g.NumRows(), "ReadIPC(stream of two batches).NumRows")
}

// TestReadBinaryCorrupt mutates valid IPC files, streams and Parquet files
// at random: each read must return a frame or an error. Before checkIPC, Arrow's decoder
// died with "fatal error: runtime: out of memory" on some of these.
// stress multiplies the rounds (50 ran 60,000 reads clean once checkIPC
// matched flatbuffers' vtable test exactly).
var stress = 1

func TestReadBinaryCorrupt(t *testing.T) {
	file, stream := ipcSamples(t)
	r := rand.New(rand.NewPCG(1, 2))
	rounds := 400 * stress
	if testing.Short() {
		rounds = 100
	}
	f := mixedFrame(t, nil)
	var pq bytes.Buffer
	require.NoError(t, WriteParquet(&pq, f), "WriteParquet")
	f.Release()
	leaks := 0
	for b, base := range [][]byte{file, stream, pq.Bytes()} {
		for k := 0; k < rounds; k++ {
			d := append([]byte(nil), base...)
			for m := 0; m < 1+r.IntN(4); m++ {
				d[r.IntN(len(d))] = byte(r.Uint32())
			}
			var g *Frame
			var err error
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			opts := &ReadOptions{Allocator: mem}
			if b == 2 {
				g, err = ReadParquet(context.Background(), bytes.NewReader(d), "x.parquet", opts)
			} else {
				g, err = ReadIPC(context.Background(), bytes.NewReader(d), "x.arrow", opts)
			}
			if err == nil {
				_ = frameText(t, g)
				g.Release()
			}
			// Arrow's IPC reader leaks the arrays it had built when it
			// fails its own validation of a batch (a few reads in a
			// thousand); the Go allocator reclaims them, so those are
			// counted, not failed.
			if mem.CurrentAlloc() != 0 {
				leaks++
			}
		}
	}
	t.Logf("reads that leaked Arrow memory: %d", leaks)
}
