package sqltoken

// Byte classes, looked up in byteClass.
const (
	clSpace uint8 = 1 << iota
	clDigit
	clIdentStart
	clIdentPart
	clHex
	clOperator
)

// byteClass classifies every byte once, so the scanners' inner loops do
// one table lookup per byte. Built once, never modified.
var byteClass = classifyBytes()

func classifyBytes() [256]uint8 {
	var t [256]uint8
	for c := 0; c < 256; c++ {
		b := byte(c)
		var k uint8
		switch {
		case b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == '\v':
			k |= clSpace
		case '0' <= b && b <= '9':
			k |= clDigit | clIdentPart | clHex
		case ('a' <= b|0x20 && b|0x20 <= 'z') || b == '_' || b >= 0x80:
			k |= clIdentStart | clIdentPart
			if 'a' <= b|0x20 && b|0x20 <= 'f' {
				k |= clHex
			}
		case b == '$':
			k |= clIdentPart
		}
		switch b {
		case '+', '-', '*', '/', '<', '>', '=', '~', '!', '@', '#', '%', '^', '&', '|', '`', '?', '\\':
			k |= clOperator
		}
		t[c] = k
	}
	return t
}

func isSpace(c byte) bool { return byteClass[c]&clSpace != 0 }

// isSpaceOrEnd reports whether c (0 past the end) lets MySQL's -- start a
// comment: a blank, a control byte or the end of the source.
func isSpaceOrEnd(c byte) bool { return c <= ' ' }

func isDigit(c byte) bool      { return byteClass[c]&clDigit != 0 }
func isHexDigit(c byte) bool   { return byteClass[c]&clHex != 0 }
func isRadix(c byte) bool      { c |= 0x20; return c == 'x' || c == 'b' || c == 'o' }
func isIdentStart(c byte) bool { return byteClass[c]&clIdentStart != 0 }
func isIdentPart(c byte) bool  { return byteClass[c]&clIdentPart != 0 }
func isOperator(c byte) bool   { return byteClass[c]&clOperator != 0 }
