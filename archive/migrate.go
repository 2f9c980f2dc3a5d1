package archive

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
)

// migrateTimeline upgrades a schema-1 archive in place: each version's fields become a content
// record, each capture learns the content it showed (in schema 1 a capture of an article showed
// the version it was numbered with) and whether it said the page was gone, and every page's
// versions are derived again from its timeline. A version schema 1 made by re-extraction, which
// no capture showed, leaves its content record and text blob behind; `reparse` derives it again.
func migrateTimeline(tx *txn) error {
	var urls []string
	err := tx.Bucket(bucketPages).ForEach(func(k, _ []byte) error {
		urls = append(urls, string(k))
		return nil
	})
	if err != nil {
		return err
	}
	for _, url := range urls {
		if err := migratePage(tx, url); err != nil {
			return fmt.Errorf("%s: %w", url, err)
		}
	}
	return nil
}

func migratePage(tx *txn, url string) error {
	hashes := map[int]string{}
	err := scanPrefix(tx, bucketVersions, url, func(v []byte) error {
		ver, err := decodeVersion(tx, url, v)
		if err != nil {
			return err
		}
		hashes[ver.N] = ver.ContentHash
		return putContent(tx, url, ver.ContentHash, &contentRecord{
			Title: ver.Title, Published: ver.Published, Author: ver.Author, Lead: ver.Lead,
			TextBlob: ver.TextBlob, TextSize: ver.TextSize,
		})
	})
	if err != nil {
		return err
	}
	type kv struct {
		k []byte
		c Capture
	}
	var captures []kv
	err = scanPrefixKV(tx, bucketCaptures, url, func(k, v []byte) error {
		c, err := decodeCapture(url, v)
		if err != nil {
			return err
		}
		switch {
		case c.Status == http.StatusNotFound || c.Status == http.StatusGone:
			c.Gone = "HTTP " + strconv.Itoa(c.Status)
		case c.Status == http.StatusOK && c.HTMLBlob != "":
			c.Content = hashes[c.Version]
		}
		captures = append(captures, kv{bytes.Clone(k), c})
		return nil
	})
	if err != nil {
		return err
	}
	for _, r := range captures {
		if err := putCapture(tx, r.k, &r.c); err != nil {
			return err
		}
	}
	return rederive(tx, url)
}
