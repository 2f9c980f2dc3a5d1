package crawler

import (
	"testing"

	"go.uber.org/goleak"

	"github.com/newsarchive/newsarchive/internal/testmain"
)

// TestMain fails the package's tests if any goroutine (a worker, a storer, an HTTP connection)
// outlives them.
func TestMain(m *testing.M) {
	// Its crawl tests wait on timeouts, Retry-After and a trickling server as much as they
	// compute (alone, 7.5 and 7.0 → 6.3 and 5.8 s of wall).
	testmain.DefaultParallel(4)
	goleak.VerifyTestMain(m, goleak.Cleanup(testmain.Exit))
}
