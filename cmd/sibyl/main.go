// Command sibyl fits, scores and evaluates sibyl's models from files.
//
// Usage:
//
//	sibyl AREA VERB [flags]
//
// Every verb that computes something accepts --json, and then prints exactly
// one JSON object on stdout. Errors are one line on stderr: exit status 1 for
// bad input, 2 for bad usage. The contract is spec/cli.md.
//
// Each area registers its verbs from its own file (metrics.go, survival.go,
// forecast.go, churn.go, journey.go, hpo.go) with register.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
)

// command is one `sibyl AREA VERB`.
type command struct {
	area, verb string
	summary    string
	run        func(ctx context.Context, args []string, stdout io.Writer) error
}

var commands = map[string]map[string]command{}

// register adds a verb; it is called from the init functions of the area files.
func register(c command) {
	if commands[c.area] == nil {
		commands[c.area] = map[string]command{}
	}
	if _, dup := commands[c.area][c.verb]; dup {
		panic("sibyl: duplicate command " + c.area + " " + c.verb)
	}
	commands[c.area][c.verb] = c
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command line and returns the exit status. Output goes to
// stdout only when the command succeeds, so a failure leaves stdout empty.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "sibyl: internal error: %v\n", oneLine(fmt.Sprint(r)))
			code = 1
		}
	}()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	area := args[0]
	if area == "version" || area == "--version" {
		area, args = "version", append([]string{"version", "show"}, args[1:]...)
	}
	verbs, ok := commands[area]
	if !ok {
		fmt.Fprintf(stderr, "sibyl: unknown area %q (want one of %s)\n", area, strings.Join(areas(), ", "))
		return 2
	}
	if len(args) < 2 {
		fmt.Fprintf(stderr, "sibyl: %s needs a verb: %s\n", area, strings.Join(verbNames(verbs), ", "))
		return 2
	}
	c, ok := verbs[args[1]]
	if !ok {
		fmt.Fprintf(stderr, "sibyl: unknown verb %q for %s (want one of %s)\n", args[1], area, strings.Join(verbNames(verbs), ", "))
		return 2
	}
	var out strings.Builder
	err := c.run(ctx, args[2:], &out)
	if err != nil {
		fmt.Fprintf(stderr, "sibyl %s %s: %s\n", area, c.verb, oneLine(err.Error()))
		var ue *usageError
		if errors.As(err, &ue) {
			return 2
		}
		return 1
	}
	io.WriteString(stdout, out.String())
	return 0
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func areas() []string {
	out := make([]string, 0, len(commands))
	for a := range commands {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

func verbNames(m map[string]command) []string {
	out := make([]string, 0, len(m))
	for v := range m {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: sibyl AREA VERB [flags]   (each verb: -h for its flags)")
	for _, a := range areas() {
		for _, v := range verbNames(commands[a]) {
			fmt.Fprintf(w, "  %-10s %-14s %s\n", a, v, commands[a][v].summary)
		}
	}
}
