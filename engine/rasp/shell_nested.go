package rasp

import (
	"path"
	"strings"

	"github.com/sqreen-go/sqreen/engine/shelltoken"
)

// This file finds the scripts a command line hands to a nested shell
// (sh -c 'script', bash -lc "script", eval 'script'): quoting protects an
// input from the outer shell only, and the inner shell parses it again.

// maxShellNesting bounds how many shells deep DetectShell looks.
const maxShellNesting = 2

// isShellProgram reports whether a command word runs a POSIX-like shell.
func isShellProgram(word string) bool {
	switch path.Base(word) {
	case "sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "busybox":
		return true
	}
	return false
}

// isCommandPrefix reports whether a command word runs the next word as the
// command (env, sudo, nohup, exec, ...) or is an assignment before it.
func isCommandPrefix(word string) bool {
	switch path.Base(word) {
	case "env", "sudo", "nohup", "exec", "command", "builtin", "time", "nice", "timeout", "xargs", "doas":
		return true
	}
	eq := strings.IndexByte(word, '=')
	return eq > 0 && strings.IndexAny(word[:eq], "/-. ") < 0
}

// isScriptFlag reports whether an argument of a shell says that the next
// argument is a script: -c, or combined short flags holding c (-lc, -ec).
func isScriptFlag(arg string) bool {
	if len(arg) < 2 || arg[0] != '-' || arg[1] == '-' {
		return false
	}
	for i := 1; i < len(arg); i++ {
		if !isASCIILetter(arg[i]) {
			return false
		}
	}
	return strings.IndexByte(arg[1:], 'c') >= 0
}

// nestedScripts calls fn with every script of command handed to a nested
// shell as one quoted word, and the offset of the script in command; it
// stops when fn returns true.
func nestedScripts(command string, fn func(script string, offset int) bool) {
	const (
		seekCommand = iota // waiting for the command word
		seekFlag           // a shell: waiting for -c
		seekScript         // the next word is a script
		skip               // nothing more in this simple command
	)
	state := seekCommand
	var sc shelltoken.Scanner
	sc.Reset(command)
	for sc.Next() {
		t := sc.Token()
		text := command[t.Start:t.End]
		switch t.Kind {
		case shelltoken.Operator, shelltoken.Newline:
			state = seekCommand
			continue
		case shelltoken.Blank:
			continue
		}
		if !t.WordStart {
			continue
		}
		switch state {
		case seekCommand:
			if !t.Command {
				continue
			}
			switch {
			case isCommandPrefix(text):
				// env, sudo, nohup... and VAR=value: the command follows.
			case text == "eval":
				state = seekScript
			case t.Kind == shelltoken.Literal && isShellProgram(text):
				state = seekFlag
			default:
				state = skip
			}
		case seekFlag:
			if t.Kind == shelltoken.Literal && isScriptFlag(text) {
				state = seekScript
			}
		case seekScript:
			state = skip
			if script, off, ok := quotedWord(command, t); ok && fn(script, off) {
				return
			}
		}
	}
}

// quotedWord returns the text of the word starting with token t when the
// word is one single-quoted string, or one double-quoted string without
// expansions or escapes (what the inner shell then reads verbatim).
func quotedWord(command string, t shelltoken.Token) (string, int, bool) {
	end := t.End
	switch t.Kind {
	case shelltoken.SingleQuoted:
		if end-t.Start < 2 || command[end-1] != '\'' {
			return "", 0, false
		}
	case shelltoken.DoubleQuote:
		close := strings.IndexByte(command[t.End:], '"')
		if close < 0 {
			return "", 0, false
		}
		end = t.End + close + 1
		if strings.ContainsAny(command[t.End:end-1], "\\$`") {
			return "", 0, false
		}
	default:
		return "", 0, false
	}
	if end < len(command) && !isShellBlank(command[end]) && !isWordBreak(command[end]) {
		return "", 0, false // the word goes on after the quotes
	}
	return command[t.Start+1 : end-1], t.Start + 1, true
}
