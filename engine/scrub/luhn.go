package scrub

import "strings"

// luhnCard reports whether s, made of digits with optional spaces or
// dashes between them, holds 13 to 19 digits that start with 2 to 6 (the
// major industry identifiers of payment cards: Mastercard 2 and 5, Amex
// and JCB 3, Visa 4, Discover and UnionPay 6) and pass the Luhn check.
// Any other byte makes it false. The first-digit rule keeps millisecond
// timestamps (1700000000004) and most order numbers, of which one in ten
// passes Luhn by chance.
func luhnCard(s string) bool {
	first := strings.IndexAny(s, "0123456789")
	if first < 0 || s[first] < '2' || s[first] > '6' {
		return false
	}
	sum, n := 0, 0
	for i := len(s) - 1; i >= 0; i-- {
		c := s[i]
		if c == ' ' || c == '-' {
			continue
		}
		if c < '0' || c > '9' {
			return false
		}
		d := int(c - '0')
		if n%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		n++
	}
	return n >= 13 && n <= 19 && sum%10 == 0
}
