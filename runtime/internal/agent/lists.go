package agent

import (
	"net/netip"
	"sync"
	"sync/atomic"
	"time"
)

// IPList is a set of IP prefixes, each with an optional expiry. Reads are
// lock-free (a snapshot behind an atomic pointer); writes copy it.
type IPList struct {
	mu   sync.Mutex
	snap atomic.Pointer[ipSnapshot]
}

type ipSnapshot struct {
	addrs    map[netip.Addr]time.Time // single addresses
	prefixes map[netip.Prefix]time.Time
}

// Add puts p in the list until the given time (zero: forever). Adding a
// prefix already present replaces its expiry.
func (l *IPList) Add(p netip.Prefix, until time.Time) {
	p = unmapPrefix(p)
	l.update(func(s *ipSnapshot) {
		if p.IsSingleIP() {
			s.addrs[p.Addr()] = until
		} else {
			s.prefixes[p] = until
		}
	})
}

// Remove takes p out of the list.
func (l *IPList) Remove(p netip.Prefix) {
	p = unmapPrefix(p)
	l.update(func(s *ipSnapshot) {
		delete(s.addrs, p.Addr())
		delete(s.prefixes, p)
	})
}

func (l *IPList) update(f func(*ipSnapshot)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	old := l.snap.Load()
	now := time.Now()
	s := &ipSnapshot{addrs: map[netip.Addr]time.Time{}, prefixes: map[netip.Prefix]time.Time{}}
	if old != nil {
		for a, t := range old.addrs {
			if live(t, now) {
				s.addrs[a] = t
			}
		}
		for p, t := range old.prefixes {
			if live(t, now) {
				s.prefixes[p] = t
			}
		}
	}
	f(s)
	if len(s.addrs)+len(s.prefixes) == 0 {
		s = nil // an empty list is no snapshot: Len reads no more than l
	}
	l.snap.Store(s)
}

// Contains reports whether a is in the list and not expired at now.
func (l *IPList) Contains(a netip.Addr, now time.Time) bool {
	s := l.snap.Load()
	if s == nil || !a.IsValid() {
		return false
	}
	a = a.Unmap()
	if t, ok := s.addrs[a]; ok && live(t, now) {
		return true
	}
	for p, t := range s.prefixes {
		if p.Contains(a) && live(t, now) {
			return true
		}
	}
	return false
}

// Len returns the number of entries, expired ones included until the next
// write prunes them. Every request's entry asks it of the IP lists, most
// often empty: then it reads l alone (update stores no snapshot).
func (l *IPList) Len() int {
	s := l.snap.Load()
	if s == nil {
		return 0
	}
	return len(s.addrs) + len(s.prefixes)
}

// empty reports whether the list has no entry, expired or not: it reads l
// alone (see Len).
func (l *IPList) empty() bool { return l.snap.Load() == nil }

// StringList is a set of strings (user ids), each with an optional expiry.
type StringList struct {
	mu   sync.Mutex
	snap atomic.Pointer[map[string]time.Time]
}

// Add puts s in the list until the given time (zero: forever).
func (l *StringList) Add(s string, until time.Time) {
	l.update(func(m map[string]time.Time) { m[s] = until })
}

// Remove takes s out of the list.
func (l *StringList) Remove(s string) {
	l.update(func(m map[string]time.Time) { delete(m, s) })
}

func (l *StringList) update(f func(map[string]time.Time)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	m := map[string]time.Time{}
	if old := l.snap.Load(); old != nil {
		for k, t := range *old {
			if live(t, now) {
				m[k] = t
			}
		}
	}
	f(m)
	l.snap.Store(&m)
}

// Contains reports whether s is in the list and not expired at now.
func (l *StringList) Contains(s string, now time.Time) bool {
	m := l.snap.Load()
	if m == nil || s == "" {
		return false
	}
	t, ok := (*m)[s]
	return ok && live(t, now)
}

func live(until, now time.Time) bool { return until.IsZero() || now.Before(until) }

func unmapPrefix(p netip.Prefix) netip.Prefix {
	if p.Addr().Is4In6() {
		bits := p.Bits() - 96
		if bits < 0 {
			bits = 0
		}
		return netip.PrefixFrom(p.Addr().Unmap(), bits).Masked()
	}
	return p.Masked()
}
