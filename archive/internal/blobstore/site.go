package blobstore

import (
	"encoding/json"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// Dictionary rule. Each site has one current dictionary: a blob holding the concatenation of
// some of the site's own recent pages, used as zstd's raw dictionary (its initial history) for
// every new page of the site that is not a recapture stored as a delta. A page compressed with
// it finds its chrome (head, menus, sidebars, footer) there and costs little more than its own
// text.
//
// The site's state (bucket "sites") remembers the site's newest pages (recentPages of them) and
// how well the dictionary is doing. A batch makes a new dictionary for a site when:
//
//  1. the site has none yet: from the batch's own new pages of the site;
//  2. the dictionary is still small (under half of DictBytes) and the site now has at least
//     twice as many bytes of recent pages: it grows with the site's first pages, 1 → 2 → 4 → 8
//     pages, so a site's first batch is not stuck with a one-page dictionary;
//  3. the site changed: after at least refreshAfter pages coded with the dictionary, the moving
//     average of their compressed/raw ratio is above refreshFactor times its average over the
//     first baselinePages (a redesign makes the old chrome useless).
//
// A new dictionary is the newest recent pages that fit in DictBytes, oldest first (zstd reaches
// the end of its history most cheaply, so the newest page goes last). It is stored like any blob,
// compressed alone, in the same batch as the first pages that use it; old dictionaries stay,
// since the pages coded with them refer to them.
const (
	recentPages   = 16
	minDictPage   = 1 << 10
	baselinePages = 16
	refreshAfter  = 64
	refreshFactor = 1.5
)

// siteState is a site's dictionary bookkeeping, stored as JSON under siteKey.
type siteState struct {
	Dict      ID      `json:"dict"`
	DictSize  int     `json:"dict_size"`
	DictPages []ID    `json:"dict_pages,omitempty"`
	Recent    []ID    `json:"recent,omitempty"`
	Sizes     []int   `json:"sizes,omitempty"` // raw sizes of Recent
	N         int     `json:"n"`               // pages coded with Dict, not in it
	Base      float64 `json:"base"`            // mean ratio of the first baselinePages
	Avg       float64 `json:"avg"`             // moving average of the ratio since
}

func loadSite(b buckets, site string) (siteState, error) {
	var st siteState
	if b.sites == nil {
		return st, nil
	}
	v := b.sites.Get(siteKey(site))
	if v == nil {
		return st, nil
	}
	if err := json.Unmarshal(v, &st); err != nil {
		return st, fmt.Errorf("%w: site state of %q: %v", ErrCorrupt, site, err)
	}
	return st, nil
}

func putSite(b *bolt.Bucket, site string, st *siteState) error {
	v, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("blobstore: site state: %w", err)
	}
	return b.Put(siteKey(site), v)
}

// siteKey is "@" + the site's name: bbolt refuses the empty key of the site "".
func siteKey(site string) []byte { return append([]byte("@"), site...) }

// page is a candidate dictionary page: a site's new page, with its bytes when the batch has them.
type page struct {
	id   ID
	size int
	data []byte
}

// wantDict reports whether a batch with the new pages fresh must make a new dictionary for a
// site in state st, by the rule above.
func (st *siteState) wantDict(fresh []page, maxBytes int) bool {
	if st.Dict.IsZero() {
		return len(fresh) > 0
	}
	if st.DictSize < maxBytes/2 {
		total := 0
		for _, p := range st.recent(fresh, maxBytes) {
			total += p.size
		}
		return total >= 2*st.DictSize
	}
	return st.N >= refreshAfter && st.Avg > refreshFactor*st.Base
}

// recent returns the newest pages, stored ones then fresh ones, that fit in maxBytes, oldest
// first; at least one.
func (st *siteState) recent(fresh []page, maxBytes int) []page {
	all := make([]page, 0, len(st.Recent)+len(fresh))
	for i, id := range st.Recent {
		all = append(all, page{id: id, size: st.Sizes[i]})
	}
	all = append(all, fresh...)
	total, from := 0, len(all)
	for from > 0 && (from == len(all) || total+all[from-1].size <= maxBytes) {
		total += all[from-1].size
		from--
	}
	return all[from:]
}

// newDict starts counting for a new dictionary made of pages.
func (st *siteState) newDict(id ID, size int, pages []page) {
	st.Dict, st.DictSize, st.N, st.Base, st.Avg = id, size, 0, 0, 0
	st.DictPages = st.DictPages[:0]
	for _, p := range pages {
		st.DictPages = append(st.DictPages, p.id)
	}
}

// remember adds fresh pages to the recent ones.
func (st *siteState) remember(fresh []page) {
	for _, p := range fresh {
		st.Recent = append(st.Recent, p.id)
		st.Sizes = append(st.Sizes, p.size)
	}
	if n := len(st.Recent) - recentPages; n > 0 {
		st.Recent, st.Sizes = st.Recent[n:], st.Sizes[n:]
	}
}

// observe records the ratio of a page coded with the dictionary; pages inside it say nothing.
func (st *siteState) observe(id ID, stored, raw int) {
	if raw == 0 || slices.Contains(st.DictPages, id) {
		return
	}
	r := float64(stored) / float64(raw)
	st.N++
	switch {
	case st.N <= baselinePages:
		st.Base += (r - st.Base) / float64(st.N)
		st.Avg = st.Base
	default:
		st.Avg += (r - st.Avg) / baselinePages
	}
}
