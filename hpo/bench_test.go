package hpo_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/sibylml/sibyl/hpo"
	"github.com/sibylml/sibyl/hpo/bench"
)

// BenchmarkStudy100 runs a whole 100-trial study per iteration; ns/trial is
// the study's cost per trial (sampler and bookkeeping; the objectives cost
// nanoseconds).
func BenchmarkStudy100(b *testing.B) {
	for _, name := range []string{"branin", "hartmann6", "mixed"} {
		for _, sampler := range []string{"tpe", "tpe-optuna", "random"} {
			b.Run(fmt.Sprintf("function=%s,sampler=%s", name, sampler), func(b *testing.B) {
				f, _ := bench.Lookup(name)
				b.ReportAllocs()
				seed := uint64(0)
				for b.Loop() {
					var s hpo.Sampler
					switch sampler {
					case "tpe":
						s = &hpo.TPE{Seed: seed}
					case "tpe-optuna":
						s = hpo.OptunaTPE(seed)
					default:
						s = hpo.Random{Seed: seed}
					}
					seed++
					st, _ := hpo.NewStudy(context.Background(), hpo.Config{Sampler: s})
					if err := st.Optimize(context.Background(), f.Objective(), 100); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*100), "ns/trial")
			})
		}
	}
}
