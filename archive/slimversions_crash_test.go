package archive

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/internal/testmain"
)

// readAll is every page of the archive with its versions and captures as readers get them.
func readAll(t *testing.T, s *Store) string {
	t.Helper()
	var b strings.Builder
	for p, err := range s.Pages(t.Context(), "") {
		if err != nil {
			t.Fatal(err)
		}
		vs, err := s.Versions(t.Context(), p.URL)
		if err != nil && !errors.Is(err, ErrNotFound) { // a hub has none
			t.Fatal(err)
		}
		cs, err := s.Captures(t.Context(), p.URL)
		if err != nil {
			t.Fatal(err)
		}
		js, _ := json.Marshal([]any{p, vs, cs})
		b.Write(js)
		b.WriteByte('\n')
	}
	return b.String()
}

// Killing SlimVersions with SIGKILL 20 times, each after a random number of its commits and a
// random pause, leaves an archive that reads exactly as before and verifies after every kill;
// a last run finishes, and every version then names its capture.
//
// Not parallel, for the reason TestCrashUpgradeRecords gives.
func TestCrashSlimVersions(t *testing.T) {
	testmain.WithoutRace(t, "kills a child process 20 times")
	const kills = 20
	path := filepath.Join(t.TempDir(), "old.db")
	legacyArchive(t, path, 100) // versions stored whole, as before schema 6
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpgradeRecords(t.Context()); err != nil {
		t.Fatal(err)
	}
	want := readAll(t, s)
	s.Close()
	rng := rand.New(rand.NewPCG(3, 4))
	for kill := range kills {
		if runKilledChild(t, "slim", path, 1+rng.IntN(3), time.Duration(rng.IntN(1500))*time.Microsecond) {
			t.Fatalf("kill %d: the child finished before its kill", kill)
		}
		if problem := checkedInChild(t, path, "read", want); problem != "" {
			t.Errorf("kill %d: %s", kill, problem)
		}
	}
	if !runKilledChild(t, "slim", path, -1, 0) {
		t.Fatal("the run after the last kill did not finish")
	}
	s, err = Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.SlimVersions(t.Context())
	if err != nil || st.Named != 0 || st.Already < 200 { // two versions of each of 100 pages
		t.Errorf("after the last run: %+v %v, want every version naming its capture", st, err)
	}
	if got := readAll(t, s); got != want {
		t.Error("the archive reads differently after the last run")
	}
}
