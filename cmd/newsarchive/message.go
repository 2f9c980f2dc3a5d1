package main

import "strings"

// packagePrefixes are the words Go packages of this module begin their errors with
// ("archive: open x.db: …", "crawler: import: …"): context for a developer, noise for a user.
// Command names ("export:", "import:") stay: they say which command spoke.
func isPackagePrefix(word string) bool {
	switch word {
	case "archive", "blobstore", "crawler", "warc", "search", "parse", "ingest", "web":
		return true
	}
	return false
}

// userMessage is err's message as a user is shown it: without the package prefixes, wherever in
// the chain of wrapped messages they stand. The error itself keeps them, and its %w chain, for
// errors.Is and the logs of a developer.
func userMessage(err error) string {
	if err == nil {
		return ""
	}
	parts := strings.Split(err.Error(), ": ")
	out := parts[:0]
	for i, p := range parts {
		if i < len(parts)-1 && isPackagePrefix(p) {
			continue
		}
		out = append(out, p)
	}
	return strings.Join(out, ": ")
}
