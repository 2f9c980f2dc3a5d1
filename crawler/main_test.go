package crawler

import (
	"testing"

	"go.uber.org/goleak"

	"github.com/newsarchive/newsarchive/internal/testmain"
)

// TestMain fails the package's tests if any goroutine (a worker, a storer, an HTTP connection)
// outlives them.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.Cleanup(testmain.Exit))
}
