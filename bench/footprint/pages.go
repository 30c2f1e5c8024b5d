package main

import (
	"debug/elf"
	"debug/gosym"
	"fmt"
)

// pageSize is the size of the pages a TLB entry maps (4 KB: Go's text is
// not on huge pages).
const pageSize = 4096

// codePages counts the distinct pages of code that hold the start of a
// function the request ran (p's functions with instructions), as linked
// in bin, and returns the functions found in bin's symbol table. With
// nothing cached, every page the request's code is on costs a page walk
// before its first line is read, about as much as a line from memory:
// functions that run together belong on few pages. The linker lays a
// package's functions out in source order unless the layout is random
// (-randlayout), so the count means something for the default layout.
func codePages(bin string, p profile) (pages, found int, err error) {
	f, err := elf.Open(bin)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	// The runtime's own table of functions, there even in a stripped
	// binary (go test strips its own).
	sec, text := f.Section(".gopclntab"), f.Section(".text")
	if sec == nil || text == nil {
		return 0, 0, fmt.Errorf("%s: no .gopclntab or .text section", bin)
	}
	data, err := sec.Data()
	if err != nil {
		return 0, 0, fmt.Errorf("%s: %v", bin, err)
	}
	tab, err := gosym.NewTable(nil, gosym.NewLineTable(data, text.Addr))
	if err != nil {
		return 0, 0, fmt.Errorf("%s: %v", bin, err)
	}
	addr := make(map[string]uint64, len(tab.Funcs))
	for _, fn := range tab.Funcs {
		addr[fn.Name] = fn.Entry
	}
	seen := map[uint64]bool{}
	for fn, c := range p {
		if a, ok := addr[fn]; ok && c.ir > 0.5 {
			found++
			seen[a/pageSize] = true
		}
	}
	return len(seen), found, nil
}

// pagesLine is the line report prints about code pages, one count per
// layout (the first is the linker's own layout).
func pagesLine(counts []int) string {
	return fmt.Sprintf("  code pages            %8d  (holding the start of a function run, in the linker's own layout; per layout %v)", counts[0], counts)
}
