// Package testchild builds the tests of the package under test without the race detector, for
// tests whose child processes are killed on purpose (the archive's SIGKILL tests): a child only
// writes until it is killed, and under the race detector it spends most of its short life
// starting up and in the detector's bookkeeping. The parent, which reads and checks what the
// children left, keeps the detector. Dir is where such builds, and the end-to-end tests' build
// of the command, are kept between runs.
package testchild

import (
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Binary returns a function that builds, on its first call, the tests of the package in the
// working directory (where `go test` runs them) into a directory of the system's temporary one
// named after name and that directory, and returns the binary. The directory is kept between
// runs, so the go command finds the binary up to date and skips the link on every run but the
// first after a change. Where the build fails (no go command), the children are this test
// binary itself, under the race detector if it is.
func Binary(name string) func() string {
	return sync.OnceValue(func() string {
		dir, err := Dir(name + "-child")
		if err != nil {
			fmt.Fprintf(os.Stderr, "testchild: building the child without -race: %v\n", err)
			return os.Args[0]
		}
		return build(dir, name)
	})
}

// Dir returns, made if need be, a directory of the system's temporary one named after name and
// the working directory (the package under test), kept between runs for the binaries a test
// builds: the go command then finds them up to date and skips the link. Each call marks the
// directory used and removes the directories of the same name, for other working directories,
// unused for a week (see prune): every checkout leaves its own, tens of megabytes each.
func Dir(name string) (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(wd))
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("%s-%x", name, sum[:8]))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	now := time.Now()
	if err := os.Chtimes(dir, now, now); err != nil {
		return "", err
	}
	prune(name, now.Add(-staleAfter))
	return dir, nil
}

// staleAfter is how long a directory of Dir's goes unused before another checkout's run removes
// it.
const staleAfter = 7 * 24 * time.Hour

// prune removes the directories Dir made for name, for any working directory, last used before
// cutoff. A run of that checkout after the removal only links its binaries again.
func prune(name string, cutoff time.Time) {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), name+"-"+strings.Repeat("[0-9a-f]", 16)))
	for _, d := range dirs {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() && fi.ModTime().Before(cutoff) {
			os.RemoveAll(d)
		}
	}
}

func build(dir, name string) string {
	bin := filepath.Join(dir, name+".test")
	out, err := exec.Command("go", "test", "-c", "-vet=off", "-o", bin, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "testchild: building the child without -race: %v\n%s", err, out)
		return os.Args[0]
	}
	return bin
}
