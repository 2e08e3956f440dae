package dataset

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"
)

// AppendFloat64s on a text column names the first present value that is not
// a number, so a user sees which cell to fix; a column of other text kinds
// still says only that the type is wrong.
func TestAppendFloat64sNamesFirstNonNumber(t *testing.T) {
	cases := []struct {
		name, csv string
		row       int
		value     string
	}{
		{"second row", "x\n1.5\nabc\n3\n", 2, "abc"},
		{"after a missing value", "x\nNA\n2\nn/a\n", 3, "n/a"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			f, err := ReadCSV(context.Background(), strings.NewReader(tc.csv), "t.csv", &ReadOptions{Allocator: mem})
			require.NoError(t, err, "ReadCSV(%q)", tc.csv)
			defer f.Release()
			_, err = f.AppendFloat64s(nil, "x")
			var ce *ColumnError
			require.True(t, errors.As(err, &ce), "AppendFloat64s(%q) error %v is not a *ColumnError", tc.csv, err)
			require.ErrorIs(t, err, ErrType, "AppendFloat64s(%q)", tc.csv)
			require.Equal(t, tc.row, ce.Row, "AppendFloat64s(%q) row", tc.csv)
			require.Equal(t, tc.value, ce.Value, "AppendFloat64s(%q) value", tc.csv)
		})
	}
}
