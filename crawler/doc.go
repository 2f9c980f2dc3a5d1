// Package crawler fetches pages politely and hands them to parse and archive.
//
// Its words: a fetch is one HTTP request and the response to it, after redirects; a hop is one
// request-response pair of a redirect chain, whose headers are kept as sent and received because
// a WARC export needs them.
package crawler
