package main

import (
	"os"
	"runtime/debug"
)

// limitHeap sets the Go runtime's soft memory limit to n bytes for a command whose garbage would
// otherwise grow as large as its live heap (export, reparse), unless GOMEMLIMIT sets one; the
// returned function puts the earlier limit back.
func limitHeap(n int64) (restore func()) {
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		return func() {}
	}
	old := debug.SetMemoryLimit(n)
	return func() { debug.SetMemoryLimit(old) }
}
