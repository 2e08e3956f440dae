package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// version is the release; it is overridden at link time for builds of tags.
var version = "0.1.0-dev"

func init() {
	register(command{area: "version", verb: "show", summary: "print the version", run: runVersion})
}

func runVersion(_ context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("version", "show")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	rev := ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				rev = s.Value
			}
		}
	}
	if *asJSON {
		return writeJSON(stdout, map[string]string{"version": version, "go": runtime.Version(), "revision": rev})
	}
	_, err := fmt.Fprintf(stdout, "sibyl %s (%s)\n", version, runtime.Version())
	return err
}
