// Package testmain holds what a package's TestMain may share: an exit without the race
// detector's wait, and a default -test.parallel for tests that mostly wait.
//
// Under -race, a program that exits with status 0 first sleeps one second (ThreadSanitizer's
// atexit_sleep_ms), to catch goroutines that race with the exit. A test binary has no such
// goroutines worth the wait: testing.M.Run has already failed the run if the detector reported
// a race, in a test or outside one. Sixteen test binaries waiting a second each kept two of
// `go test ./...`'s slots idle for about 8 s of the suite's wall time.
package testmain

import (
	"flag"
	"os"
	"strconv"
	"syscall"
	"testing"
)

// Run runs the package's tests and exits with their code (see Exit). A package whose TestMain
// has nothing to do but run its tests calls it as its whole TestMain.
func Run(m *testing.M) {
	Exit(m.Run())
}

// Exit ends the test binary with code, as os.Exit does, except that a successful run under the
// race detector skips the detector's one-second wait. Call it last: a race in code that runs
// between m.Run and Exit (a TestMain's teardown) is printed but no longer fails the run. Under
// -cover it is os.Exit, which writes the coverage data.
func Exit(code int) {
	if Race && code == 0 && testing.CoverMode() == "" {
		syscall.Exit(0)
	}
	os.Exit(code)
}

// DefaultParallel sets -test.parallel to n unless the command line set it. Call it from
// TestMain before m.Run, in a package whose parallel tests mostly wait (on child processes, a
// server's latency, timeouts) rather than compute: the default, GOMAXPROCS, then leaves the
// machine idle while two such tests wait.
func DefaultParallel(n int) {
	if !flag.Parsed() {
		flag.Parse()
	}
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		flag.Set("test.parallel", strconv.Itoa(n))
	}
}
