#include "textflag.h"

// func fetch(spans unsafe.Pointer, n int)
//
// For each of the n spans at spans ({start, end uintptr}, 64-byte
// aligned), a PRFM PLDL1KEEP of every line from start up to end.
TEXT ·fetch(SB), NOSPLIT, $0-16
	MOVD spans+0(FP), R0
	MOVD n+8(FP), R1
	CMP $0, R1
	BLE done
span:
	MOVD 0(R0), R2
	MOVD 8(R0), R3
line:
	PRFM (R2), PLDL1KEEP
	ADD $64, R2, R2
	CMP R3, R2
	BLO line
	ADD $16, R0, R0
	SUB $1, R1, R1
	CBNZ R1, span
done:
	RET
