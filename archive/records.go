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

func putRecord(tx *txn, bucket, key []byte, v any) error {
	encode := encodeRecord
	if _, _, ok := splitKey(key); ok && !tx.legacy {
		encode = encodePlain // into a page record (txn.go)
	}
	b, err := encode(v)
	if err != nil {
		return err
	}
	if err := tx.Bucket(bucket).Put(key, b); err != nil {
		return fmt.Errorf("put %s: %w", bucket, err)
	}
	return nil
}
