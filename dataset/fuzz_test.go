package dataset

import (
	"context"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// FuzzReadCSV checks that ReadCSV never panics or leaks, that what it
// returns is a well-formed frame, and that cutting the text into small
// chunks changes neither the frame nor the error.
func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{
		"a,b\n1,2\n", "a,b\r\n1,x\r\n\r\n2,\"y\"\"z\"\n", "a\n\"1\n2\"\n", "a,b\n1\n", "a,a\n1,2\n",
		"x,y,z\n1,2.5,true\n-3,NA,false\n,,\n", "\ufeffa\n1e5\n0x10\n", "a\n\"", "a\n\"x\"y\n",
		"a,b\n1,\xff\n", "a\x00\n", ",\n,\n", "s\n" + strings.Repeat("\"q,\n\",", 3) + "\n",
	} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, text string, types uint8) {
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		defer mem.AssertSize(t, 0)
		var opts ReadOptions
		opts.Allocator = mem
		if types != 0 {
			// Fix the kind of the first column, when it has a simple name.
			if name, _, _ := strings.Cut(text, ","); name != "" && !strings.ContainsAny(name, "\"\n\r") {
				opts.Types = map[string]Kind{name: Kind(types % 6)}
			}
		}
		ctx := context.Background()
		fr, err := parseCSVChunked(ctx, []byte(text), "f.csv", &opts, 1<<20, 1)
		small, err2 := parseCSVChunked(ctx, []byte(text), "f.csv", &opts, 3, 4)
		if (err == nil) != (err2 == nil) {
			t.Fatalf("one chunk err %v, small chunks err %v", err, err2)
		}
		if err != nil {
			if err.Error() != err2.Error() {
				t.Fatalf("one chunk err %q, small chunks err %q", err, err2)
			}
			if !strings.HasPrefix(err.Error(), "dataset: ") {
				t.Fatalf("error %q lacks the package prefix", err)
			}
			return
		}
		defer fr.Release()
		defer small.Release()
		if fr.NumRows() < 1 {
			t.Fatalf("frame with %d rows and no error", fr.NumRows())
		}
		rec := fr.RecordBatch()
		for j := 0; j < int(rec.NumCols()); j++ {
			if rec.Column(j).Len() != fr.NumRows() {
				t.Fatalf("column %d has %d values, frame %d rows", j, rec.Column(j).Len(), fr.NumRows())
			}
		}
		a, b := frameText(t, fr), frameText(t, small)
		if len(a) != len(b) {
			t.Fatalf("one chunk %d columns, small chunks %d", len(a), len(b))
		}
		for j := range a {
			if strings.Join(a[j], "\x1f") != strings.Join(b[j], "\x1f") {
				t.Fatalf("column %d: one chunk %q, small chunks %q", j, a[j], b[j])
			}
		}
	})
}
