package scrub

// luhnCard reports whether s, made of digits with optional spaces or
// dashes between them, holds 13 to 19 digits that pass the Luhn check
// (the check digit of payment card numbers). Any other byte makes it
// false.
func luhnCard(s string) bool {
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
