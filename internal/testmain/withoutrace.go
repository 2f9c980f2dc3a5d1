package testmain

import (
	"regexp"
	"testing"
)

// WithoutRacePattern is the -test.run pattern that selects the tests run without the race
// detector only (see WithoutRace). .ci/run runs them in a step of its own,
// `go test -run '^TestCrash|RSS$' ./...`; TestCIRunsTestsWithoutRace checks that it does.
const WithoutRacePattern = `^TestCrash|RSS$`

// WithoutRace skips t under the race detector. It is for the tests whose point is what other
// processes do: children killed with SIGKILL and the files they leave, a child's peak RSS. The
// detector sees only this process, so it finds nothing there, while it multiplies the cost of
// the checks the parent makes and, for RSS, distorts the measure with its shadow memory: seven
// 20-kill tests cost the race suite about 37 s of CPU on two cores. Without -race (`go test
// ./...`, and .ci/run's second step) the test runs as written.
//
// t's name must match WithoutRacePattern, or the test fails: a test skipped under -race that
// .ci/run's second step does not select would run in neither.
func WithoutRace(t testing.TB, why string) {
	t.Helper()
	if !regexp.MustCompile(WithoutRacePattern).MatchString(t.Name()) {
		t.Fatalf("testmain: %s calls WithoutRace but does not match %q, which selects such tests in .ci/run", t.Name(), WithoutRacePattern)
	}
	if raceEnabled {
		t.Skipf("%s: skipped under -race; run without it (.ci/run: go test -run '%s' ./...)", why, WithoutRacePattern)
	}
}
