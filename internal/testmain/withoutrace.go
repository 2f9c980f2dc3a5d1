package testmain

import "testing"

// WithoutRace skips t under the race detector, saying why. It is for the tests whose point is
// what other processes do (children killed with SIGKILL and the files they leave, a child's
// peak RSS, a crawl process's answer to a signal or a full disk, a server process and a crawl
// process sharing a database) and for single-goroutine work whose point is its size (an input
// past a cap). The detector sees only this process, where such a test runs only its harness,
// and finds nothing in one goroutine, while it multiplies the
// cost five to ten times and, for RSS, distorts the measure with its shadow memory: seven
// 20-kill tests cost the race suite about 37 s of CPU on two cores. .ci/run's run without the
// detector runs them as written.
func WithoutRace(t testing.TB, why string) {
	t.Helper()
	if Race {
		t.Skipf("%s: skipped under -race; `go test ./...` (.ci/run's second run) runs it", why)
	}
}

// Scaled returns n, or under the race detector small: for a test whose size (seeds of a
// randomised check, records in a data set, depth of a hostile page) is not about concurrency,
// which the detector makes five to ten times as costly. .ci/run's run without the detector
// keeps n.
func Scaled(n, small int) int {
	if Race {
		return small
	}
	return n
}
