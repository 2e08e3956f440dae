package dataset

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"
)

// mixedFrame builds a frame with every kind the builder makes, including a
// missing float and text that needs quoting.
func mixedFrame(t *testing.T, mem memory.Allocator) *Frame {
	t.Helper()
	b := Builder{Allocator: mem, Source: "mixed"}
	b.Float64WithValidity("x", []float64{1.5, math.NaN(), -0.1, 0}, []bool{true, true, true, false}).
		Int64("n", []int64{1, -2, 3, math.MaxInt64}).
		String("s", []string{"a", "b,c", "say \"hi\"", "line\nbreak"}).
		Bool("ok", []bool{true, false, true, true})
	f, err := b.Frame()
	require.NoError(t, err, "Builder.Frame")
	return f
}

func TestBuilder(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	f := mixedFrame(t, mem)
	defer f.Release()
	require.Equal(t, [][]string{
		{"x:float", "1.5", "NaN", "-0.1", "<NA>"},
		{"n:int", "1", "-2", "3", "9223372036854775807"},
		{"s:string", "a", "b,c", "say \"hi\"", "line\nbreak"},
		{"ok:bool", "true", "false", "true", "true"},
	}, frameText(t, f), "Builder.Frame")

	bad := []struct {
		name     string
		build    func(b *Builder)
		sentinel error
	}{
		{"ragged", func(b *Builder) { b.Float64("a", []float64{1, 2}).Int64("b", []int64{1}) }, ErrRagged},
		{"validity length", func(b *Builder) { b.Float64WithValidity("a", []float64{1, 2}, []bool{true}) }, ErrRagged},
		{"duplicate", func(b *Builder) { b.Float64("a", []float64{1}).String("a", []string{"x"}) }, ErrDuplicate},
		{"no columns", func(b *Builder) {}, ErrEmpty},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			b := Builder{Allocator: mem}
			tc.build(&b)
			f, err := b.Frame()
			require.Nilf(t, f, "Builder.Frame(%s)", tc.name)
			require.ErrorIsf(t, err, tc.sentinel, "Builder.Frame(%s)", tc.name)
		})
	}
}

func TestWithFloat64Column(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	f := mixedFrame(t, mem)
	defer f.Release()
	t.Run("append", func(t *testing.T) {
		g, err := f.WithFloat64Column("score", []float64{0.1, 0.2, 0.3, 0.4})
		require.NoError(t, err, "WithFloat64Column(score)")
		defer g.Release()
		require.Equal(t, []string{"x", "n", "s", "ok", "score"}, g.Names(), "WithFloat64Column(score).Names")
		got, err := g.Float64s("score")
		require.NoError(t, err, "Float64s(score)")
		require.Equal(t, []float64{0.1, 0.2, 0.3, 0.4}, got, "Float64s(score)")
		require.Equal(t, []string{"x", "n", "s", "ok"}, f.Names(), "WithFloat64Column leaves f alone")
	})
	t.Run("replace", func(t *testing.T) {
		g, err := f.WithFloat64Column("n", []float64{9, 8, 7, 6})
		require.NoError(t, err, "WithFloat64Column(n)")
		defer g.Release()
		require.Equal(t, []string{"x", "n", "s", "ok"}, g.Names(), "WithFloat64Column(n).Names")
		got, err := g.Float64s("n")
		require.NoError(t, err, "Float64s(n)")
		require.Equal(t, []float64{9, 8, 7, 6}, got, "Float64s(n)")
	})
	t.Run("length", func(t *testing.T) {
		g, err := f.WithFloat64Column("score", []float64{1})
		require.Nil(t, g, "WithFloat64Column(short)")
		require.ErrorIs(t, err, ErrRagged, "WithFloat64Column(short)")
	})
	t.Run("select", func(t *testing.T) {
		g, err := f.Select("s", "x")
		require.NoError(t, err, "Select(s, x)")
		defer g.Release()
		require.Equal(t, []string{"s", "x"}, g.Names(), "Select(s, x).Names")
		_, err = f.Select("nope")
		require.ErrorIs(t, err, ErrNoColumn, "Select(nope)")
		_, err = f.Select("x", "x")
		require.ErrorIs(t, err, ErrDuplicate, "Select(x, x)")
	})
}

func TestWriteReadRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for _, ext := range []string{".csv", ".csv.gz", ".parquet", ".arrow", ".ipc"} {
		t.Run(ext, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			f := mixedFrame(t, mem)
			defer f.Release()
			path := filepath.Join(dir, "mixed"+ext)
			require.NoErrorf(t, WriteFile(path, f), "WriteFile(%s)", ext)
			g, err := ReadFile(context.Background(), path, &ReadOptions{Allocator: mem})
			require.NoErrorf(t, err, "ReadFile(%s)", ext)
			defer g.Release()
			require.Equalf(t, frameText(t, f), frameText(t, g), "ReadFile(WriteFile(%s))", ext)
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				require.Falsef(t, strings.HasPrefix(e.Name(), "."), "WriteFile(%s) left temp file %s", ext, e.Name())
			}
		})
	}
	t.Run("csv text", func(t *testing.T) {
		f := mixedFrame(t, nil)
		defer f.Release()
		var buf bytes.Buffer
		require.NoError(t, WriteCSV(&buf, f), "WriteCSV")
		want := "x,n,s,ok\n1.5,1,a,true\nNaN,-2,\"b,c\",false\n-0.1,3,\"say \"\"hi\"\"\",true\n,9223372036854775807,\"line\nbreak\",true\n"
		require.Equal(t, want, buf.String(), "WriteCSV")
	})
	t.Run("bad extension", func(t *testing.T) {
		f := mixedFrame(t, nil)
		defer f.Release()
		err := WriteFile(filepath.Join(dir, "x.xlsx"), f)
		require.ErrorIs(t, err, ErrFormat, "WriteFile(x.xlsx)")
	})
	t.Run("missing directory", func(t *testing.T) {
		f := mixedFrame(t, nil)
		defer f.Release()
		err := WriteFile(filepath.Join(dir, "no", "x.csv"), f)
		var fe *FileError
		require.True(t, errors.As(err, &fe), "WriteFile(no/x.csv) = %v, want *FileError", err)
	})
}

func TestReadBinaryErrors(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.parquet")
	f := mixedFrame(t, nil)
	require.NoError(t, WriteFile(good, f), "WriteFile(good.parquet)")
	goodIPC := filepath.Join(dir, "good.arrow")
	require.NoError(t, WriteFile(goodIPC, f), "WriteFile(good.arrow)")
	f.Release()
	pq, _ := os.ReadFile(good)
	ipcData, _ := os.ReadFile(goodIPC)
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, data, 0o644), "WriteFile(%s)", name)
		return p
	}
	cases := []struct {
		name, path string
	}{
		{"csv named parquet", write("a.parquet", []byte("x,y\n1,2\n"))},
		{"truncated parquet", write("b.parquet", pq[:len(pq)/2])},
		{"corrupt parquet middle", write("c.parquet", corrupt(pq))},
		{"empty parquet", write("d.parquet", nil)},
		{"csv named arrow", write("a.arrow", []byte("x,y\n1,2\n"))},
		{"truncated arrow", write("b.arrow", ipcData[:len(ipcData)/2])},
		{"corrupt arrow", write("c.ipc", corrupt(ipcData))},
		{"missing parquet", filepath.Join(dir, "none.parquet")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			g, err := ReadFile(context.Background(), tc.path, &ReadOptions{Allocator: mem})
			if err == nil {
				// A corruption that still decodes must at least give a frame.
				require.NotNilf(t, g, "ReadFile(%s)", tc.name)
				g.Release()
				return
			}
			require.Nilf(t, g, "ReadFile(%s)", tc.name)
			require.Containsf(t, err.Error(), tc.path, "ReadFile(%s) error names the file", tc.name)
			var fe *FileError
			require.Truef(t, errors.As(err, &fe), "ReadFile(%s) = %T %v, want *FileError", tc.name, err, err)
		})
	}
}

// corrupt flips bytes in the middle third of data.
func corrupt(data []byte) []byte {
	out := append([]byte(nil), data...)
	for i := len(out) / 3; i < 2*len(out)/3; i += 7 {
		out[i] ^= 0x5a
	}
	return out
}
