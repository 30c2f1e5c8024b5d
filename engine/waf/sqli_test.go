package waf

import (
	"go/ast"
	"go/parser"
	gotoken "go/token"
	"strconv"
	"strings"
	"testing"
)

func TestDetectSQLi(t *testing.T) {
	tests := []struct {
		in     string
		attack bool
		by     string // expected Match.By when attack; "" = any
	}{
		// Ordinary values.
		{"", false, ""},
		{"a", false, ""},
		{"john", false, ""},
		{"John Smith, Jr.", false, ""},
		{"40184", false, ""},
		{"jane.doe@example.com", false, ""},
		{"O'Reilly", false, ""},
		{"Y'ALL COME BACK NOW", false, ""},
		{"c/ caridad s/n", false, ""},
		{"CHRISTMAS STOCKING \"NOT\" STUFFER", false, ""},
		{"\"LIKE\" STAMP", false, ""},
		{"' = '", true, ByStructure}, // the same shape with single quotes
		{"I'm going; select the blue one (from the list)", false, ""},
		{"He said \"hi\" (select one)", false, ""},
		{"1; exec will create the case 7", false, ""},
		{"please select (at least) one", false, ""},
		{"the case when it rains", false, ""},
		{"sleep (8 hours)", false, ""},

		// Boolean tests, string probes, UNION SELECT.
		{"1' OR '1'='1", true, ByStructure},
		{"' or 1=1--", true, ByStructure},
		{"1 union select password from users", true, ByStructure},
		{"-1 UNION ALL SELECT version,2,3", true, ByStructure},
		{"xxx union (select xxx from users limit 1,1)", true, ByStructure},
		{"0/**/union/*!50000select*/table_name`foo`/**/", true, ByStructure},
		{"HOPE AND 8=3", true, ByStructure},
		{"1e0UNION SELECT 2", true, ByStructure},
		{".1UNION SELECT 2", true, ByStructure},
		{"1.UNION SELECT.2alias", true, ByStructure},
		{"0x1f or 1=1--", true, ByStructure},
		{"order 22K of 3rd size, 5pm delivery", false, ""},
		{"-9336' or 5641=9488#", true, ByStructure},
		{"1')) as gfzb where 7904=7904--", true, ByStructure},
		{"635 and (ascii(substring(VERSION(),1,1))=52)", true, ByStructure},
		{"' OR UserID IS NOT NULL", true, ByStructure},
		{"A' AND 'B", true, ByStructure},
		{"aa'|ascii(1)+1!='1", true, ByStructure},
		{"1' order by 3--", true, ByStructure},
		{"'1' into outfile '/var/www/aa.php' --", true, ByStructure},
		{"FOO)); SELECT PG_SLEEP(5);--", true, ByStructure},
		{"SO_BUY AND IF(1=1,BENCHMARK(1589466,MD5(0X41)),0)", true, ByStructure},

		{"admin'--", true, ByStructure},
		{"admin' #", true, ByStructure},
		{"x\" /*", true, ByStructure},
		{"My \"#1\" fan", false, ""},
		{"rock'n'roll -- yes", false, ""},
		{"FOO BAR'# BLAH", false, ""},
		{"foo'--'bar'", false, ""},
		{"1' -- -", true, ByStructure},

		// Prose and data that share those shapes without being SQL.
		{"1950 or 1960", false, ""},
		{"80% ACRYLIC AND 20% WOOL", false, ""},
		{"\"WOOD\" AND \"SIGN\" AND \"POLKA DOTS\"", false, ""},
		{"5685587||ORDER=||SECTION_ID=||PAGE=2", false, ""},
		{"KNICKIN' AND KNACKIN' SEE WHAT ONFIRE'S PACKIN'", false, ""},
		{"select 'and'", false, ""},
		{"Do not waste an argument for '%'.", false, ""},
		{"or found == false if no such query exists.", false, ""},
		{"symbol in the Go sense, and p.Sym.Local is true for a few", false, ""},
		{"Tom and Jerry = best friends", false, ""},
		{"size and color=red", false, ""},
		{"sleep(8 hours)", false, ""},
		{"the credit union select committee", false, ""},
		{"Order by 5pm please", false, ""},

		// Stacked and nested payloads found by the structural check.
		{"1');select case when 7717=7717 then 1 else null end--", true, ByStructure},
		{"1;(select * from (select(sleep(5)))srmq)#", true, ByStructure},
		{"1' waitfor delay '0:0:5' and 'dtej' like 'dtej", true, ByStructure},
		{"1\" where 6800=6800 procedure analyse(extractvalue(9627,concat(0x5c,(benchmark(5000000,md5(0x4b774c75))))),1)#", true, ByStructure},
		{"1));iif(1305=5656,1,1/0)", true, ByStructure},
		{"; DROP table Users --", true, ByStructure},
		{"1'; insert into users values ('x')--", true, ""},
		{"1; exec xp_cmdshell 'dir'", true, ""},
		{"' create user name identified by 'pass123' --", true, ByStructure},
		{"exec master..xp_cmdshell 'net+users'", true, ByStructure},
		{" waitfor delay '0:0:20' --", true, ByStructure},
		{"waitfor delay '0:0:20' --", true, ByStructure},
		{"declare @s varchar(8000)", true, ""},
		{"delete from my list please", false, ""},
		{"Joe' update profile set", true, ByStructure},
		{"I clicked \"Delete from list\"", false, ""},
		{"Exec(query string, args []Value)", false, ""},
		{"1;exec('sel'+'ect 1')", true, ""},
		{"I'd update my profile", false, ""},
		{"execute the plan", false, ""},
		{"5 (select one)", false, ""},
		{"-1;select case when 1=1 then 1 else null end--", true, ByStructure},
		{"-3752", false, ""},
		{" UNION ALL SELECT @@VERSION,USER(),SLEEP(5),NULL-- ", true, ByStructure},
		{" ORDER BY 1,SLEEP(5)#", true, ByStructure},
		{"AND (SELECT * FROM (SELECT(SLEEP(5)))nQIP)", true, ByStructure},
		{"In case when you arrive, call me", false, ""},
		{"in case when it rains then we stay home", false, ""},
		{"like sleep (a lot)", false, ""},
		{"Order by phone: 555-0100", false, ""},
		{"5 (select one from the list)", true, ""},
		{"1 (select version())", true, ""},
		{"1' and (select @@version)='x", true, ""},
		{"(select * from generate_series(1,1,case when (1=1) then 1 else 0 end) limit 1)", true, ByStructure},
	}
	for _, tt := range tests {
		m, ok := DetectSQLi(tt.in)
		if ok != tt.attack {
			t.Errorf("DetectSQLi(%q) = %+v, %v; want %v", tt.in, m, ok, tt.attack)
			continue
		}
		if ok && tt.by != "" && m.By != tt.by {
			t.Errorf("DetectSQLi(%q) by %q (%+v); want by %q", tt.in, m.By, m, tt.by)
		}
		if IsSQLi(tt.in) != ok {
			t.Errorf("IsSQLi(%q) disagrees with DetectSQLi", tt.in)
		}
	}
}

func TestStructuralSQLiEvidence(t *testing.T) {
	tests := []struct {
		in, construct, at string // at: the value from the reported offset on starts with it
	}{
		{"1');select case when 1=1 then 1 else null end--", "stacked statement", "select case"},
		{"1' (select x from t)", "sub-select", "select x"},
		{"1' and 1=(select 1) union all select 2", "sub-select", "select 1"},
		{"1' union all select 2", "sub-select", "select 2"},
		{"1) waitfor delay '0:0:5'", "waitfor delay", "waitfor"},
		{"1' or (case when 1=1 then 1 end)", "case when", "case"},
		{"1 procedure analyse(1)", "procedure analyse", "procedure"},
		{"1\" and sleep(5)#", "function call", "sleep(5)"},
		{"1' and DBMS_LOCK.SLEEP(5)--", "function call", "DBMS_LOCK"},
	}
	for _, tt := range tests {
		name, off, ok := structuralSQLi(tt.in)
		if !ok || name != tt.construct || off < 0 || off >= len(tt.in) || !hasPrefixFold(tt.in[off:], lowerASCII(tt.at)) {
			t.Errorf("structuralSQLi(%q) = %q, %d, %v; want %q at %q", tt.in, name, off, ok, tt.construct, tt.at)
		}
	}
}

func TestClosingQuote(t *testing.T) {
	tests := []struct {
		in   string
		q    byte
		want int
	}{
		{"abc", '\'', -1},
		{"a'b", '\'', 1},
		{"it''s", '\'', -1},
		{`it\'s`, '\'', -1},
		{`it\'s' or`, '\'', 5},
		{`say "hi"`, '"', 4},
		{`a''`, '\'', -1},
		{`a'''`, '\'', 3},
	}
	for _, tt := range tests {
		if got := closingQuote(tt.in, tt.q); got != tt.want {
			t.Errorf("closingQuote(%q, %q) = %d; want %d", tt.in, tt.q, got, tt.want)
		}
	}
}

func TestSQLInert(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"john", true},
		{"john smith", true},
		{"Campello, el", true},
		{"40184", true},
		{"jane.doe@example.com", true},
		{"1 or 1", false},
		{"1.UNION SELECT.2", false},
		{"x union select y", false},
		{"O'Reilly", false},
		{"a=b", false},
		{"a--", false},
		{"a(b)", false},
		{"$$$$0@", false},
		{"en-US", true},
		{"2024-01-31", true},
		{"550e8400-e29b-41d4-a716-446655440000", true},
		{"1-version", true},
		{"1-@x", false},
		{"1-null", false},
		{"0x1anot@", false},
		{"a-", false},
		{"-a", false},
		{"a--b", false},
		{"1 - 1", false},
		{"true", true},
		{"NULL", true},
		{"union", true},
		{"true ", false},
		{"not null", false},
	}
	for _, tt := range tests {
		if got := sqlInert(tt.in); got != tt.want {
			t.Errorf("sqlInert(%q) = %v; want %v", tt.in, got, tt.want)
		}
	}
}

// FuzzDetectSQLi checks that detection never panics, that evidence offsets
// lie inside the value, and that the pre-filter only skips values that the
// full check would not flag.
func FuzzDetectSQLi(f *testing.F) {
	for _, s := range []string{"1' or '1'='1", "john", "1;(select 1)", "O'Reilly", "1 union select 1", "a\"b'c", "1--", ";drop table x",
		"en-US", "550e8400-e29b-41d4", "1-null", "x-or-1", "a-b c-d,e@f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, ok := DetectSQLi(s)
		if ok && m.By == ByStructure && (m.Offset < 0 || m.Offset >= len(s)) {
			t.Fatalf("DetectSQLi(%q) offset %d out of range", s, m.Offset)
		}
		if len(s) >= 2 && sqlInert(s) {
			if m, ok := detectSQLi(s); ok {
				t.Fatalf("pre-filter skipped %q, which the full check flags (%+v)", s, m)
			}
		}
	})
}

// TestSingleWordInert backs the single-word rule of sqlInert: every word
// the pre-filter knows (every string constant of a case of keywords.go and
// sqli.go, read from the source so that the list cannot drift), alone and
// in four casings, is not flagged by the full checks. Any other word is
// inert by the pre-filter's word rule already.
func TestSingleWordInert(t *testing.T) {
	var words []string
	for _, name := range []string{"keywords.go", "sqli.go"} {
		f, err := parser.ParseFile(gotoken.NewFileSet(), name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if cc, ok := n.(*ast.CaseClause); ok {
				for _, e := range cc.List {
					if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == gotoken.STRING {
						w, err := strconv.Unquote(lit.Value)
						if err != nil {
							t.Fatal(err)
						}
						words = append(words, w)
					}
				}
			}
			return true
		})
	}
	if len(words) < 80 {
		t.Fatalf("read %d words from the sources; the switches moved?", len(words))
	}
	for _, w := range words {
		alt := []byte(w)
		for i := 0; i < len(alt); i += 2 {
			alt[i] = upperByte(alt[i])
		}
		for _, v := range []string{w, strings.ToUpper(w), strings.ToUpper(w[:1]) + w[1:], string(alt)} {
			if m, ok := detectSQLi(v); ok {
				t.Errorf("the full check flags the word %q (%+v): sqlInert must not skip it", v, m)
			}
		}
	}
}

func upperByte(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = lowerByte(c)
	}
	return string(b)
}

// TestSQLInertExhaustive checks the pre-filter against the full check on
// every string of up to four pieces drawn from keywords, words, numbers
// and the bytes the pre-filter lets through (and '$', which it does not).
func TestSQLInertExhaustive(t *testing.T) {
	pieces := []string{"1", "a", "-", ".", "@", " ", ",", "or", "x", "0x1", "_", "e", "union", "1e5",
		"\xa0", "select", "é", "1.", "not", "null", "is", "$", "true", "@@", "version", "a1", "0x",
		"char", "user", "sleep", "in", "like", "div", "exists", "binary"}
	var walk func(prefix string, depth int)
	walk = func(prefix string, depth int) {
		if len(prefix) >= 2 && sqlInert(prefix) {
			if m, ok := detectSQLi(prefix); ok {
				t.Errorf("pre-filter skips %q, which the full check flags (%+v)", prefix, m)
			}
		}
		if depth == 4 {
			return
		}
		for _, p := range pieces {
			walk(prefix+p, depth+1)
		}
	}
	walk("", 0)
}

// TestDetectLongValues runs the detectors on long hostile values whose
// cost would explode with a look-ahead that is not bounded; they must
// finish and answer.
func TestDetectLongValues(t *testing.T) {
	for _, unit := range []string{"1' or case when ", "((select a ", "x' and 1=(select ", "';waitfor ", "<a x=' javascript"} {
		v := strings.Repeat(unit, 20000)
		DetectSQLi(v)
		DetectXSS(v)
	}
	if !IsSQLi("1' and 1=(select 1 from t)" + strings.Repeat(" ", 100000)) {
		t.Error("long tail of spaces hides an injection")
	}
}
