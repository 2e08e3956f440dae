//go:build !amd64

package churn

// histRows adds the gradient pair of every row to its bin of every feature.
func histRows(dst []binStat, bins []uint8, nf int, rows []uint32, gp []GradPair) {
	histRowsGo(dst, bins, nf, rows, gp)
}
