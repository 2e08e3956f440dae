package journey

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/sibylml/sibyl/dataset"
	"github.com/stretchr/testify/require"
)

func TestParseTime(t *testing.T) {
	t.Parallel()
	valid := map[string]string{
		"2024-02-10T11:30:00+02:00":           "2024-02-10T09:30:00Z",
		"2024-02-10T10:00:00.25+00:00":        "2024-02-10T10:00:00.25Z",
		"2024-02-29T23:59:59.123456789-23:59": "2024-03-01T23:58:59.123456789Z",
		"2000-02-29T00:00:00Z":                "2000-02-29T00:00:00Z",
		"0001-01-01T00:00:00Z":                "0001-01-01T00:00:00Z",
		"9999-12-31T23:59:59Z":                "9999-12-31T23:59:59Z",
		"1969-12-31T23:59:59.5Z":              "1969-12-31T23:59:59.5Z",
	}
	for in, want := range valid {
		t.Run(in, func(t *testing.T) {
			sec, nsec, ok := parseTime([]byte(in))
			require.Truef(t, ok, "parseTime(%q) ok", in)
			w, err := time.Parse(time.RFC3339Nano, want)
			require.NoError(t, err, "time.Parse(%q)", want)
			require.Equalf(t, w.Unix(), sec, "parseTime(%q) seconds", in)
			require.Equalf(t, int32(w.Nanosecond()), nsec, "parseTime(%q) nanoseconds", in)
		})
	}
	invalid := []string{
		"", "yesterday", "2024-02-30T10:00:00Z", "2023-02-29T10:00:00Z", "1900-02-29T00:00:00Z",
		"2024-02-06 10:00:00", "2024-02-06T10:00:00", "2024-02-06T10:00:00+2:00", "2024-5-05T10:00:00Z",
		"2024-02-14T23:59:60Z", "2024-02-14T24:00:00Z", "2024-02-14T10:60:00Z", "2024-13-01T00:00:00Z",
		"2024-00-01T00:00:00Z", "2024-01-00T00:00:00Z", "0000-01-01T00:00:00Z", "2024-01-01t00:00:00Z",
		"2024-01-01T00:00:00z", "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00.1234567890Z",
		"2024-01-01T00:00:00+24:00", "2024-01-01T00:00:00+0200", "2024-01-01T00:00:00Z ", " 2024-01-01T00:00:00Z",
		"2024-01-01T00:00:00ZZ", "２０２４-01-01T00:00:00Z", "2024-01-01T00:00:00+02:0a",
	}
	for _, in := range invalid {
		t.Run("invalid "+in, func(t *testing.T) {
			_, _, ok := parseTime([]byte(in))
			require.Falsef(t, ok, "parseTime(%q) must fail", in)
		})
	}
}

func TestParseValue(t *testing.T) {
	t.Parallel()
	valid := map[string]float64{"12": 12, "12.0": 12, "1.5e2": 150, "-.5": -0.5, "+3.": 3, "120.50": 120.5, "1E-3": 0.001, "0": 0, "1e-999": 0}
	for in, want := range valid {
		v, ok := parseValue([]byte(in))
		require.Truef(t, ok, "parseValue(%q) ok", in)
		require.Equalf(t, want, v, "parseValue(%q)", in)
	}
	for _, in := range []string{"abc", "n/a", "inf", "-Inf", "NaN", "nan", "0x10", "1_000", ".", "+", "1e", "1e+", "1.2.3", " 1", "1 ", "1e999", "--1", "١"} {
		_, ok := parseValue([]byte(in))
		require.Falsef(t, ok, "parseValue(%q) must fail", in)
	}
}

func TestCSVReader(t *testing.T) {
	t.Parallel()
	const text = "a,b,c\n" +
		"1,\"x, y\",\"say \"\"hi\"\"\"\n" +
		"2,\"multi\nline\",z\r\n" +
		"\n" +
		"3,ab\"c,\"q\"r\n" +
		"4,,\n" +
		"5,only two\n" +
		"6,\"unterminated"
	wantRecs := [][]string{
		{"a", "b", "c"}, {"1", "x, y", `say "hi"`}, {"2", "multi\nline", "z"}, {},
		{"3", `ab"c`, "qr"}, {"4", "", ""}, {"5", "only two"}, {"6", "unterminated"},
	}
	wantLines := []int{1, 2, 4, 5, 6, 7, 8, 9}
	for _, tc := range []struct {
		name string
		r    func() *csvReader
	}{
		{"whole", func() *csvReader { return newCSVReader(strings.NewReader(text)) }},
		{"one byte at a time", func() *csvReader {
			c := newCSVReader(iotest.OneByteReader(strings.NewReader(text)))
			c.buf = make([]byte, 4) // force refills and growth mid-record
			return c
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var recs [][]string
			var lines []int
			r := tc.r()
			for {
				f, line, err := r.next()
				if err != nil {
					break
				}
				rec := []string{}
				for _, b := range f {
					rec = append(rec, string(b))
				}
				recs, lines = append(recs, rec), append(lines, line)
			}
			require.Equalf(t, wantRecs, recs, "csvReader(%s) records", tc.name)
			require.Equalf(t, wantLines, lines, "csvReader(%s) lines", tc.name)
		})
	}
}

// readLog reads CSV text with a value column.
func readLog(t *testing.T, text string) *Log {
	t.Helper()
	l, err := ReadCSV(context.Background(), strings.NewReader(text), Columns{Value: "value"})
	require.NoErrorf(t, err, "ReadCSV(%q)", text)
	return l
}

func TestRejectedRows(t *testing.T) {
	t.Parallel()
	text := "user_id,timestamp,event,value\n" +
		"u1,2024-01-01T00:00:00Z,search\n" + // 2: ragged (3 fields)
		"u1,2024-01-01T00:00:00Z,search,,extra\n" + // 3: ragged (5 fields)
		",2024-01-01T00:00:00Z,,\n" + // 4: blank user wins over blank event
		"u1,,,\n" + // 5: blank event before blank timestamp
		"u1,,search,abc\n" + // 6: blank timestamp before invalid value
		"u1,2024-01-01 00:00:00Z,search,abc\n" + // 7: invalid timestamp before invalid value
		"u1,2024-01-01T00:00:00Z,purchase,NaN\n" + // 8: invalid value
		"u1,2024-01-01T00:00:00Z,purchase,inf\n" + // 9
		"\n" + // 10: empty line = no fields
		"u1,2024-01-01T00:00:00Z,\"multi\nline\",x\n" + // 11-12: invalid value, reported at 12 (line_num)
		"u1,2024-01-01T00:00:00Z,search,\n" // 13: valid
	l := readLog(t, text)
	want := []RejectedRow{
		{2, ReasonFieldCount}, {3, ReasonFieldCount}, {4, ReasonBlankUser}, {5, ReasonBlankEvent},
		{6, ReasonBlankTime}, {7, ReasonInvalidTime}, {8, ReasonInvalidValue}, {9, ReasonInvalidValue},
		{10, ReasonFieldCount}, {12, ReasonInvalidValue},
	}
	require.Equal(t, want, l.Rejected(), "ReadCSV rejected rows")
	require.Equal(t, 11, l.NumRows(), "ReadCSV NumRows")
	require.Equal(t, 1, l.NumValid(), "ReadCSV NumValid")
}

func TestReadErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, err := ReadCSV(ctx, strings.NewReader(""), Columns{})
	require.ErrorIs(t, err, ErrEmpty, "ReadCSV(empty)")
	_, err = ReadCSV(ctx, strings.NewReader("user_id,time,event\n"), Columns{})
	require.ErrorIs(t, err, ErrNoColumn, "ReadCSV(no timestamp column)")
	require.Contains(t, err.Error(), `"timestamp"`, "ReadCSV(no timestamp column) names the column")
	_, err = ReadCSV(ctx, strings.NewReader("user_id,timestamp,event\n"), Columns{Value: "value"})
	require.ErrorIs(t, err, ErrNoColumn, "ReadCSV(no value column)")
	l, err := ReadCSV(ctx, strings.NewReader("user_id,timestamp,event\n"), Columns{Value: "value", ValueOptional: true})
	require.NoError(t, err, "ReadCSV(optional value column absent)")
	_, err = BuildPaths(ctx, l, PathOptions{})
	require.ErrorIs(t, err, ErrConfig, "BuildPaths without Conversion")
	p, err := BuildPaths(ctx, l, PathOptions{Conversion: "purchase"})
	require.NoError(t, err, "BuildPaths(no rows)")
	_, err = Config{}.Fit(ctx, p)
	require.ErrorIs(t, err, ErrNoEvents, "Fit(no paths)")
	_, err = Config{Order: -1}.Fit(ctx, p)
	require.ErrorIs(t, err, ErrConfig, "Fit(Order -1)")
	_, err = ReadCSV(ctx, iotest.ErrReader(errors.New("disk on fire")), Columns{})
	require.ErrorContains(t, err, "disk on fire", "ReadCSV(failing reader)")
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = ReadCSV(cctx, strings.NewReader("user_id,timestamp,event\nu,2024-01-01T00:00:00Z,a\n"), Columns{})
	require.ErrorIs(t, err, context.Canceled, "ReadCSV(cancelled)")
}

func fit(t *testing.T, text string, order int) (*Paths, *Chain) {
	t.Helper()
	ctx := context.Background()
	p, err := BuildPaths(ctx, readLog(t, text), PathOptions{Conversion: "purchase"})
	require.NoErrorf(t, err, "BuildPaths(%q)", text)
	ch, err := Config{Order: order}.Fit(ctx, p)
	require.NoErrorf(t, err, "Fit(%q)", text)
	return p, ch
}

func TestOddButValidLogs(t *testing.T) {
	t.Parallel()
	const h = "user_id,timestamp,event,value\n"
	t.Run("conversion never occurs", func(t *testing.T) {
		p, ch := fit(t, h+"a,2024-01-01T00:00:00Z,search,\na,2024-01-01T01:00:00Z,email,\nb,2024-01-01T00:00:00Z,email,\n", 1)
		require.Equal(t, 0, p.Summary().NConversions, "NConversions")
		require.Equal(t, 0.0, ch.ConversionProbability(), "ConversionProbability")
		require.Equal(t, []float64{0, 0}, ch.RemovalEffects(), "RemovalEffects with no conversions")
		require.Equal(t, []float64{0, 0}, ch.Attribution(0), "Attribution with no conversions")
		require.True(t, math.IsNaN(ch.MeanStepsToConversion()), "MeanStepsToConversion undefined")
		require.Equal(t, 2.5, ch.MeanStepsToAbsorption(), "MeanStepsToAbsorption")
	})
	t.Run("one user with one event", func(t *testing.T) {
		p, ch := fit(t, h+"a,2024-01-01T00:00:00Z,search,\n", 1)
		require.Equal(t, []string{"search", Null}, p.Names(0), "path")
		require.Equal(t, 2, ch.NumStates(), "NumStates")
		require.Equal(t, 0.0, ch.LogLikelihood(), "LogLikelihood of a certain chain")
	})
	t.Run("only a purchase", func(t *testing.T) {
		p, ch := fit(t, h+"a,2024-01-01T00:00:00Z,purchase,9.5\n", 2)
		require.Equal(t, 1, p.Summary().NEmptyPaths, "NEmptyPaths")
		require.Equal(t, 9.5, p.Summary().TotalConversionValue, "TotalConversionValue")
		require.Equal(t, 1.0, ch.ConversionProbability(), "ConversionProbability")
		require.Empty(t, ch.RemovalEffects(), "no channels")
		h := p.Heuristics(0)
		require.Empty(t, h.FirstTouch, "no channels to credit")
	})
	t.Run("unicode and commas", func(t *testing.T) {
		p, ch := fit(t, h+"\"u,1\",2024-01-01T00:00:00Z,\"a, \"\"b\"\"\",\nu,1,2024-01-01T00:00:00Z,x,\n\"u,1\",2024-01-01T00:01:00Z,ソーシャル,\n\"u,1\",2024-01-01T00:02:00Z,purchase,1\n\"u,1\",2024-01-01T00:03:00Z,Purchase,\n", 1)
		require.Equal(t, []string{`a, "b"`, "ソーシャル"}, p.Channels(), "Channels (Purchase after the conversion is dropped)")
		require.Equal(t, 1, p.Summary().NRejectedRows, "the unquoted u,1 row is ragged")
		require.Equal(t, 1, p.Summary().NEventsAfterConversionDropped, "Purchase is a channel, dropped after purchase")
		require.InDelta(t, 1.0, ch.RemovalEffects()[0], 1e-15, "removal effect of the only path's channel")
	})
	t.Run("duplicates across offsets and value spellings", func(t *testing.T) {
		p, _ := fit(t, h+"a,2024-01-01T01:00:00+01:00,search,12\na,2024-01-01T00:00:00Z,search,12.0\na,2024-01-01T00:00:00.000Z,search,\na,2024-01-01T00:00:00Z,email,\na,2024-01-01T00:00:00Z,search,\n", 1)
		require.Equal(t, 2, p.Summary().NDuplicateRowsDropped, "NDuplicateRowsDropped")
		require.Equal(t, []string{"search", "search", "email", Null}, p.Names(0), "ties keep file order")
	})
}

func TestPathOptions(t *testing.T) {
	t.Parallel()
	const text = "user_id,timestamp,event,value\n" +
		"a,2024-01-01T00:00:00Z,search,\n" +
		"a,2024-01-05T00:00:00Z,email,\n" +
		"a,2024-01-05T01:00:00Z,display,\n" +
		"a,2024-01-05T02:00:00Z,purchase,5\n" +
		"a,2024-01-09T00:00:00Z,social,\n"
	ctx := context.Background()
	l := readLog(t, text)
	p, err := BuildPaths(ctx, l, PathOptions{Conversion: "purchase", Lookback: 2 * time.Hour})
	require.NoError(t, err, "BuildPaths(Lookback 2h)")
	require.Equal(t, []string{"email", "display", Conversion}, p.Names(0), "Lookback keeps touches within 2h of the conversion")
	p, err = BuildPaths(ctx, l, PathOptions{Conversion: "purchase", SessionGap: 24 * time.Hour})
	require.NoError(t, err, "BuildPaths(SessionGap 24h)")
	require.Equal(t, 3, p.NumPaths(), "three sessions")
	require.Equal(t, []string{"search", Null}, p.Names(0), "session 1")
	require.Equal(t, []string{"email", "display", Conversion}, p.Names(1), "session 2")
	require.Equal(t, []string{"social", Null}, p.Names(2), "session 3")
	require.Equal(t, 1, p.Summary().NUsers, "one user")
	h := p.Heuristics(time.Hour)
	// email is 2h before the purchase, display 1h: weights 1/4 and 1/2.
	require.InDelta(t, 1.0/3, h.TimeDecay[1], 1e-15, "TimeDecay(email)")
	require.InDelta(t, 2.0/3, h.TimeDecay[0], 1e-15, "TimeDecay(display)")
	_, err = BuildPaths(ctx, l, PathOptions{Conversion: "purchase", Lookback: -1})
	require.ErrorIs(t, err, ErrConfig, "negative Lookback")
}

func readCase(t *testing.T, name string) *Log {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name, "events.csv"))
	require.NoErrorf(t, err, "reading %s", name)
	l, err := ReadCSV(context.Background(), bytes.NewReader(b), Columns{Value: "value", ValueOptional: true})
	require.NoErrorf(t, err, "ReadCSV(%s)", name)
	return l
}

func TestHeuristicsPositionBased(t *testing.T) {
	t.Parallel()
	p, _ := fit(t, "user_id,timestamp,event,value\n"+
		"a,2024-01-01T00:00:00Z,x,\na,2024-01-01T00:01:00Z,y,\na,2024-01-01T00:02:00Z,y,\na,2024-01-01T00:03:00Z,z,\na,2024-01-01T00:04:00Z,purchase,\n"+
		"b,2024-01-01T00:00:00Z,x,\nb,2024-01-01T00:01:00Z,z,\nb,2024-01-01T00:04:00Z,purchase,\n", 1)
	h := p.Heuristics(0)
	require.InDeltaSlice(t, []float64{0.9, 0.2, 0.9}, h.PositionBased, 1e-15, "PositionBased 40/20/40 and 50/50")
	require.InDeltaSlice(t, []float64{0.75, 0.5, 0.75}, h.Linear, 1e-15, "Linear")
}

func TestFromFrameMatchesReadCSV(t *testing.T) {
	t.Parallel()
	f, err := dataset.Sample("journey")
	require.NoError(t, err, `dataset.Sample("journey")`)
	defer f.Release()
	lf, err := FromFrame(f, Columns{Value: "value"})
	require.NoError(t, err, "FromFrame(journey sample)")
	lc := readCase(t, "synthetic_6ch")
	ctx := context.Background()
	var got [2]*Chain
	for i, l := range []*Log{lf, lc} {
		p, err := BuildPaths(ctx, l, PathOptions{Conversion: "purchase"})
		require.NoError(t, err, "BuildPaths")
		got[i], err = Config{}.Fit(ctx, p)
		require.NoError(t, err, "Fit")
	}
	require.Equal(t, got[1].RemovalEffects(), got[0].RemovalEffects(), "FromFrame and ReadCSV give the same chain")
	require.InDelta(t, 25849.12, got[0].TotalConversionValue(), 1e-6, "FromFrame values")
}

func TestIncrementalEqualsRefit(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join("testdata", "messy", "events.csv"))
	require.NoError(t, err, "reading messy")
	b2, err := os.ReadFile(filepath.Join("testdata", "second_order", "events.csv"))
	require.NoError(t, err, "reading second_order")
	// Rows of both files (the second one's users renamed), in random order,
	// so users get late and out-of-order events, duplicates and
	// conversions that truncate paths already counted.
	var rows []*[5]string
	for fi, data := range [][]byte{b, b2} {
		cr := newCSVReader(bytes.NewReader(data))
		cr.next()
		for {
			f, line, err := cr.next()
			if err != nil {
				break
			}
			r := [5]string{strings.Repeat("x", fi) + string(f[0]), "", "", "", ""}
			if len(f) == 4 {
				r[1], r[2], r[3] = string(f[1]), string(f[2]), string(f[3])
			}
			r[4] = string(rune('0' + line%10))
			rows = append(rows, &r)
		}
	}
	rng := rand.New(rand.NewPCG(1, 1))
	rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	ctx := context.Background()
	for _, order := range []int{1, 2, 3} {
		inc, err := NewIncremental(Config{Order: order}, PathOptions{Conversion: "purchase"})
		require.NoError(t, err, "NewIncremental")
		ref := NewLog()
		for i, r := range rows {
			v := r[3]
			inc.Add(i+2, r[0], r[1], r[2], &v)
			ref.Add(i+2, r[0], r[1], r[2], &v)
			if i%997 != 0 && i != len(rows)-1 {
				continue
			}
			got, err := inc.Chain(ctx)
			require.NoErrorf(t, err, "Incremental.Chain after %d rows", i+1)
			p, err := BuildPaths(ctx, ref, PathOptions{Conversion: "purchase"})
			require.NoError(t, err, "BuildPaths(refit)")
			want, err := Config{Order: order}.Fit(ctx, p)
			require.NoError(t, err, "Fit(refit)")
			gs, err := inc.Summary(ctx)
			require.NoError(t, err, "Incremental.Summary")
			require.Equalf(t, p.Summary(), gs, "order %d, %d rows: Summary", order, i+1)
			require.Equalf(t, want.Channels(), got.Channels(), "order %d, %d rows: Channels", order, i+1)
			require.Equalf(t, want.Graph(), got.Graph(), "order %d, %d rows: graph (states, counts, probabilities)", order, i+1)
			require.Equalf(t, want.RemovalEffects(), got.RemovalEffects(), "order %d, %d rows: RemovalEffects", order, i+1)
			require.Equalf(t, want.ConversionProbability(), got.ConversionProbability(), "order %d, %d rows: P", order, i+1)
		}
	}
}

func TestIterativeSolverMatchesDense(t *testing.T) {
	// Not parallel: it changes denseMax.
	l := readCase(t, "second_order")
	ctx := context.Background()
	p, err := BuildPaths(ctx, l, PathOptions{Conversion: "purchase"})
	require.NoError(t, err, "BuildPaths(second_order)")
	dense, err := Config{Order: 3}.Fit(ctx, p)
	require.NoError(t, err, "Fit(order 3, dense)")
	old := denseMax
	denseMax = 0
	defer func() { denseMax = old }()
	iter, err := Config{Order: 3}.Fit(ctx, p)
	require.NoError(t, err, "Fit(order 3, Gauss-Seidel)")
	require.InDelta(t, dense.ConversionProbability(), iter.ConversionProbability(), 1e-12, "P dense vs iterative")
	require.InDeltaSlice(t, dense.RemovalEffects(), iter.RemovalEffects(), 1e-12, "RemovalEffects dense vs iterative")
	require.InDelta(t, dense.MeanStepsToConversion(), iter.MeanStepsToConversion(), 1e-10, "MeanStepsToConversion dense vs iterative")
	require.InDelta(t, float64(p.Summary().NConversions)/float64(p.NumPaths()), iter.ConversionProbability(), 1e-12, "P equals the empirical rate")
}

func TestNextAndGraph(t *testing.T) {
	t.Parallel()
	l := readCase(t, "textbook")
	ctx := context.Background()
	p, err := BuildPaths(ctx, l, PathOptions{Conversion: "purchase"})
	require.NoError(t, err, "BuildPaths(textbook)")
	c2, err := Config{Order: 2}.Fit(ctx, p)
	require.NoError(t, err, "Fit(textbook, order 2)")
	got, err := c2.Next([]string{"search", "email"}, 3)
	require.NoError(t, err, "Next(search > email)")
	require.Equal(t, []Prediction{{Conversion, 1}}, got, "Next(search > email)")
	got, err = c2.Next(nil, 2)
	require.NoError(t, err, "Next(start)")
	require.Equal(t, []Prediction{{"display", 5.0 / 12}, {"search", 5.0 / 12}}, got, "Next(start), ties by state order")
	_, err = c2.Next([]string{"email", "email"}, 1)
	require.ErrorIs(t, err, ErrUnseenState, "Next(unseen context)")
	_, err = c2.Next([]string{"tv"}, 1)
	require.ErrorIs(t, err, ErrUnseenState, "Next(unknown channel)")
	var dot bytes.Buffer
	require.NoError(t, c2.WriteDOT(&dot), "WriteDOT")
	require.Contains(t, dot.String(), `n1 [label="(start) > display"];`, "DOT node label")
	var js bytes.Buffer
	require.NoError(t, c2.WriteGraphJSON(&js), "WriteGraphJSON")
	var g Graph
	require.NoError(t, json.Unmarshal(js.Bytes(), &g), "graph JSON round trip")
	require.Len(t, g.Nodes, c2.NumStates()+2, "graph nodes")
	require.Equal(t, c2.Graph(), g, "graph JSON round trip")
}

func TestChainJSONRoundTrip(t *testing.T) {
	t.Parallel()
	l := readCase(t, "messy")
	ctx := context.Background()
	p, err := BuildPaths(ctx, l, PathOptions{Conversion: "purchase"})
	require.NoError(t, err, "BuildPaths(messy)")
	for _, order := range []int{1, 2, 3} {
		ch, err := Config{Order: order}.Fit(ctx, p)
		require.NoErrorf(t, err, "Fit(messy, order %d)", order)
		var buf bytes.Buffer
		require.NoErrorf(t, ch.Save(&buf), "Save(order %d)", order)
		got, err := Load(&buf)
		require.NoErrorf(t, err, "Load(order %d)", order)
		require.Equalf(t, ch.Graph(), got.Graph(), "Load(Save(chain order %d)).Graph()", order)
		require.Equalf(t, ch.RemovalEffects(), got.RemovalEffects(), "Load(Save(chain order %d)).RemovalEffects()", order)
		require.Equalf(t, ch.Attribution(100), got.Attribution(100), "Load(Save(chain order %d)).Attribution()", order)
	}
	bad := []string{
		``, `[]`, `{"kind":"other","format":1}`, `{"kind":"journey.Chain","format":2}`,
		`{"kind":"journey.Chain","format":1,"order":1,"channels":["a"],"states":[[0]],"transitions":[[[1,1]]]}`,
		`{"kind":"journey.Chain","format":1,"order":1,"channels":["a"],"states":[[0],[1]],"transitions":[[[1,1]],[[9,1]]]}`,
		`{"kind":"journey.Chain","format":1,"order":1,"channels":["a"],"states":[[0],[1]],"transitions":[[[1,1]],[[2,-1]]]}`,
		`{"kind":"journey.Chain","format":1,"order":1,"channels":["b","a"],"states":[[0]],"transitions":[[[3,1]]]}`,
		`{"kind":"journey.Chain","format":1,"order":9,"channels":[],"states":[[0]],"transitions":[[[1,1]]]}`,
		`{"kind":"journey.Chain","format":1,"order":1,"channels":[],"states":[[5]],"transitions":[[[1,1]]]}`,
		`{"kind":"journey.Chain","format":1,"order":1,"channels":[],"states":[[]],"transitions":[[[1,1]]]}`,
		`{"kind":"journey.Chain","format":1,"order":1,"channels":["a"],"states":[[0],[1]],"transitions":[[[1,1]],[[1,5]]]}`,
	}
	for _, b := range bad {
		_, err := Load(strings.NewReader(b))
		require.ErrorIsf(t, err, ErrFormat, "Load(%s)", b)
	}
}

func TestParallelReaderMatchesSequential(t *testing.T) {
	t.Parallel()
	texts := map[string][]byte{}
	for _, name := range publicCases {
		b, err := os.ReadFile(filepath.Join("testdata", name, "events.csv"))
		require.NoErrorf(t, err, "reading %s", name)
		texts[name] = b
	}
	// The messy rows shuffled and repeated, so users and rejected rows are
	// spread over many batches and workers.
	lines := strings.Split(strings.TrimSuffix(string(texts["messy"]), "\n"), "\n")
	rng := rand.New(rand.NewPCG(1, 1))
	var big strings.Builder
	big.WriteString(lines[0] + "\n")
	for i := 0; i < 20000; i++ {
		l := lines[1+rng.IntN(len(lines)-1)]
		if i%7 == 0 {
			l = strings.Replace(l, "m", "x"+strconv.Itoa(i%500), 1)
		}
		big.WriteString(l + "\n")
	}
	texts["messy x20000"] = []byte(big.String())
	ctx := context.Background()
	for name, b := range texts {
		var want []byte
		for _, w := range []int{1, 2, 3, 4} {
			l, err := readCSV(ctx, bytes.NewReader(b), Columns{Value: "value", ValueOptional: true}, w)
			require.NoErrorf(t, err, "readCSV(%s, %d workers)", name, w)
			r, err := NewReport(ctx, l, ReportOptions{Paths: PathOptions{Conversion: "purchase"}, Order: 3})
			require.NoErrorf(t, err, "NewReport(%s, %d workers)", name, w)
			got, err := json.Marshal(r)
			require.NoErrorf(t, err, "Marshal(%s, %d workers)", name, w)
			if w == 1 {
				want = got
				continue
			}
			require.Equalf(t, string(want), string(got), "readCSV(%s) with %d workers differs from sequential", name, w)
			require.Equalf(t, l.users.strs, func() []string {
				s, _ := readCSV(ctx, bytes.NewReader(b), Columns{Value: "value", ValueOptional: true}, 1)
				return s.users.strs
			}(), "readCSV(%s, %d workers) user numbering", name, w)
		}
	}
}

func TestSelectOrder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for name, want := range map[string]int{"synthetic_6ch": 1, "second_order": 2} {
		p, err := BuildPaths(ctx, readCase(t, name), PathOptions{Conversion: "purchase"})
		require.NoErrorf(t, err, "BuildPaths(%s)", name)
		got, chains, err := SelectOrder(ctx, p, 3)
		require.NoErrorf(t, err, "SelectOrder(%s)", name)
		require.Lenf(t, chains, 3, "SelectOrder(%s) chains", name)
		require.Equalf(t, want, got, "SelectOrder(%s): BIC %v %v %v", name, chains[0].BIC(), chains[1].BIC(), chains[2].BIC())
	}
	_, _, err := SelectOrder(ctx, nil, 0)
	require.ErrorIs(t, err, ErrConfig, "SelectOrder(maxOrder 0)")
}
