package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// usageError is a mistake in the command line itself; it exits with status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

// newFlags returns a flag set for one verb that reports errors instead of
// printing or exiting. Flags may be written -name or --name.
func newFlags(area, verb string) *flag.FlagSet {
	fs := flag.NewFlagSet("sibyl "+area+" "+verb, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseFlags parses args and turns any problem, including positional
// arguments left over, into a usage error. -h prints the flags to stderr
// through the returned error.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			var b strings.Builder
			fs.SetOutput(&b)
			fs.PrintDefaults()
			return usagef("flags:\n%s", b.String())
		}
		return usagef("%v", err)
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	return nil
}

// required returns a usage error naming the first flag whose value is empty.
func required(pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			return usagef("--%s is required", pairs[i])
		}
	}
	return nil
}

// splitList splits "a,b,c" into its trimmed, non-empty parts.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parseInts parses "1,2,3" (the flag named name) into ints.
func parseInts(name, s string) ([]int, error) {
	parts := splitList(s)
	out := make([]int, len(parts))
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil {
			return nil, usagef("--%s: %q is not an integer", name, p)
		}
		out[i] = v
	}
	return out, nil
}

// parseFloats parses "80,95" (the flag named name) into float64s.
func parseFloats(name, s string) ([]float64, error) {
	parts := splitList(s)
	out := make([]float64, len(parts))
	for i, p := range parts {
		v, err := strconv.ParseFloat(p, 64)
		if err != nil {
			return nil, usagef("--%s: %q is not a number", name, p)
		}
		out[i] = v
	}
	return out, nil
}

// multiFlag collects a flag given several times (--param a=1 --param b=2).
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, " ") }
func (m *multiFlag) Set(s string) error { *m = append(*m, s); return nil }
