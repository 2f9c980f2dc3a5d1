package archive

import (
	"fmt"
)

// getPage reads url's page record; found is false when the archive has no such page.
func getPage(tx *txn, url string) (Page, bool, error) {
	b := tx.Bucket(bucketPages).Get([]byte(url))
	if b == nil {
		return Page{}, false, nil
	}
	p, err := decodePage([]byte(url), b)
	if err != nil {
		return Page{}, false, fmt.Errorf("page %s: %w", url, err)
	}
	return p, true, nil
}

// putRecord stores a version, capture or content record plain: the bucket compresses it (txn.go),
// alone when it goes into the bucket, with the page's other records in a page record.
func putRecord(tx *txn, bucket, key []byte, v any) error {
	b, err := encodePlain(v)
	if err != nil {
		return err
	}
	if err := tx.Bucket(bucket).Put(key, b); err != nil {
		return fmt.Errorf("put %s: %w", bucket, err)
	}
	return nil
}
