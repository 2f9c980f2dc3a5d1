package archive

import (
	"context"
	"time"
	"github.com/newsarchive/newsarchive/internal/sitegen"
	"fmt"
	"os"
	"testing"

	bolt "go.etcd.io/bbolt"
)

func TestZZDump(t *testing.T) {
	if os.Getenv("DUMPDB") == "" {
		t.Skip()
	}
	path := t.TempDir() + "/d.db"
	s, _ := Open(context.Background(), path, Options{})
	site := sitegen.New(1, "https://baodongkhoi.vn")
	at := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	var batch []Fetch
	for i := range 300 {
		batch = append(batch, sizeFetch(site.Capture(i, 0, 0), at.Add(time.Duration(i)*time.Second)))
	}
	if _, err := s.PutBatch(context.Background(), batch); err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.View(func(tx *bolt.Tx) error {
		for _, name := range []string{"pages", "captures", "contents", "versions", "blobstore"} {
			c := tx.Bucket([]byte(name)).Cursor()
			k, v := c.First()
			for i := 0; i < 200; i++ {
				k, v = c.Next()
			}
			fmt.Printf("== %s key %d %q val %d\n", name, len(k), k, len(v))
			_, rec, _ := splitNumber(v)
			if len(rec) > 0 && rec[0] == recordZstd {
				js, _ := uncompressRecord(rec[1:])
				fmt.Printf("%s\n", js)
			} else {
				fmt.Printf("%x\n", v)
			}
		}
		return nil
	})
}
