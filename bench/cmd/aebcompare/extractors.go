package main

import (
	"bytes"
	"fmt"
	"net/url"

	readability "github.com/go-shiori/go-readability"
	trafilatura "github.com/markusmobius/go-trafilatura"

	"github.com/newsarchive/newsarchive/parse"
)

// extractor turns one page's HTML into the plain text that is scored. The timed region is one
// call of fn: HTML parsing and text rendering are inside it, file reading and gunzip are not.
type extractor struct {
	name string
	fn   func(html []byte, pageURL string) (string, error)
}

// extractors lists the compared extractors in table order. fallback sets go-trafilatura's
// EnableFallback (its library default is false).
func extractors(fallback bool) []extractor {
	return []extractor{
		{name: "newsarchive", fn: extractNewsarchive},
		{name: "newsarchive-export", fn: extractNewsarchiveExport},
		{name: "trafilatura", fn: func(html []byte, pageURL string) (string, error) {
			return extractTrafilatura(html, pageURL, fallback)
		}},
		{name: "readability", fn: extractReadability},
	}
}

// extractNewsarchive runs this project's extractor; the prediction is Article.Plain, the running
// text (lead and body, without photo captions and byline), which is what the benchmark's ground
// truth holds.
func extractNewsarchive(html []byte, pageURL string) (string, error) {
	a, err := parse.Extract(html, pageURL, nil)
	if err != nil {
		return "", err
	}
	return a.Plain(), nil
}

// extractNewsarchiveExport is the same extraction scored as the archive exports it: Article.Text,
// with captions in place and the byline last. The Vietnamese truth files are written in this form.
func extractNewsarchiveExport(html []byte, pageURL string) (string, error) {
	a, err := parse.Extract(html, pageURL, nil)
	if err != nil {
		return "", err
	}
	return a.Text(), nil
}

// extractTrafilatura runs github.com/markusmobius/go-trafilatura with its default options and the
// page URL set; the prediction is ContentText.
func extractTrafilatura(html []byte, pageURL string, fallback bool) (string, error) {
	opts := trafilatura.Options{
		OriginalURL:    parseURL(pageURL),
		EnableFallback: fallback,
	}
	res, err := trafilatura.Extract(bytes.NewReader(html), opts)
	if err != nil {
		return "", err
	}
	if res == nil {
		return "", fmt.Errorf("trafilatura: no result")
	}
	return res.ContentText, nil
}

// extractReadability runs github.com/go-shiori/go-readability; the prediction is TextContent.
func extractReadability(html []byte, pageURL string) (string, error) {
	art, err := readability.FromReader(bytes.NewReader(html), parseURL(pageURL))
	if err != nil {
		return "", err
	}
	return art.TextContent, nil
}

// parseURL returns nil for an empty or unparsable URL, which both libraries accept.
func parseURL(s string) *url.URL {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil
	}
	return u
}
