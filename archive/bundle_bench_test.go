package archive

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"flag"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

var sizeBundle = flag.Bool("bundle", false, "BenchmarkArchiveSize also measures the one-record-a-page layout (docs/STORAGE.md)")

// bundleLayout is a measurement, not a layout the archive has: the records of BenchmarkArchiveSize's
// archive laid out as one record a page, keyed by page number, holding the page's URL, its own
// record, versions, captures and content records compressed together, with an index of 8-byte URL
// hashes to page numbers and the blob index as it is. It is written the way a crawl would write
// it, 64 pages a transaction, so its leaves and freed pages are a crawl's; docs/STORAGE.md
// ("Where the database's bytes go") says why it is measured.
type bundleLayout struct {
	db      *bolt.DB
	blobIDs map[string]bool
	// fullURL keys the URL index by the whole URL (listings by URL prefix stay a cursor walk)
	// instead of 8 bytes of its sha256.
	fullURL bool
}

func openBundleLayout(b *testing.B, fullURL bool) *bundleLayout {
	db, err := bolt.Open(filepath.Join(b.TempDir(), "bundle.db"), 0o644, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return &bundleLayout{db: db, blobIDs: map[string]bool{}, fullURL: fullURL}
}

// bundlePage is one page's records as the archive stores them, decompressed.
type bundlePage struct {
	url     string
	number  uint32
	records [][]byte // JSON: page, versions, captures, contents
	blobs   []string // the blob IDs its captures and contents name, in order
}

// update writes the bundles of every page of the archive at path and the index entries of blobs
// it has not written yet, 64 pages a transaction; it returns the layout's bytes a page.
func (l *bundleLayout) update(b *testing.B, path string, pages int) float64 {
	src, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	var all []bundlePage
	index := map[string][]byte{}
	err = src.View(func(tx *bolt.Tx) error {
		err := tx.Bucket(bucketPages).ForEach(func(k, v []byte) error {
			p, err := readBundlePage(tx, k, v)
			all = append(all, p)
			return err
		})
		if err != nil {
			return err
		}
		return tx.Bucket([]byte("blobstore")).Bucket([]byte("index")).ForEach(func(k, v []byte) error {
			index[string(k)] = bytes.Clone(v)
			return nil
		})
	})
	if err != nil {
		b.Fatal(err)
	}
	// Pages in the order the crawl stored them; blobs no page names (dictionaries) first.
	byNumber := make([]bundlePage, len(all)+1)
	for _, p := range all {
		byNumber[p.number] = p
	}
	var first [][2][]byte
	named := map[string]bool{}
	for _, p := range all {
		for _, id := range p.blobs {
			named[id] = true
		}
	}
	for k, v := range index {
		if !named[hexID(k)] && !l.blobIDs[k] {
			first = append(first, [2][]byte{[]byte(k), v})
			l.blobIDs[k] = true
		}
	}
	l.put(b, nil, first)
	for i := 1; i < len(byNumber); i += 64 {
		batch := byNumber[i:min(i+64, len(byNumber))]
		var blobs [][2][]byte
		for _, p := range batch {
			for _, id := range p.blobs {
				k := string(rawID(b, id))
				if v, ok := index[k]; ok && !l.blobIDs[k] {
					blobs = append(blobs, [2][]byte{[]byte(k), v})
					l.blobIDs[k] = true
				}
			}
		}
		l.put(b, batch, blobs)
	}
	var size int64
	l.db.View(func(tx *bolt.Tx) error {
		size = tx.Size()
		return tx.ForEach(func(name []byte, bk *bolt.Bucket) error {
			var keys, vals int
			bk.ForEach(func(k, v []byte) error { keys += len(k); vals += len(v); return nil })
			st := bk.Stats()
			b.Logf("bundle layout (full URLs %v): %-8s n=%6d keys %4d B/page vals %4d B/page leaf alloc %4d inuse %4d branch %3d (B/page)", l.fullURL, name, st.KeyN,
				keys/pages, vals/pages, st.LeafAlloc/pages, st.LeafInuse/pages, st.BranchAlloc/pages)
			return nil
		})
	})
	return float64(size) / float64(pages)
}

func (l *bundleLayout) put(b *testing.B, batch []bundlePage, blobs [][2][]byte) {
	err := l.db.Update(func(tx *bolt.Tx) error {
		bundles, _ := tx.CreateBucketIfNotExists([]byte("bundles"))
		bundles.FillPercent = appendFill
		urls, _ := tx.CreateBucketIfNotExists([]byte("urls"))
		idx, _ := tx.CreateBucketIfNotExists([]byte("index"))
		for _, p := range batch {
			// The URL goes in too: a record found by its number (or by a hash) names its page.
			rec, err := compressRecord(bytes.Join(append([][]byte{[]byte(p.url)}, p.records...), []byte("\n")))
			if err != nil {
				return err
			}
			key := binary.BigEndian.AppendUint32(nil, p.number)
			if err := bundles.Put(key, rec); err != nil {
				return err
			}
			h := sha256.Sum256([]byte(p.url))
			ukey := h[:8]
			if l.fullURL {
				ukey = []byte(p.url)
			}
			if err := urls.Put(ukey, binary.AppendUvarint(nil, uint64(p.number))); err != nil {
				return err
			}
		}
		for _, kv := range blobs {
			if err := idx.Put(kv[0], kv[1]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// readBundlePage reads a page's records, decompressed, and the blob IDs they name.
func readBundlePage(tx *bolt.Tx, key, raw []byte) (bundlePage, error) {
	number, rec, err := splitNumber(raw)
	if err != nil {
		return bundlePage{}, err
	}
	p := bundlePage{url: string(key), number: number}
	js, err := bundleJSON(rec)
	if err != nil {
		return p, err
	}
	p.records = append(p.records, js)
	prefix := numberPrefix(number)
	for _, name := range [][]byte{bucketVersions, bucketCaptures, bucketContents} {
		c := tx.Bucket(name).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			js, err := bundleJSON(v)
			if err != nil {
				return p, err
			}
			p.records = append(p.records, js)
			var ids struct {
				HTML string `json:"html_blob"`
				Text string `json:"text_blob"`
			}
			if err := json.Unmarshal(js, &ids); err != nil {
				return p, err
			}
			for _, id := range []string{ids.HTML, ids.Text} {
				if id != "" {
					p.blobs = append(p.blobs, id)
				}
			}
		}
	}
	return p, nil
}

// bundleJSON is a stored record's JSON.
func bundleJSON(rec []byte) ([]byte, error) {
	switch rec[0] {
	case recordZstd:
		return uncompressRecord(rec[1:])
	default:
		return rec[1:], nil
	}
}

func rawID(b *testing.B, id string) []byte {
	raw, err := hex.DecodeString(id)
	if err != nil {
		b.Fatal(err)
	}
	return raw
}

func hexID(k string) string { return hex.EncodeToString([]byte(k)) }
