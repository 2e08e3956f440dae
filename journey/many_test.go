package journey

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestManyChannelsMatchesPerChannelSolve checks the removal effects of a
// 60-channel log (300 users, about 3,600 rows, 61 / 1,582 / 2,628 states at
// orders 1 / 2 / 3) against the values recorded from the earlier
// algorithm, which solved the whole removed chain once per channel (dense
// LU at order 1, Gauss-Seidel to 1e-15 at orders 2 and 3); see
// testdata/README.md. Tolerance 1e-12 relative: both sides are converged to
// within a few units of rounding of the exact absorbing-chain values.
func TestManyChannelsMatchesPerChannelSolve(t *testing.T) {
	raw, err := os.ReadFile("testdata/many_channels/expected.json")
	require.NoError(t, err, "read many_channels/expected.json")
	var want map[string]struct {
		States        int                `json:"states"`
		P             float64            `json:"conversion_probability"`
		RemovalEffect map[string]float64 `json:"removal_effect"`
	}
	require.NoError(t, json.Unmarshal(raw, &want), "parse many_channels/expected.json")
	ctx := context.Background()
	l, err := ReadCSV(ctx, bytes.NewReader(benchLogChannels(300, 12, manyChannels(60))), Columns{Value: "value"})
	require.NoError(t, err, "ReadCSV(60 channels)")
	p, err := BuildPaths(ctx, l, PathOptions{Conversion: "purchase"})
	require.NoError(t, err, "BuildPaths(60 channels)")
	for _, k := range []int{1, 2, 3} {
		t.Run(fmt.Sprintf("order=%d", k), func(t *testing.T) {
			w := want[fmt.Sprint(k)]
			ch, err := Config{Order: k}.Fit(ctx, p)
			require.NoError(t, err, "Fit(order %d)", k)
			require.Equal(t, w.States, ch.NumStates(), "NumStates(order %d)", k)
			require.InDelta(t, w.P, ch.ConversionProbability(), 1e-12*w.P, "P(order %d)", k)
			re := ch.RemovalEffects()
			require.Len(t, w.RemovalEffect, len(re), "channels (order %d)", k)
			var worst float64
			for i, c := range ch.Channels() {
				exp, ok := w.RemovalEffect[c]
				require.True(t, ok, "channel %s in expected (order %d)", c, k)
				require.InDelta(t, exp, re[i], 1e-12*math.Abs(exp), "RE(%s), order %d", c, k)
				worst = max(worst, math.Abs(re[i]-exp)/math.Abs(exp))
			}
			t.Logf("order %d: max relative difference %.3g", k, worst)
			if k == 2 {
				// The GMRES path is what this order exercises.
				sp := ch.absorbing().sparse()
				big := int32(0)
				for b := 0; b+1 < len(sp.block); b++ {
					big = max(big, sp.block[b+1]-sp.block[b])
				}
				require.GreaterOrEqual(t, int(big), gmresMin, "largest component at order 2")
				require.Greater(t, ch.NumStates(), denseMax, "order 2 is solved sparse")
			}
		})
	}
}
