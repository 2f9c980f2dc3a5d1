package archive

import (
	"bufio"
	"context"
	"crypto/sha256"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/internal/testchild"
	"github.com/newsarchive/newsarchive/internal/testmain"
)

// The kill tests' child: envChildDB names the archive it works on (unset, the test is
// skipped) and envChildRun what it runs there, a page per batch, printing "ok" after each commit
// until it ends ("done") or is killed: "renumber" (UpgradeRecords, for TestCrashUpgradeRecords),
// "slim" (SlimVersions, for TestCrashSlimVersions) or "pagerecs" (UpgradePageRecords, for
// TestCrashUpgradePageRecords). A run "check-dump" or "check-read" checks the archive instead
// (see checkedInChild).
const (
	envChildDB  = "ARCHIVE_CHILD_DB"
	envChildRun = "ARCHIVE_CHILD_RUN"
)

func TestKilledChild(t *testing.T) {
	path := os.Getenv(envChildDB)
	if path == "" {
		t.Skip("run by the kill tests")
	}
	run := os.Getenv(envChildRun)
	if how, ok := strings.CutPrefix(run, "check-"); ok {
		checkChild(t, path, how)
		return
	}
	s, err := Open(context.Background(), path, Options{LockTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	switch run {
	case "renumber":
		_, err = s.upgradeRecords(context.Background(), 1, func(RenumberStats) { fmt.Println("ok") })
	case "slim":
		_, err = s.slimVersions(context.Background(), 1, func(VersionStats) { fmt.Println("ok") })
	case "pagerecs":
		_, err = s.upgradePageRecords(context.Background(), 1, func(PageRecordStats) { fmt.Println("ok") })
	default:
		err = fmt.Errorf("unknown run %q", run)
	}
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("done")
}

// checkChild opens the archive at path read-only, prints the sha256 of what it reads (dump's
// text for how "dump", readAll's for "read") as "sum <hex>", and verifies it: "verified" or
// "verify: <error>".
func checkChild(t *testing.T, path, how string) {
	s, err := Open(context.Background(), path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	read := dump
	if how == "read" {
		read = readAll
	}
	fmt.Printf("sum %x\n", sha256.Sum256([]byte(read(t, s))))
	if err := s.Verify(context.Background()); err != nil {
		fmt.Printf("verify: %v\n", err)
		return
	}
	fmt.Println("verified")
}

// checkedInChild checks the archive at path as a kill test does after each kill: it reads as
// want (dump's text for how "dump", readAll's for "read") and verifies. A child without the race
// detector does the reading (see checkChild), as a kill test's twenty checks under the detector
// cost the package's tests most of their time; what it finds wrong is returned as text, "" when
// all is well. The test checks the archive once more itself at its end.
func checkedInChild(t *testing.T, path, how, want string) string {
	t.Helper()
	cmd := exec.Command(childBinary(), "-test.run=^TestKilledChild$")
	cmd.Env = append(os.Environ(), envChildDB+"="+path, envChildRun+"=check-"+how)
	out, err := cmd.Output()
	if err != nil {
		return fmt.Sprintf("the checking child failed: %v\n%s", err, out)
	}
	var problems []string
	if !strings.Contains(string(out), fmt.Sprintf("sum %x\n", sha256.Sum256([]byte(want)))) {
		problems = append(problems, "the records read differently")
	}
	if !strings.Contains(string(out), "\nverified\n") {
		problems = append(problems, "verify failed: "+string(out))
	}
	return strings.Join(problems, "; ")
}

// childBinary is the binary the kill tests run as their child: this package's tests built
// without the race detector (see testchild), since a child only writes until it is killed.
var childBinary = testchild.Binary("archive")

// runKilledChild runs TestKilledChild's run on path and kills it with SIGKILL once it has
// printed "ok" commits times and a further pause has passed, or lets it end when commits is
// negative; it reports whether the child printed "done".
func runKilledChild(t *testing.T, run, path string, commits int, pause time.Duration) bool {
	t.Helper()
	cmd := exec.Command(childBinary(), "-test.run=^TestKilledChild$", "-test.v")
	cmd.Env = append(os.Environ(), envChildDB+"="+path, envChildRun+"="+run)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	finished, seen := false, 0
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		switch sc.Text() {
		case "ok":
			if seen++; seen == commits {
				time.Sleep(pause)
				_ = cmd.Process.Kill() // SIGKILL
			}
		case "done":
			finished = true
		}
	}
	err = cmd.Wait()
	if commits < 0 && (err != nil || !finished) {
		t.Fatalf("child: %v (finished %v)", err, finished)
	}
	return finished
}

// Killing UpgradeRecords with SIGKILL 20 times, each after a random number of its commits and a
// random pause (so some kills land inside a transaction), leaves an archive that reads exactly
// as before and verifies after every kill; each run takes up where the last one was killed, and
// a last run finishes the move.
//
// It does not run in parallel: a child holds copies of this process's descriptors from its fork
// to its exec, a run lock's among them, which a parallel test closing and opening an archive
// again would find still held.
func TestCrashUpgradeRecords(t *testing.T) {
	testmain.WithoutRace(t, "kills a child process 20 times")
	const kills = 20
	path := filepath.Join(t.TempDir(), "old.db")
	want := legacyArchive(t, path, 100) // 20 kills after 1–3 commits of a page each move at most ~80
	rng := rand.New(rand.NewPCG(1, 2))
	points := map[int]bool{}
	for kill := range kills {
		if runKilledChild(t, "renumber", path, 1+rng.IntN(3), time.Duration(rng.IntN(1500))*time.Microsecond) {
			t.Fatalf("kill %d: the child finished before its kill", kill)
		}
		n, _ := numberedPages(t, path)
		points[n] = true
		if problem := checkedInChild(t, path, "dump", want); problem != "" {
			t.Errorf("kill %d (%d pages numbered): %s", kill, n, problem)
		}
	}
	// Each kill must have left the move further along.
	if len(points) < kills/2 {
		t.Errorf("the kills left only %d distinct numbers of moved pages: %v", len(points), points)
	}
	t.Logf("the kills left %d distinct numbers of moved pages, up to %d of %d", len(points), slices.Max(slices.Collect(maps.Keys(points))), strings.Count("\n"+want, "\npages "))
	if !runKilledChild(t, "renumber", path, -1, 0) {
		t.Fatal("the run after the last kill did not finish")
	}
	if n, keyed := numberedPages(t, path); keyed != 0 || n == 0 {
		t.Errorf("after the last run: %d pages numbered, %d URL keys left", n, keyed)
	}
	s, err := Open(context.Background(), path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := dump(t, s); got != want {
		t.Error("the records read differently after the last run")
	}
	if err := s.Verify(t.Context()); err != nil {
		t.Error(err)
	}
}
