package dataset

import (
	"bufio"
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// writeBenchCSV writes rows × (16 float + 4 int) columns from a fixed seed:
// floats with six decimals (as most exported data has), small ints.
func writeBenchCSV(b *testing.B, path string, rows int) int64 {
	b.Helper()
	fh, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(fh, 1<<20)
	r := rand.New(rand.NewPCG(1, 1))
	for j := 0; j < 20; j++ {
		if j > 0 {
			w.WriteByte(',')
		}
		if j < 16 {
			w.WriteString("x" + strconv.Itoa(j))
		} else {
			w.WriteString("n" + strconv.Itoa(j))
		}
	}
	w.WriteByte('\n')
	var buf []byte
	for i := 0; i < rows; i++ {
		buf = buf[:0]
		for j := 0; j < 20; j++ {
			if j > 0 {
				buf = append(buf, ',')
			}
			if j < 16 {
				buf = strconv.AppendFloat(buf, r.NormFloat64()*100, 'f', 6, 64)
			} else {
				buf = strconv.AppendInt(buf, int64(r.IntN(100000)), 10)
			}
		}
		buf = append(buf, '\n')
		w.Write(buf)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	st, _ := fh.Stat()
	fh.Close()
	return st.Size()
}

func BenchmarkReadCSV(b *testing.B) {
	for _, tc := range []struct {
		name string
		rows int
	}{{"rows=1e4", 1e4}, {"rows=1e6", 1e6}} {
		b.Run(tc.name, func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "bench.csv")
			size := writeBenchCSV(b, path, tc.rows)
			b.SetBytes(size)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				f, err := ReadFile(context.Background(), path, nil)
				if err != nil {
					b.Fatal(err)
				}
				f.Release()
			}
			b.ReportMetric(float64(tc.rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
