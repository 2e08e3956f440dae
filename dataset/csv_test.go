package dataset

import (
	"compress/gzip"
	"context"
	"errors"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"
)

// readString reads CSV text with a checked allocator; the caller releases
// the Frame before mem is checked.
func readString(t *testing.T, mem memory.Allocator, text string, opts *ReadOptions) (*Frame, error) {
	t.Helper()
	if opts == nil {
		opts = &ReadOptions{}
	}
	o := *opts
	o.Allocator = mem
	return ReadCSV(context.Background(), strings.NewReader(text), "t.csv", &o)
}

// frameText renders every column of f as kind and text, null as "<NA>".
func frameText(t *testing.T, f *Frame) [][]string {
	t.Helper()
	var out [][]string
	for _, name := range f.Names() {
		k, err := f.Kind(name)
		require.NoError(t, err, "Kind(%q)", name)
		vals, err := f.AppendStrings(nil, name)
		require.NoError(t, err, "AppendStrings(%q)", name)
		valid, err := f.Validity(name)
		require.NoError(t, err, "Validity(%q)", name)
		col := []string{name + ":" + k.String()}
		for i, v := range vals {
			if !valid[i] {
				v = "<NA>"
			}
			col = append(col, v)
		}
		out = append(out, col)
	}
	return out
}

func TestReadCSV(t *testing.T) {
	cases := []struct {
		name string
		text string
		opts *ReadOptions
		want [][]string
	}{
		{"kinds", "i,f,b,s,e\n1,1.5,true,x,\n-2,2,FALSE,y,NA\n",
			nil, [][]string{{"i:int", "1", "-2"}, {"f:float", "1.5", "2"}, {"b:bool", "true", "false"}, {"s:string", "x", "y"}, {"e:float", "<NA>", "<NA>"}}},
		{"no final newline", "a,b\n1,2", nil, [][]string{{"a:int", "1"}, {"b:int", "2"}}},
		{"crlf and blank lines", "a,b\r\n\r\n1,x\r\n\n2,y\r\n", nil, [][]string{{"a:int", "1", "2"}, {"b:string", "x", "y"}}},
		{"bom", "\ufeffa\n1\n", nil, [][]string{{"a:int", "1"}}},
		{"quoting", "a,b\n\"x,1\",\"he said \"\"hi\"\"\"\n\"line\nbreak\",\"\"\n", nil,
			[][]string{{"a:string", "x,1", "line\nbreak"}, {"b:string", "he said \"hi\"", "<NA>"}}},
		{"quoted numbers", "a\n\"1\"\n\"2\"\n", nil, [][]string{{"a:int", "1", "2"}}},
		{"int widens to float", "a\n1\n2.5\n1e3\n", nil, [][]string{{"a:float", "1", "2.5", "1000"}}},
		{"int beyond int64 is float", "a\n1\n99999999999999999999\n", nil, [][]string{{"a:float", "1", "1e+20"}}},
		{"int and bool is string", "a\n1\ntrue\n", nil, [][]string{{"a:string", "1", "true"}}},
		{"number then text is string", "a\n1.5\nabc\n", nil, [][]string{{"a:string", "1.5", "abc"}}},
		{"special floats", "a\nNaN\nInf\n-inf\n", nil, [][]string{{"a:float", "NaN", "+Inf", "-Inf"}}},
		{"hex and underscores are text", "a\n0x10\n1_000\n", nil, [][]string{{"a:string", "0x10", "1_000"}}},
		{"empty header name", ",a\n1,2\n", nil, [][]string{{"Unnamed: 0:int", "1"}, {"a:int", "2"}}},
		{"trailing empty field", "a,b\n1,\n", nil, [][]string{{"a:int", "1"}, {"b:float", "<NA>"}}},
		{"override", "a,b,c,d\n1,2,true,3\n", &ReadOptions{Types: map[string]Kind{"a": Float, "b": String, "c": Bool, "d": Int}},
			[][]string{{"a:float", "1"}, {"b:string", "2"}, {"c:bool", "true"}, {"d:int", "3"}}},
		{"null values", "a,b\n-99,NA\n1,x\n", &ReadOptions{NullValues: []string{"-99"}},
			[][]string{{"a:int", "<NA>", "1"}, {"b:string", "NA", "x"}}},
		{"timestamp override", "t\n2024-01-01T10:00:00+02:00\nNA\n1970-01-02\n", &ReadOptions{Types: map[string]Kind{"t": Timestamp}},
			[][]string{{"t:timestamp", "2024-01-01T08:00:00Z", "<NA>", "1970-01-02T00:00:00Z"}}},
		{"NA in a string column", "s\nx\nNA\n", nil, [][]string{{"s:string", "x", "<NA>"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			f, err := readString(t, mem, tc.text, tc.opts)
			require.NoErrorf(t, err, "ReadCSV(%q)", tc.text)
			defer f.Release()
			require.Equalf(t, tc.want, frameText(t, f), "ReadCSV(%q)", tc.text)
		})
	}
}

func TestReadCSVErrors(t *testing.T) {
	type want struct {
		sentinel error
		line     int    // FileError.Line or ColumnError.Line
		column   string // non-empty: a *ColumnError on this column
		row      int
		value    string
		contains string
	}
	cases := []struct {
		name string
		text string
		opts *ReadOptions
		want want
	}{
		{"empty", "", nil, want{sentinel: ErrEmpty, contains: "empty file"}},
		{"blank lines only", "\n\r\n\n", nil, want{sentinel: ErrEmpty}},
		{"header only", "a,b\n", nil, want{sentinel: ErrEmpty, contains: "no data rows"}},
		{"too few fields", "a,b\n1,2\n3\n", nil, want{sentinel: ErrRagged, line: 3, contains: "row 2 has 1 fields, the header has 2"}},
		{"too many fields", "a,b\n1,2\n\n3,4,5\n", nil, want{sentinel: ErrRagged, line: 4, contains: "row 2 has 3 fields"}},
		{"unclosed quote", "a,b\n1,\"2\n3,4\n", nil, want{sentinel: ErrFormat, line: 2, contains: "not closed"}},
		{"text after quote", "a,b\n1,\"2\"x\n", nil, want{sentinel: ErrFormat, line: 2, contains: "after closing quote"}},
		{"bare quote", "a,b\n1,2\n3,x\"y\n", nil, want{sentinel: ErrFormat, line: 3, contains: "bare quote"}},
		{"bare quote in header", "a\"b\n1\n", nil, want{sentinel: ErrFormat, line: 1, contains: "header"}},
		{"duplicate column", "a,a\n1,2\n", nil, want{sentinel: ErrFormat, line: 1, contains: `duplicate column name "a"`}},
		{"binary", "a,b\n1,\x00\x01\n", nil, want{sentinel: ErrFormat, line: 2, contains: "binary"}},
		{"gzip bytes", "\x1f\x8b\x08\x00rest", nil, want{sentinel: ErrFormat, contains: "gzip"}},
		{"override int", "a,b\n1,x\n2.5,y\n", &ReadOptions{Types: map[string]Kind{"a": Int}},
			want{sentinel: ErrParse, column: "a", row: 2, line: 3, value: "2.5", contains: "not an integer"}},
		{"override float", "a\n\"q\nr\"\n", &ReadOptions{Types: map[string]Kind{"a": Float}},
			want{sentinel: ErrParse, column: "a", row: 1, line: 2, value: "q\nr", contains: "not a number"}},
		{"override bool", "a\ntrue\nyes\n", &ReadOptions{Types: map[string]Kind{"a": Bool}},
			want{sentinel: ErrParse, column: "a", row: 2, line: 3, value: "yes"}},
		{"override unknown column", "a\n1\n", &ReadOptions{Types: map[string]Kind{"z": Int}},
			want{sentinel: ErrNoColumn, column: "z"}},
		{"override timestamp", "a\n2024-01-01\n1\n", &ReadOptions{Types: map[string]Kind{"a": Timestamp}},
			want{sentinel: ErrParse, column: "a", row: 2, line: 3, value: "1", contains: "not a time"}},
		{"override unknown kind", "a\n1\n", &ReadOptions{Types: map[string]Kind{"a": Kind(99)}},
			want{sentinel: ErrType, column: "a"}},
		{"bad utf8", "a,s\n1,ok\n2,\xff\xfe\n", nil, want{sentinel: errUTF8, column: "s", row: 2, line: 3, value: "\xff\xfe"}},
		{"bad utf8 header", "a,\xff\n1,2\n", nil, want{sentinel: ErrFormat, line: 1, contains: "UTF-8"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			f, err := readString(t, mem, tc.text, tc.opts)
			require.Nilf(t, f, "ReadCSV(%q) frame", tc.text)
			require.Errorf(t, err, "ReadCSV(%q)", tc.text)
			require.Truef(t, errors.Is(err, tc.want.sentinel), "ReadCSV(%q) = %v, want %v", tc.text, err, tc.want.sentinel)
			require.Containsf(t, err.Error(), "t.csv", "ReadCSV(%q) error names the source", tc.text)
			require.Containsf(t, err.Error(), tc.want.contains, "ReadCSV(%q) error text", tc.text)
			if tc.want.column != "" {
				var ce *ColumnError
				require.Truef(t, errors.As(err, &ce), "ReadCSV(%q) = %T, want *ColumnError", tc.text, err)
				require.Equalf(t, tc.want.column, ce.Column, "ReadCSV(%q) column", tc.text)
				require.Equalf(t, tc.want.row, ce.Row, "ReadCSV(%q) row", tc.text)
				require.Equalf(t, tc.want.line, ce.Line, "ReadCSV(%q) line", tc.text)
				require.Equalf(t, tc.want.value, ce.Value, "ReadCSV(%q) value", tc.text)
				return
			}
			var fe *FileError
			require.Truef(t, errors.As(err, &fe), "ReadCSV(%q) = %T, want *FileError", tc.text, err)
			require.Equalf(t, tc.want.line, fe.Line, "ReadCSV(%q) line", tc.text)
		})
	}
	t.Run("wide header over blank lines", func(t *testing.T) {
		// 20,000 columns and 20,000 blank lines: must not reserve
		// columns × lines of memory (3.2 GB).
		text := strings.Repeat(",", 19999) + "\n" + strings.Repeat("\n", 20000)
		f, err := ReadCSV(context.Background(), strings.NewReader(text), "t.csv", nil)
		require.Nil(t, f, "ReadCSV(wide header, blank lines)")
		require.ErrorIs(t, err, ErrEmpty, "ReadCSV(wide header, blank lines)")
		text = strings.Repeat(",", 4999) + "\n" + strings.Repeat(",", 4999) + "\n" + strings.Repeat("\n", 20000)
		f, err = ReadCSV(context.Background(), strings.NewReader(text), "t.csv", nil)
		require.NoError(t, err, "ReadCSV(wide header, one row, blank lines)")
		require.Equal(t, 1, f.NumRows(), "ReadCSV(wide header, one row, blank lines).NumRows")
		f.Release()
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		f, err := ReadCSV(ctx, strings.NewReader("a\n1\n"), "t.csv", nil)
		require.Nil(t, f, "ReadCSV(cancelled ctx)")
		require.ErrorIs(t, err, context.Canceled, "ReadCSV(cancelled ctx)")
	})
	t.Run("reader error", func(t *testing.T) {
		f, err := ReadCSV(context.Background(), errReader{}, "t.csv", nil)
		require.Nil(t, f, "ReadCSV(failing reader)")
		require.ErrorIs(t, err, errBoom, "ReadCSV(failing reader)")
	})
}

var errBoom = errors.New("boom")

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errBoom }

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, data, 0o644), "WriteFile(%s)", name)
		return p
	}
	plain := write("a.csv", []byte("x,y\n1,a\n2,b\n"))
	var gz strings.Builder
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write([]byte("x,y\n1,a\n2,b\n"))
	require.NoError(t, zw.Close(), "gzip")
	zipped := write("A.CSV.GZ", []byte(gz.String()))
	for _, p := range []string{plain, zipped} {
		t.Run(filepath.Base(p), func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			f, err := ReadFile(context.Background(), p, &ReadOptions{Allocator: mem})
			require.NoErrorf(t, err, "ReadFile(%s)", p)
			defer f.Release()
			require.Equalf(t, [][]string{{"x:int", "1", "2"}, {"y:string", "a", "b"}}, frameText(t, f), "ReadFile(%s)", p)
			require.Equalf(t, p, f.Source(), "ReadFile(%s).Source", p)
		})
	}
	bad := []struct {
		name     string
		path     string
		sentinel error
	}{
		{"missing", filepath.Join(dir, "nope.csv"), fs.ErrNotExist},
		{"extension", write("a.txt", []byte("x\n1\n")), ErrFormat},
		{"not gzip", write("b.csv.gz", []byte("x\n1\n")), ErrFormat},
		{"gzip named csv", write("c.csv", []byte(gz.String())), ErrFormat},
		{"empty", write("d.csv", nil), ErrEmpty},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			f, err := ReadFile(context.Background(), tc.path, nil)
			require.Nilf(t, f, "ReadFile(%s)", tc.path)
			require.ErrorIsf(t, err, tc.sentinel, "ReadFile(%s)", tc.path)
			require.Containsf(t, err.Error(), tc.path, "ReadFile(%s) error names the file", tc.path)
		})
	}
}

// randomCSV writes rows of mixed, sometimes quoted, content.
func randomCSV(r *rand.Rand, rows int) string {
	var b strings.Builder
	b.WriteString("i,f,s,q,m,b\r\n")
	for i := 0; i < rows; i++ {
		if r.IntN(50) == 0 {
			b.WriteString("\n") // blank line
		}
		b.WriteString(strconv.Itoa(r.IntN(1000) - 500))
		b.WriteByte(',')
		if r.IntN(20) == 0 {
			b.WriteString("NA")
		} else {
			b.WriteString(strconv.FormatFloat(r.NormFloat64()*1e3, 'g', -1, 64))
		}
		b.WriteByte(',')
		b.WriteString([]string{"a", "bb", "", "NA", "ccc"}[r.IntN(5)])
		b.WriteByte(',')
		b.WriteString([]string{`"x,y"`, `"multi` + "\n" + `line"`, `"say ""hi"""`, `plain`, `""`}[r.IntN(5)])
		b.WriteByte(',')
		if i == rows/2 {
			b.WriteString("text") // turns the column to string half way
		} else {
			b.WriteString(strconv.Itoa(i))
		}
		b.WriteByte(',')
		b.WriteString([]string{"true", "false", ""}[r.IntN(3)])
		b.WriteString("\r\n")
	}
	return b.String()
}

func TestReadCSVChunksAgree(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	text := randomCSV(r, 3000)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	ctx := context.Background()
	one, err := parseCSVChunked(ctx, []byte(text), "t.csv", &ReadOptions{Allocator: mem}, len(text), 1)
	require.NoError(t, err, "parseCSVChunked(one chunk)")
	defer one.Release()
	want := frameText(t, one)
	require.Equal(t, 3000, one.NumRows(), "parseCSVChunked(one chunk).NumRows")
	for _, size := range []int{1, 7, 100, 4096} {
		for _, workers := range []int{1, 3} {
			f, err := parseCSVChunked(ctx, []byte(text), "t.csv", &ReadOptions{Allocator: mem}, size, workers)
			require.NoErrorf(t, err, "parseCSVChunked(size=%d, workers=%d)", size, workers)
			require.Equalf(t, want, frameText(t, f), "parseCSVChunked(size=%d, workers=%d)", size, workers)
			f.Release()
		}
	}
	// The first error is the same whatever the chunking.
	bad := text[:len(text)/3] + "1,2\n" + text[len(text)/3:]
	_, want1 := parseCSVChunked(ctx, []byte(bad), "t.csv", nil, len(bad), 1)
	require.Error(t, want1, "parseCSVChunked(bad, one chunk)")
	for _, size := range []int{1, 7, 100, 4096} {
		_, err := parseCSVChunked(ctx, []byte(bad), "t.csv", nil, size, 2)
		require.Equalf(t, want1.Error(), err.Error(), "parseCSVChunked(bad, size=%d)", size)
	}
}

func TestParseNumbers(t *testing.T) {
	texts := []string{"0", "-0", "+1", "1.", ".5", "-.5", "1e5", "1E-5", "1.5e+300", "1e400", "1e-400",
		"123456789012345678", "1234567890123456789", "12345678901234567890", "9007199254740993",
		"0.1", "0.30000000000000004", "2.2250738585072014e-308", "4.9e-324", "00012.50", "1e", "e1",
		".", "-", "", "+", "1..2", "1e+", "nan", "-Inf", "infinity", "0x1p3", "1_0", " 1", "1 ", "--1",
		"9223372036854775807", "-9223372036854775808", "9223372036854775808", "1.7976931348623157e308"}
	r := rand.New(rand.NewPCG(1, 1))
	for i := 0; i < 2000; i++ {
		x := math.Float64frombits(r.Uint64())
		if math.IsNaN(x) {
			continue
		}
		texts = append(texts, strconv.FormatFloat(x, 'g', -1, 64), strconv.FormatFloat(x, 'f', r.IntN(20), 64),
			strconv.FormatFloat(r.Float64()*1000, 'f', r.IntN(18), 64))
	}
	for _, s := range texts {
		got, ok := parseFloat64([]byte(s))
		want, err := strconv.ParseFloat(s, 64)
		wantOK := err == nil && !strings.ContainsAny(s, "_xXpP")
		require.Equalf(t, wantOK, ok, "parseFloat64(%q) ok", s)
		if ok && !math.IsNaN(want) {
			require.Equalf(t, math.Float64bits(want), math.Float64bits(got), "parseFloat64(%q)", s)
		}
		gi, ok := parseInt64([]byte(s))
		wi, err := strconv.ParseInt(s, 10, 64)
		require.Equalf(t, err == nil, ok, "parseInt64(%q) ok", s)
		if ok {
			require.Equalf(t, wi, gi, "parseInt64(%q)", s)
		}
	}
}

func stringsReader(s string) *strings.Reader { return strings.NewReader(s) }
