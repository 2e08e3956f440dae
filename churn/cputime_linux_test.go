package churn

import (
	"runtime"
	"syscall"
	"testing"
)

// threadCPU is the CPU time of the calling OS thread, in seconds: on a busy
// machine it measures the work done, not the time spent waiting for a core.
func threadCPU() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_THREAD, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}

// BenchmarkPredictRowCPU reports PredictRow's thread CPU time per row.
func BenchmarkPredictRowCPU(b *testing.B) {
	m, d := model200(b)
	b.Run("trees=200,depth=6,features=50", func(b *testing.B) {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		b.ReportAllocs()
		r := 0
		var sink float64
		c0 := threadCPU()
		for b.Loop() {
			sink += m.PredictRow(d.X[r*50 : (r+1)*50])
			r = (r + 1) % d.NumRows()
		}
		b.ReportMetric((threadCPU()-c0)/float64(b.N)*1e9, "cpu-ns/op")
		_ = sink
	})
}
