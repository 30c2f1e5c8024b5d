#include "textflag.h"

// func fetch(spans unsafe.Pointer, n int)
//
// For each of the n spans at spans ({start, end uintptr}, 64-byte
// aligned), a PREFETCHT0 of every line from start up to end.
TEXT ·fetch(SB), NOSPLIT, $0-16
	MOVQ spans+0(FP), AX
	MOVQ n+8(FP), CX
	TESTQ CX, CX
	JLE done
span:
	MOVQ 0(AX), DX
	MOVQ 8(AX), BX
line:
	PREFETCHT0 (DX)
	ADDQ $64, DX
	CMPQ DX, BX
	JB line
	ADDQ $16, AX
	DECQ CX
	JNE span
done:
	RET
