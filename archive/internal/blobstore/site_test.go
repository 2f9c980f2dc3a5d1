package blobstore

import (
	"testing"

	"github.com/newsarchive/newsarchive/internal/sitegen"
	bolt "go.etcd.io/bbolt"
)

// rot13 gives a page a new chrome (and new text) with the same statistics: a redesign.
func rot13(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		switch {
		case c >= 'a' && c <= 'z':
			c = 'a' + (c-'a'+13)%26
		case c >= 'A' && c <= 'Z':
			c = 'A' + (c-'A'+13)%26
		}
		out[i] = c
	}
	return out
}

func TestDictionaryRefreshAfterRedesign(t *testing.T) {
	t.Parallel()
	ts := newTestStore(t, Options{})
	site := sitegen.New(9, "https://example.org")
	state := func() siteState {
		var st siteState
		ts.db.View(func(tx *bolt.Tx) error {
			b, _ := openBuckets(tx)
			st, _ = loadSite(b, "s")
			return nil
		})
		return st
	}
	store := func(from, to int, redesigned bool) (bytes int64) {
		for i := from; i < to; i += 8 {
			var puts []Put
			for k := i; k < min(i+8, to); k++ {
				html := site.Page(k).HTML
				if redesigned {
					html = rot13(html)
				}
				puts = append(puts, Put{Site: "s", Blobs: [][]byte{html}})
			}
			bytes += ts.put(puts...).Bytes
		}
		return bytes
	}
	store(0, 24, false)
	old := float64(store(24, 40, false)) / 16
	before := state()
	if before.Dict.IsZero() || before.Base == 0 {
		t.Fatalf("no dictionary statistics after 40 pages: %+v", before)
	}
	store(40, 100, true)
	after := state()
	if after.Dict == before.Dict {
		t.Fatalf("dictionary not refreshed after a redesign: base %.3f, average %.3f over %d pages", after.Base, after.Avg, after.N)
	}
	// Pages after the refresh compress about as well as before the redesign.
	if per := float64(store(100, 140, true)) / 40; per > 1.3*old {
		t.Errorf("redesigned pages take %.0f bytes each after the refresh, %.0f before the redesign", per, old)
	}
	if err := ts.verify(); err != nil {
		t.Fatal(err)
	}
}

func TestRecent(t *testing.T) {
	t.Parallel()
	st := siteState{}
	var fresh []page
	for i := range 20 {
		fresh = append(fresh, page{id: ID{byte(i)}, size: 100})
	}
	got := st.recent(fresh, 450)
	if len(got) != 4 || got[3].id != (ID{19}) {
		t.Errorf("recent = %d pages ending with %v, want the newest 4", len(got), got[len(got)-1].id[0])
	}
	if got := st.recent(fresh[:1], 10); len(got) != 1 {
		t.Errorf("a page bigger than the dictionary: %d pages, want 1", len(got))
	}
	st.remember(fresh)
	if len(st.Recent) != recentPages || st.Recent[recentPages-1] != (ID{19}) {
		t.Errorf("remember kept %d pages", len(st.Recent))
	}
}
