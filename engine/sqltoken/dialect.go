package sqltoken

import (
	"fmt"
	"strings"
)

// Dialect selects the lexical rules of one database.
type Dialect uint8

// The supported dialects.
const (
	// Generic is standard SQL: '' doubling only, "x" and `x` identifiers,
	// -- and nested /* */ comments, ?, $1 and :name placeholders.
	Generic Dialect = iota
	// PostgreSQL with standard_conforming_strings on (the default since 9.1).
	PostgreSQL
	// MySQL (and MariaDB) in the default sql_mode: backslash escapes,
	// "..." strings, # comments.
	MySQL
	// SQLite.
	SQLite
)

// ParseDialect maps a dialect name to a Dialect, ignoring ASCII case. It
// accepts the names the detectors' API documents ("postgresql", "mysql",
// "sqlite", "generic") and a few common aliases; the empty string means
// Generic.
func ParseDialect(name string) (Dialect, error) {
	for _, a := range dialectNames {
		if strings.EqualFold(name, a.name) {
			return a.d, nil
		}
	}
	return Generic, fmt.Errorf("sqltoken: unknown dialect %q (want postgresql, mysql, sqlite or generic)", name)
}

// dialectNames are the names ParseDialect accepts.
var dialectNames = [...]struct {
	name string
	d    Dialect
}{
	{"postgresql", PostgreSQL}, {"mysql", MySQL}, {"sqlite", SQLite}, {"generic", Generic},
	{"", Generic}, {"postgres", PostgreSQL}, {"pgsql", PostgreSQL}, {"pg", PostgreSQL},
	{"pgx", PostgreSQL}, {"mariadb", MySQL}, {"sqlite3", SQLite},
}

// String returns the dialect's canonical name.
func (d Dialect) String() string {
	switch d {
	case Generic:
		return "generic"
	case PostgreSQL:
		return "postgresql"
	case MySQL:
		return "mysql"
	case SQLite:
		return "sqlite"
	}
	return fmt.Sprintf("Dialect(%d)", uint8(d))
}

// rules are the lexical switches that tell the dialects apart.
type rules struct {
	backslash      bool // \ escapes the next byte in '...' (and "..." strings)
	dqString       bool // "..." is a string, not a quoted identifier
	backtick       bool // `x` is a quoted identifier
	bracket        bool // [x] is a quoted identifier
	hashComment    bool // # starts a line comment
	dashNeedsSpace bool // -- starts a comment only before a blank or the end
	nested         bool // block comments nest
	execComment    bool // /*! ... */ holds code (MySQL, MariaDB /*M! */)
	dollarQuote    bool // $tag$...$tag$ strings, $1 placeholders
	prefixString   bool // E'..' (escapes), U&'..'
	question       bool // ? is a placeholder (PostgreSQL: an operator)
	colonName      bool // :name is a placeholder
	atName         bool // @name is a placeholder (SQLite)
	atVariable     bool // @name, @@name are variables (MySQL), lexed as Ident
	dollarName     bool // $name is a placeholder (SQLite)
	digitIdent     bool // 1abc is one identifier (MySQL)
}

// dialectRules is the table of every dialect's rules.
var dialectRules = [...]rules{
	Generic: {
		backtick: true, nested: true, dollarQuote: true,
		question: true, colonName: true,
	},
	PostgreSQL: {
		nested: true, dollarQuote: true, prefixString: true,
		colonName: true,
	},
	MySQL: {
		backslash: true, dqString: true, backtick: true,
		hashComment: true, dashNeedsSpace: true, execComment: true,
		question: true, colonName: true, atVariable: true, digitIdent: true,
	},
	SQLite: {
		backtick: true, bracket: true,
		question: true, colonName: true, atName: true, dollarName: true,
	},
}

func (d Dialect) rules() rules {
	if int(d) < len(dialectRules) {
		return dialectRules[d]
	}
	return dialectRules[Generic]
}

// BackslashEscapes reports whether a backslash escapes the next byte in
// the dialect's ordinary string literals (MySQL's '...' and "...").
// PostgreSQL's E'...' strings escape whatever the dialect says.
func (d Dialect) BackslashEscapes() bool { return d.rules().backslash }
