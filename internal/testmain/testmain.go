// Package testmain ends a package's test binary without the race detector's wait at exit.
//
// Under -race, a program that exits with status 0 first sleeps one second (ThreadSanitizer's
// atexit_sleep_ms), to catch goroutines that race with the exit. A test binary has no such
// goroutines worth the wait: testing.M.Run has already failed the run if the detector reported
// a race, in a test or outside one. Sixteen test binaries waiting a second each kept two of
// `go test ./...`'s slots idle for about 8 s of the suite's wall time.
package testmain

import (
	"os"
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
	if raceEnabled && code == 0 && testing.CoverMode() == "" {
		syscall.Exit(0)
	}
	os.Exit(code)
}
