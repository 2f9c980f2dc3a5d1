package warc

import (
	"errors"
	"fmt"
	"io"

	gowarc "github.com/nlnwa/gowarc/v3"
)

// ErrInvalid is wrapped by the errors of Validate.
var ErrInvalid = errors.New("warc: invalid file")

// Validate reads the WARC file at path with gowarc's strict validation, the checks the
// National Library of Norway runs on its own crawls: the syntax of every record, the fields
// the standard requires of each record type and their values, Content-Length, and the block
// and payload digests. It returns the number of records; the first problem ends the reading
// with an error wrapping ErrInvalid.
func Validate(path string) (int, error) {
	r, err := gowarc.NewWarcFileReader(path, 0, gowarc.WithStrictValidation())
	if err != nil {
		return 0, fmt.Errorf("warc: validate: %w", err)
	}
	defer r.Close()
	n := 0
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err == nil && len(rec.Validation) > 0 {
			err = errors.Join(rec.Validation...)
		}
		if err != nil {
			rec.Close()
			return n, fmt.Errorf("%w: %s: record %d at offset %d: %w", ErrInvalid, path, n+1, rec.Offset, err)
		}
		n++
		if err := rec.Close(); err != nil {
			return n, fmt.Errorf("warc: validate %s: %w", path, err)
		}
	}
}
