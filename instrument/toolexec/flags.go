package toolexec

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
)

// buildFlags are the go command flags that change how a package compiles;
// they are forwarded to the go list that builds what the runtime needs, so
// that its archives match the parent build's exactly.
var buildFlags = map[string]bool{ // name -> takes a value
	"race": false, "msan": false, "asan": false, "cover": false, "trimpath": false,
	"linkshared": false, "covermode": true, "coverpkg": true, "tags": true,
	"pgo": true, "gcflags": true, "asmflags": true, "mod": true, "modfile": true,
	"overlay": true, "buildmode": true, "compiler": true, "installsuffix": true,
	"toolexec": true, "buildvcs": true,
}

// valueFlags are the other go command flags that take a value (build, run
// and test flags); their values are skipped, not forwarded.
var valueFlags = map[string]bool{
	"o": true, "p": true, "ldflags": true, "exec": true, "C": true, "run": true,
	"bench": true, "benchtime": true, "count": true, "cpu": true, "parallel": true,
	"timeout": true, "coverprofile": true, "blockprofile": true, "cpuprofile": true,
	"memprofile": true, "mutexprofile": true, "outputdir": true, "trace": true,
	"fuzz": true, "fuzztime": true, "fuzzminimizetime": true, "skip": true,
	"list": true, "shuffle": true, "vet": true, "benchmem": false, "pkgdir": true,
	"reqfmt": true, "debug-actiongraph": true, "debug-trace": true,
}

// ForwardedFlags extracts the build flags from a go command line
// (arguments after the subcommand). Boolean flags given as -x=true keep
// their form; everything after -args is ignored.
func ForwardedFlags(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "-args" || a == "--" {
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			continue
		}
		name := strings.TrimLeft(a, "-")
		name, _, hasValue := strings.Cut(name, "=")
		takes, known := buildFlags[name]
		switch {
		case known && takes && !hasValue && i+1 < len(args):
			out = append(out, a, args[i+1])
			i++
		case known:
			out = append(out, a)
		case valueFlags[name] && !hasValue:
			i++
		}
	}
	return out
}

// parentCommand returns the command line and working directory of the go
// command that started this tool invocation, read from the parent process
// (/proc on Linux, ps elsewhere). GOFLAGS and GOOS/GOARCH/CGO_ENABLED come
// with the environment.
func parentCommand() (flags []string, dir string, err error) {
	ppid := os.Getppid()
	if runtime.GOOS == "linux" {
		data, err := os.ReadFile("/proc/" + strconv.Itoa(ppid) + "/cmdline")
		if err != nil {
			return nil, "", fmt.Errorf("reading the go command's flags: %w", err)
		}
		dir, _ = os.Readlink("/proc/" + strconv.Itoa(ppid) + "/cwd")
		args := strings.Split(strings.TrimRight(string(data), "\x00"), "\x00")
		return goFlags(args), dir, nil
	}
	out, err := exec.Command("ps", "-o", "command=", "-p", strconv.Itoa(ppid)).Output()
	if err != nil {
		return nil, "", fmt.Errorf("reading the go command's flags: %w", err)
	}
	return goFlags(strings.Fields(string(out))), "", nil
}

// goFlags returns the forwarded flags of a full go command line
// ("go build -race ./cmd/x").
func goFlags(argv []string) []string {
	for i := 1; i < len(argv); i++ {
		if !strings.HasPrefix(argv[i], "-") {
			return ForwardedFlags(argv[i+1:])
		}
		if argv[i] == "-C" {
			i++
		}
	}
	return nil
}
