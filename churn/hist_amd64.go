package churn

import "unsafe"

// histRowsAsm is histRowsGo in amd64 assembly: one 16-byte ADDPD per
// update instead of two scalar adds (Go does not vectorise the pair).
//
//go:noescape
func histRowsAsm(dst unsafe.Pointer, bins unsafe.Pointer, nf int, rows []uint32, gp unsafe.Pointer)

// histRows adds the gradient pair of every row to its bin of every feature.
// dst must hold nf·binStride entries; bins is row-major with nf columns and
// every row index must be < len(gp) and < len(bins)/nf.
func histRows(dst []binStat, bins []uint8, nf int, rows []uint32, gp []GradPair) {
	if len(rows) == 0 || nf == 0 {
		return
	}
	if len(dst) < nf*binStride {
		panic("churn: histogram too short")
	}
	histRowsAsm(unsafe.Pointer(unsafe.SliceData(dst)), unsafe.Pointer(unsafe.SliceData(bins)), nf, rows, unsafe.Pointer(unsafe.SliceData(gp)))
}
