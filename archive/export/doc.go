// Package export writes archived articles out: text files in the form of the seed articles
// (title, date line, lead, body, captions, byline), and JSON Lines for programs.
package export
