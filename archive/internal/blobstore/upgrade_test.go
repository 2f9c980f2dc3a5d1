package blobstore

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"iter"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"
	"github.com/newsarchive/newsarchive/internal/sitegen"
	"github.com/newsarchive/newsarchive/internal/testmain"
	bolt "go.etcd.io/bbolt"
)

// legacyArchive writes a database in the archive's old layout: bucket "blobs", sha256 → format
// byte (0 raw, 1 zstd) + bytes, for pages of two sites, each captured twice, plus a blob that no
// page refers to; pages is the number of pages per site. The groups to move, one a line ("site prev id id…"), go to path.groups. It
// returns every blob by id.
func legacyArchive(t testing.TB, path string, pages int) map[ID][]byte {
	t.Helper()
	db, err := bolt.Open(path, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The old layout's frames are plain zstd of any level: the fastest spares the race detector.
	enc, _ := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1))
	defer enc.Close()
	blobs := map[ID][]byte{}
	var groups strings.Builder
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket(bucketLegacy)
		if err != nil {
			return err
		}
		store := func(data []byte) ID {
			id := Sum(data)
			blobs[id] = data
			v := append([]byte{1}, enc.EncodeAll(data, nil)...)
			if len(data) < 100 {
				v = append([]byte{0}, data...)
			}
			if err := b.Put(id[:], v); err != nil {
				t.Fatal(err)
			}
			return id
		}
		for _, name := range []string{"a", "b"} {
			site := sitegen.New(uint64(len(name)+int(name[0])), "https://"+name+".example.org")
			for i := range pages {
				p := site.Page(i)
				h, x := store(p.HTML), store([]byte(p.Text))
				fmt.Fprintf(&groups, "%s - %s %s\n", name, h, x)
				r := site.Capture(i, 2, i%4)
				h2, x2 := store(r.HTML), store([]byte(r.Text))
				fmt.Fprintf(&groups, "%s %s %s %s\n", name, h, h2, x2)
			}
		}
		store([]byte("orphan"))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path+".groups", []byte(groups.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return blobs
}

// legacyGroups reads the groups legacyArchive wrote, as the archive would list them from its
// records: site by site, each URL's captures oldest first.
func legacyGroups(path string) iter.Seq2[Group, error] {
	return func(yield func(Group, error) bool) {
		data, err := os.ReadFile(path)
		if err != nil {
			yield(Group{}, err)
			return
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			g := Group{Site: f[0]}
			if f[1] != "-" {
				g.Prev, _ = ParseID(f[1])
			}
			for _, h := range f[2:] {
				id, err := ParseID(h)
				if err != nil {
					yield(Group{}, err)
					return
				}
				g.IDs = append(g.IDs, id)
			}
			if !yield(g, nil) {
				return
			}
		}
	}
}

// checkUpgraded checks that every blob reads back from the new layout and none is left behind.
func checkUpgraded(t *testing.T, path string, blobs map[ID][]byte) {
	t.Helper()
	ts := &testStore{t: t, path: path}
	ts.open(Options{})
	for id, want := range blobs {
		got, err := ts.get(id)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("blob %s after upgrade: %v", id, err)
		}
	}
	var st Stats
	ts.db.View(func(tx *bolt.Tx) error {
		st, _ = ts.s.Stats(context.Background(), tx)
		return nil
	})
	if st.LegacyBlobs != 0 || st.Blobs < len(blobs) || st.Deltas == 0 {
		t.Errorf("after upgrade: %+v", st)
	}
	if err := ts.verify(); err != nil {
		t.Fatal(err)
	}
	ts.close()
}

func TestUpgradeResumes(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "old.db")
	// 4 groups a page (two sites, two captures each), of two blobs each: the first run stops
	// five sixths of the way, in the second site, after batches of 16 groups have committed.
	// Under the race detector 12 pages, 48 groups.
	pages := testmain.Scaled(30, 12)
	blobs := legacyArchive(t, path, pages)
	ts := &testStore{t: t, path: path}
	ts.open(Options{UpgradeBatch: 32})
	// Readers see old blobs before the upgrade.
	for id, want := range blobs {
		if got, err := ts.get(id); err != nil || !bytes.Equal(got, want) {
			t.Fatalf("legacy blob %s: %v", id, err)
		}
		break
	}
	// A recapture stored before the upgrade, against a legacy blob: its base moves later.
	site := sitegen.New(uint64(len("a")+int('a')), "https://a.example.org")
	re := site.Capture(3, 9, 1)
	bt := ts.put(Put{Site: "a", Prev: Sum(site.Page(3).HTML), Blobs: [][]byte{re.HTML}})
	if bt.entries[0].e.Base != refOf(Sum(site.Page(3).HTML)) {
		t.Fatal("the recapture was not stored against its legacy previous version")
	}
	// A first run stops part way, as a killed or cancelled run does.
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	groups := func(yield func(Group, error) bool) {
		for g, err := range legacyGroups(path + ".groups") {
			if n++; n == pages*4*5/6 {
				cancel()
			}
			if !yield(g, err) {
				return
			}
		}
	}
	st, err := ts.s.Upgrade(ctx, ts.db, groups)
	if err == nil || st.Moved == 0 || st.Moved >= len(blobs) {
		t.Fatalf("interrupted run: moved %d of %d, err %v", st.Moved, len(blobs), err)
	}
	// Half moved: every blob still reads.
	for id, want := range blobs {
		if got, err := ts.get(id); err != nil || !bytes.Equal(got, want) {
			t.Fatalf("blob %s half way: %v", id, err)
		}
	}
	st2, err := ts.s.Upgrade(context.Background(), ts.db, legacyGroups(path+".groups"))
	if err != nil {
		t.Fatal(err)
	}
	if st.Moved+st2.Moved != len(blobs) || st2.Already == 0 || st2.Missing != 0 {
		t.Errorf("runs moved %d + %d of %d blobs (already %d, missing %d)", st.Moved, st2.Moved, len(blobs), st2.Already, st2.Missing)
	}
	ts.close()
	blobs[Sum(re.HTML)] = re.HTML
	checkUpgraded(t, path, blobs)
	t.Logf("legacy %d bytes → segments %d bytes", st.LegacyBytes+st2.LegacyBytes, st.SegmentBytes+st2.SegmentBytes)
}

func TestCrashUpgrade(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("kills a child process 20 times")
	}
	testmain.WithoutRace(t, "kills a child process 20 times")
	path := filepath.Join(t.TempDir(), "old.db")
	blobs := legacyArchive(t, path, 20)
	// How long an uninterrupted run takes, on a copy: the kills spread over that.
	full := filepath.Join(t.TempDir(), "copy.db")
	copyFile(t, path, full)
	copyFile(t, path+".groups", full+".groups")
	start := time.Now()
	runChild(t, full, "upgrade", 0, time.Minute, false, nil)
	took := time.Since(start)
	left := map[int]bool{}
	for kill := range crashKills {
		runChild(t, path, "upgrade", uint64(kill), took*time.Duration(kill+1)/crashKills, false, nil)
		withDB(path, true, func(tx *bolt.Tx) error {
			left[tx.Bucket(bucketLegacy).Stats().KeyN] = true
			return nil
		})
	}
	// The kills must have landed at different points of the upgrade.
	if len(left) < 3 {
		t.Errorf("legacy blobs left after the kills took only the values %v", left)
	}
	t.Logf("legacy blobs left after each kill took %d distinct values", len(left))
	// Then a run to the end.
	lines := runChild(t, path, "upgrade", 99, time.Minute, false, nil)
	if !slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, "done") }) {
		t.Fatalf("last run did not finish: %q", lines)
	}
	checkUpgraded(t, path, blobs)
}

// backupOptions are the options TestCrashBackup's store is written with: the pages added
// between kills are what the backups copy, not what the test is about, and the fastest level
// spares the machine most of the compression.
var backupOptions = Options{SegmentSize: 256 << 10, Level: zstd.SpeedFastest}

// backupRound is the pages TestCrashBackup adds before kill round: three a round, so the backup
// grows with every kill (and each verify of a backup decodes a few more frames).
func backupRound(round int) []Put {
	site := sitegen.New(8, "https://example.org")
	var puts []Put
	for i := range 3 {
		puts = append(puts, pagePut(site, "s", round*3+i))
	}
	return puts
}

// childSays runs the crash helper once in mode on path (seed given to it) and returns what it
// printed; a child that fails fails the test.
func childSays(t *testing.T, path, mode string, seed int) string {
	t.Helper()
	cmd := exec.Command(helper(), "-test.run=^TestCrashHelper$")
	cmd.Env = append(os.Environ(), envCrashDB+"="+path, envCrashMode+"="+mode, fmt.Sprintf("%s=%d", envCrashSeed, seed))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s child: %v\n%s", mode, err, out)
	}
	return string(out)
}

// Killing a backup at random moments 20 times never leaves a backup in place that is not
// whole. Each kill's backup is verified by a child without the race detector, and the pages
// added between kills are written by one: twenty verifications of a growing store under the
// detector were most of the package's test time. The last backup is verified here too.
func TestCrashBackup(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("kills a child process 20 times")
	}
	testmain.WithoutRace(t, "kills a child process 20 times")
	ts := newTestStore(t, backupOptions)
	ts.put(backupRound(0)...)
	ts.close()
	path := ts.path
	backups, verified := 0, 0
	for kill := range crashKills {
		// A backup takes milliseconds: kills 0 to 57 ms after the first land in all its steps.
		lines := runChild(t, path, "backup", uint64(kill), time.Duration(kill*3)*time.Millisecond, true, nil)
		backups += len(lines)
		// Whatever the kill interrupted, a backup in place is whole.
		if _, err := os.Stat(path + ".backup"); err == nil {
			if out := childSays(t, path+".backup", "verify", 0); !strings.Contains("\n"+out, "\nverified\n") {
				t.Fatalf("backup after kill %d: %s", kill, out)
			}
			verified++
		}
		childSays(t, path, "add", kill+1)
	}
	if backups == 0 || verified == 0 {
		t.Fatalf("%d backups finished, %d verified", backups, verified)
	}
	b := &testStore{t: t, path: path + ".backup"}
	b.open(Options{ReadOnly: true})
	defer b.close()
	if err := b.verify(); err != nil {
		t.Fatalf("the last backup: %v", err)
	}
	t.Logf("%d backups finished between kills, %d verified", backups, verified)
}

// copyFile copies the file src to dst.
func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
