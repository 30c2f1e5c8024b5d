package agent

import "github.com/sqreen-go/sqreen/engine/scrub"

// redacted replaces what is scrubbed.
const redacted = scrub.Redacted

// newScrubber returns the engine's scrubber for cfg's regexes; a regex
// that does not compile is reported and the defaults are used.
func newScrubber(cfg Config) (*scrub.Scrubber, error) {
	s, err := scrub.New(scrub.Config{KeyRegex: cfg.ScrubKeyRegex, ValueRegex: cfg.ScrubValueRegex})
	if err != nil {
		return scrub.Default(), err
	}
	return s, nil
}
