package urlhost

// foldRune maps the Unicode look-alikes that IDNA (UTS #46) maps to ASCII
// letters, digits and dots onto them; other runes are returned unchanged.
// It covers the forms attackers use in hosts, not all of UTS #46.
func foldRune(r rune) rune {
	switch {
	case r < 0x80:
		return r
	case 0xFF01 <= r && r <= 0xFF5E: // full-width ASCII
		return r - 0xFEE0
	case r == 0x3002 || r == 0xFF61: // ideographic and half-width full stops
		return '.'
	case 0x24B6 <= r && r <= 0x24CF: // circled capital letters
		return 'a' + r - 0x24B6
	case 0x24D0 <= r && r <= 0x24E9: // circled small letters
		return 'a' + r - 0x24D0
	case 0x2460 <= r && r <= 0x2468: // circled digits 1-9
		return '1' + r - 0x2460
	case r == 0x24EA: // circled digit zero
		return '0'
	case r == 0x2070 || r == 0x2080:
		return '0'
	case r == 0xB9:
		return '1'
	case r == 0xB2 || r == 0xB3:
		return '2' + r - 0xB2
	case 0x2074 <= r && r <= 0x2079: // superscript digits 4-9
		return '4' + r - 0x2074
	case 0x2081 <= r && r <= 0x2089: // subscript digits 1-9
		return '1' + r - 0x2081
	case 0x1D7CE <= r && r <= 0x1D7FF: // mathematical digits
		return '0' + (r-0x1D7CE)%10
	case 0x1D400 <= r && r <= 0x1D6A3: // mathematical letters
		return 'a' + (r-0x1D400)%52%26
	}
	return r
}
