package search

import (
	"reflect"

	"github.com/newsarchive/newsarchive/archive"
)

// KindHub is the archive.Page Kind of a listing or section page kept for its links, not an
// article: hidden from search and browsing unless asked for.
const KindHub = "hub"

// IsHub reports whether p is a hub page. archive.Page gains a Kind field ("article" or "hub";
// empty in older archives means article); reading it by name keeps this package compiling
// before and after that change. Once Page.Kind exists, this can become p.Kind == KindHub.
func IsHub(p archive.Page) bool {
	f := reflect.ValueOf(p).FieldByName("Kind")
	return f.IsValid() && f.Kind() == reflect.String && f.String() == KindHub
}
