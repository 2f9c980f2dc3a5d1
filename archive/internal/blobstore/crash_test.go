package blobstore

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/internal/sitegen"
	"github.com/newsarchive/newsarchive/internal/testchild"
	"github.com/newsarchive/newsarchive/internal/testmain"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// The crash tests run a writer in a child process (this test binary, running one of the helpers
// below) and kill it with SIGKILL at random moments, as the archive's writer opens the
// database only for each transaction; then they check that everything the child reported
// committed reads back and that Verify passes.

const (
	envCrashDB   = "BLOBSTORE_CRASH_DB"
	envCrashMode = "BLOBSTORE_CRASH_MODE"
	envCrashSeed = "BLOBSTORE_CRASH_SEED"
)

// crashKills is how many times each crash test kills its child.
const crashKills = 20

// TestCrashHelper is the child: it writes until killed, printing "ok <id>" for every blob
// after the transaction that indexes it commits. Modes "verify", "readback" and "add" do one thing and
// end: verify the store (printing "verified" or "verify: <error>"), read back every blob listed
// in the file beside the database named <db>.committed ("read <n>") and verify, and add
// TestCrashBackup's round seed of pages ("added"); a child without the race detector does them in a fraction of the
// time.
func TestCrashHelper(t *testing.T) {
	path := os.Getenv(envCrashDB)
	if path == "" {
		t.Skip("run by the crash tests")
	}
	seed, _ := strconv.ParseUint(os.Getenv(envCrashSeed), 10, 64)
	ctx := context.Background()
	switch os.Getenv(envCrashMode) {
	case "verify":
		ts := &testStore{t: t, path: path}
		ts.open(Options{ReadOnly: true})
		printVerify(ts)
		return
	case "readback":
		ts := &testStore{t: t, path: path}
		ts.open(Options{})
		list, err := os.ReadFile(path + ".committed")
		if err != nil {
			fail(err)
		}
		n := 0
		for hex := range strings.FieldsSeq(string(list)) {
			id, err := ParseID(hex)
			if err != nil {
				fail(err)
			}
			if _, err := ts.get(id); err != nil {
				fmt.Printf("committed blob %s: %v\n", id, err)
				return
			}
			n++
		}
		fmt.Printf("read %d\n", n)
		printVerify(ts)
		return
	case "add":
		ts := &testStore{t: t, path: path}
		ts.open(backupOptions)
		ts.put(backupRound(int(seed))...)
		ts.close()
		fmt.Println("added")
		return
	}
	s, err := Open(ctx, DirFor(path), Options{SegmentSize: 256 << 10, UpgradeBatch: 8})
	if err != nil {
		fail(err)
	}
	if err := withDB(path, false, s.Recover); err != nil {
		fail(err)
	}
	switch os.Getenv(envCrashMode) {
	case "write":
		crashWrite(ctx, s, path, seed)
	case "upgrade":
		db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: 10 * time.Second})
		if err != nil {
			fail(err)
		}
		st, err := s.Upgrade(ctx, db, legacyGroups(path+".groups"))
		if err != nil {
			fail(err)
		}
		fmt.Printf("done %d\n", st.Moved)
	case "backup":
		for i := 0; ; i++ {
			if err := backup(ctx, s, path, path+".backup"); err != nil {
				fail(err)
			}
			fmt.Printf("backup %d\n", i)
		}
	}
}

// printVerify verifies the store and prints "verified" or "verify: <error>" for the parent.
func printVerify(ts *testStore) {
	if err := ts.verify(); err != nil {
		fmt.Printf("verify: %v\n", err)
		return
	}
	fmt.Println("verified")
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "helper:", err)
	os.Exit(2)
}

// withDB runs fn in a transaction on the database opened for the call only, as the archive's
// writer and readers do, so other processes can open it between transactions.
func withDB(path string, readOnly bool, fn func(*bolt.Tx) error) error {
	db, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: readOnly, Timeout: 10 * time.Second})
	if err != nil {
		return err
	}
	if readOnly {
		err = db.View(fn)
	} else {
		err = db.Update(fn)
	}
	return errors.Join(err, db.Close())
}

// crashWrite stores batches of new pages and recaptures of earlier ones, forever.
func crashWrite(ctx context.Context, s *Store, path string, seed uint64) {
	site := sitegen.New(7, "https://example.org")
	r := rand.New(rand.NewPCG(seed, 1))
	for batch := 0; ; batch++ {
		var puts []Put
		for range 1 + r.IntN(6) {
			i := r.IntN(400)
			if r.IntN(3) == 0 {
				later := 1 + r.IntN(5)
				p, prev := site.Capture(i, later, r.IntN(2)), site.Capture(i, later-1, 0)
				puts = append(puts, Put{Site: "s", Prev: Sum(prev.HTML), Blobs: [][]byte{p.HTML, []byte(p.Text)}})
			} else {
				puts = append(puts, pagePut(site, "s", i))
			}
		}
		var bt *Batch
		err := withDB(path, true, func(tx *bolt.Tx) error {
			var err error
			bt, err = s.Append(ctx, tx, puts)
			return err
		})
		if err == nil {
			err = withDB(path, false, bt.Commit)
		}
		if err != nil {
			fail(err)
		}
		for _, p := range puts {
			for _, b := range p.Blobs {
				fmt.Printf("ok %s\n", Sum(b))
			}
		}
	}
}

// backup copies the database and the segments as the archive's Backup will.
func backup(ctx context.Context, s *Store, path, dst string) error {
	var sn Snapshot
	err := withDB(path, true, func(tx *bolt.Tx) error {
		var err error
		if sn, err = s.Snapshot(tx); err != nil {
			return err
		}
		return tx.CopyFile(dst+".tmp", 0o644)
	})
	if err != nil {
		return err
	}
	// The database copy goes into place after the segments: a backup whose database is in
	// place has all the segments it refers to.
	if _, err := sn.CopyTo(ctx, DirFor(dst)); err != nil {
		return err
	}
	return os.Rename(dst+".tmp", dst)
}

// helper returns the binary the crash tests run as their child: this package's tests built
// without the race detector (see testchild).
var helper = testchild.Binary("blobstore")

// runChild starts the helper in mode, lets it run for life, and kills it with SIGKILL; it
// returns the lines the child printed. With afterFirst, life counts from the child's first line
// (its first commit), so a slow machine or the race detector does not leave it nothing to
// commit. read, when set, runs in the parent while the child lives.
func runChild(t *testing.T, path, mode string, seed uint64, life time.Duration, afterFirst bool, read func()) []string {
	t.Helper()
	cmd := exec.Command(helper(), "-test.run=^TestCrashHelper$")
	cmd.Env = append(os.Environ(), envCrashDB+"="+path, envCrashMode+"="+mode, fmt.Sprintf("%s=%d", envCrashSeed, seed))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var lines []string
	done := make(chan struct{})
	first := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if len(lines) == 0 {
				close(first)
			}
			lines = append(lines, sc.Text())
		}
	}()
	var stop <-chan time.Time
	if !afterFirst {
		stop = time.After(life)
	}
	exited := make(chan struct{})
	go func() {
		<-done
		close(exited)
	}()
loop:
	for {
		select {
		case <-first:
			if afterFirst && stop == nil {
				stop = time.After(life)
			}
			first = nil
		case <-stop:
			break loop
		case <-exited:
			break loop
		default:
			if read != nil {
				read()
			} else {
				time.Sleep(10 * time.Millisecond)
			}
		}
	}
	_ = cmd.Process.Kill() // SIGKILL
	<-done
	err = cmd.Wait()
	if strings.Contains(stderr.String(), "helper:") {
		t.Fatalf("child failed: %s", stderr.String())
	}
	_ = err
	return lines
}

func TestCrashWrite(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("kills a child process 20 times")
	}
	testmain.WithoutRace(t, "kills a child process 20 times")
	path := filepath.Join(t.TempDir(), "archive.db")
	r := rand.New(rand.NewPCG(42, 0))
	var mu sync.Mutex
	var committed []ID
	reads := 0
	reader, err := Open(context.Background(), DirFor(path), Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	// A reader in this process reads blobs the child committed while the child writes.
	read := func() {
		mu.Lock()
		if len(committed) == 0 {
			mu.Unlock()
			time.Sleep(5 * time.Millisecond)
			return
		}
		id := committed[r.IntN(len(committed))]
		mu.Unlock()
		err := withDB(path, true, func(tx *bolt.Tx) error {
			_, err := reader.Get(context.Background(), tx, id)
			return err
		})
		if err != nil && !errors.Is(err, berrors.ErrTimeout) {
			t.Errorf("reading %s while the writer runs: %v", id, err)
		}
		reads++
		// A read every 10 ms is over a hundred over the run, each opening the database between
		// the child's transactions; more only spends the machine's CPU under the race detector.
		time.Sleep(10 * time.Millisecond)
	}
	for kill := range crashKills {
		lines := runChild(t, path, "write", uint64(kill), time.Duration(r.IntN(120))*time.Millisecond, true, read)
		mu.Lock()
		for _, l := range lines {
			if hex, ok := strings.CutPrefix(l, "ok "); ok {
				id, err := ParseID(hex)
				if err != nil {
					t.Fatalf("child printed %q", l)
				}
				committed = append(committed, id)
			}
		}
		mu.Unlock()
	}
	if len(committed) == 0 {
		t.Fatal("the child never committed")
	}
	// A child without the race detector reads every committed blob back and verifies the
	// store (over a thousand blobs; this process read hundreds while the child wrote).
	list := path + ".committed"
	var ids strings.Builder
	for _, id := range committed {
		fmt.Fprintln(&ids, id)
	}
	if err := os.WriteFile(list, []byte(ids.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := childSays(t, path, "readback", 0)
	if want := fmt.Sprintf("read %d\nverified\n", len(committed)); !strings.Contains(out, want) {
		t.Fatalf("the committed blobs do not read back, or the store does not verify:\n%s", out)
	}
	t.Logf("%d kills, %d committed blobs read back, %d reads while writing", crashKills, len(committed), reads)
}
