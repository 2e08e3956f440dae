package dataset

import (
	"math"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"
)

func TestEventLog(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	text := "user,ts,event,value\n" +
		"u2,2024-01-02T00:00:00Z,buy,12.5\n" + // row 1
		"u1,2024-01-03T00:00:00+01:00,view,\n" + // row 2: 2024-01-02T23:00Z
		"u1,2024-01-01,view,\n" + // row 3
		",2024-01-01T00:00:00Z,view,\n" + // row 4: no user
		"u1,2024-01-02T23:00:00Z,email,\n" + // row 5: same instant as row 2, later row
		"u3,not a time,view,\n" + // row 6
		"u2,2024-01-01T00:00:00Z,,\n" + // row 7: no event
		"u2,2024-01-01T00:00:00Z,view,NaN\n" + // row 8: bad value
		"u2,,view,\n" + // row 9: no time
		"u2,2024-01-01T12:00:00.25Z,view,1e1\n" // row 10
	f, err := ReadCSV(t.Context(), stringsReader(text), "events.csv", &ReadOptions{Allocator: mem, Types: map[string]Kind{"value": String}})
	require.NoError(t, err, "ReadCSV(events)")
	defer f.Release()
	l, err := NewEventLog(f, EventLogColumns{Entity: "user", Time: "ts", Event: "event", Value: "value"})
	require.NoError(t, err, "NewEventLog")
	require.Equal(t, []string{"u1", "u2"}, l.EntityNames, "EntityNames (u3 had only a bad row)")
	require.Equal(t, []string{"buy", "email", "view"}, l.EventNames, "EventNames")
	require.Equal(t, []int{0, 3, 5}, l.Offsets, "Offsets")
	require.Equal(t, []int32{0, 0, 0, 1, 1}, l.Entity, "Entity")
	require.Equal(t, []int{2, 1, 4, 9, 0}, l.Row, "Row (stable by time within entity)")
	require.Equal(t, []int32{2, 2, 1, 2, 0}, l.Event, "Event")
	ts := func(s string) int64 { v, _ := time.Parse(time.RFC3339Nano, s); return v.UnixNano() }
	require.Equal(t, []int64{ts("2024-01-01T00:00:00Z"), ts("2024-01-02T23:00:00Z"), ts("2024-01-02T23:00:00Z"),
		ts("2024-01-01T12:00:00.25Z"), ts("2024-01-02T00:00:00Z")}, l.Time, "Time")
	require.True(t, math.IsNaN(l.Value[0]), "Value[0] missing is NaN")
	require.Equal(t, 10.0, l.Value[3], "Value[3]")
	require.Equal(t, 12.5, l.Value[4], "Value[4]")
	require.Equal(t, 5, l.Len(), "Len")
	require.Equal(t, 2, l.NumEntities(), "NumEntities")
	type bad struct {
		row         int
		column, val string
		err         error
	}
	want := []bad{{4, "user", "", ErrNulls}, {6, "ts", "not a time", ErrParse}, {7, "event", "", ErrNulls},
		{8, "value", "NaN", ErrParse}, {9, "ts", "", ErrNulls}}
	require.Len(t, l.Bad, len(want), "Bad")
	for k, w := range want {
		b := l.Bad[k]
		require.Equalf(t, w.row, b.Row, "Bad[%d].Row", k)
		require.Equalf(t, w.column, b.Column, "Bad[%d].Column", k)
		require.Equalf(t, w.val, b.Value, "Bad[%d].Value", k)
		require.ErrorIsf(t, b, w.err, "Bad[%d]", k)
	}
}

func TestEventLogKinds(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	// Integer ids sort numerically, epoch-second times, no value column.
	f, err := ReadCSV(t.Context(), stringsReader("id,t,e\n10,5,a\n9,7,b\n10,3,b\n"), "e.csv", &ReadOptions{Allocator: mem})
	require.NoError(t, err, "ReadCSV")
	defer f.Release()
	l, err := NewEventLog(f, EventLogColumns{Entity: "id", Time: "t", Event: "e"})
	require.NoError(t, err, "NewEventLog(int ids)")
	require.Equal(t, []string{"9", "10"}, l.EntityNames, "EntityNames numeric order")
	require.Equal(t, []int64{7e9, 3e9, 5e9}, l.Time, "Time from epoch seconds")
	require.True(t, math.IsNaN(l.Value[0]), "Value without a value column")
	require.Empty(t, l.Bad, "Bad")

	bad := []struct {
		name string
		cols EventLogColumns
		err  error
	}{
		{"no entity column", EventLogColumns{Entity: "x", Time: "t", Event: "e"}, ErrNoColumn},
		{"no value column", EventLogColumns{Entity: "id", Time: "t", Event: "e", Value: "v"}, ErrNoColumn},
	}
	for _, tc := range bad {
		_, err := NewEventLog(f, tc.cols)
		require.ErrorIsf(t, err, tc.err, "NewEventLog(%s)", tc.name)
	}
	g, err := ReadCSV(t.Context(), stringsReader("id,t,e,x\n1,x,a,1.5\n2,y,b,2.5\n"), "e.csv", &ReadOptions{Allocator: mem})
	require.NoError(t, err, "ReadCSV")
	defer g.Release()
	_, err = NewEventLog(g, EventLogColumns{Entity: "id", Time: "t", Event: "e"})
	require.ErrorIs(t, err, ErrEmpty, "NewEventLog(every time bad)")
	_, err = NewEventLog(g, EventLogColumns{Entity: "x", Time: "t", Event: "e"})
	require.ErrorIs(t, err, ErrType, "NewEventLog(float ids)")
}

func TestEventLogJourneySample(t *testing.T) {
	f, err := Sample("journey")
	require.NoError(t, err, "Sample(journey)")
	defer f.Release()
	l, err := NewEventLog(f, EventLogColumns{Entity: "user_id", Time: "timestamp", Event: "event", Value: "value"})
	require.NoError(t, err, "NewEventLog(journey)")
	require.Equal(t, 2000, l.NumEntities(), "journey users")
	require.Equal(t, 4017, l.Len(), "journey events")
	require.Empty(t, l.Bad, "journey bad rows")
	for e := 0; e < l.NumEntities(); e++ {
		for i := l.Offsets[e] + 1; i < l.Offsets[e+1]; i++ {
			require.LessOrEqualf(t, l.Time[i-1], l.Time[i], "journey entity %d not sorted by time", e)
		}
	}
}

func TestParseTime(t *testing.T) {
	good := map[string]string{
		"2024-02-10T11:30:00+02:00":      "2024-02-10T09:30:00Z",
		"2024-02-10T09:30:00.123456789Z": "2024-02-10T09:30:00.123456789Z",
		"2024-02-29":                     "2024-02-29T00:00:00Z",
	}
	for in, want := range good {
		got, ok := ParseTime(in)
		require.Truef(t, ok, "ParseTime(%q)", in)
		w, _ := time.Parse(time.RFC3339Nano, want)
		require.Equalf(t, w.UnixNano(), got, "ParseTime(%q)", in)
	}
	for _, in := range []string{"", "2023-02-29", "2024-5-05", "2024-02-10 09:30:00Z", "2024-02-10T09:30:00", "2024-02-10T24:00:00Z", "9999-01-01"} {
		_, ok := ParseTime(in)
		require.Falsef(t, ok, "ParseTime(%q)", in)
	}
}
