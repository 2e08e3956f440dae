#include "textflag.h"

// func histRowsAsm(dst unsafe.Pointer, bins unsafe.Pointer, nf int, rows []uint32, gp unsafe.Pointer)
//
// For every row r in rows and every feature j < nf:
//	dst[j*256 + bins[r*nf+j]] += gp[r]    (a 16-byte {grad, hess} pair, one ADDPD)
// The same additions as histRowsGo in the same order, so the sums are
// bit-identical.
TEXT ·histRowsAsm(SB), NOSPLIT, $0-56
	MOVQ dst+0(FP), DI
	MOVQ bins+8(FP), SI
	MOVQ nf+16(FP), CX
	MOVQ rows_base+24(FP), R8
	MOVQ rows_len+32(FP), R9
	MOVQ gp+48(FP), R10
	TESTQ R9, R9
	JEQ done
	TESTQ CX, CX
	JEQ done

rowloop:
	MOVL (R8), AX
	MOVQ AX, BX
	SHLQ $4, BX
	MOVUPD (R10)(BX*1), X0
	IMULQ CX, AX
	LEAQ (SI)(AX*1), R11
	MOVQ DI, R12
	MOVQ CX, R13

featloop:
	MOVBQZX (R11), DX
	SHLQ $4, DX
	MOVUPD (R12)(DX*1), X1
	ADDPD X0, X1
	MOVUPD X1, (R12)(DX*1)
	INCQ R11
	ADDQ $4096, R12
	DECQ R13
	JNZ featloop

	ADDQ $4, R8
	DECQ R9
	JNZ rowloop

done:
	RET
