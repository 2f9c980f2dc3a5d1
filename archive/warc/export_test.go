package warc

// WriteWithWarcio lets the external tests (import_test.go) write a WARC with warcio.js.
var WriteWithWarcio = writeWithWarcio
