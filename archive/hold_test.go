package archive

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// TestHold: a held reader reads with the database open once, keeps a writer's commit waiting
// while it is held, and leaves the reader it came from open and current when closed.
func TestHold(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a.db")
	w, err := Open(ctx, path, Options{CommitWait: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	put(t, w, fetch(t0, page("Bản 1.", 1), "Bản 1."))

	whole, err := Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := whole.Hold(ctx); !errors.Is(err, ErrNeedsPerRead) {
		t.Errorf("Hold of a reader without OpenPerRead: %v, want ErrNeedsPerRead", err)
	}
	whole.Close()

	r, err := Open(ctx, path, Options{ReadOnly: true, OpenPerRead: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	h, err := r.Hold(ctx)
	if err != nil {
		t.Fatal(err)
	}
	v, err := h.Version(ctx, pageURL, 0)
	if err != nil {
		t.Fatal(err)
	}
	if text, err := h.Blob(ctx, v.TextBlob); err != nil || string(text) != "Bản 1." {
		t.Fatalf("text through the held reader: %q, %v", text, err)
	}
	second := fetch(t0.Add(time.Hour), page("Bản 2.", 2), "Bản 2.")
	if _, err := w.PutBatch(ctx, []Fetch{second}); err == nil {
		t.Error("a commit went through while a reader held the database")
	}
	w.Close()
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}

	w, err = Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	put(t, w, second)
	vs, err := r.Versions(ctx, pageURL)
	if err != nil || len(vs) != 2 {
		t.Fatalf("the reader after the held one closed: %d versions, %v", len(vs), err)
	}
	if text, err := r.Blob(ctx, vs[1].TextBlob); err != nil || string(text) != "Bản 2." {
		t.Errorf("the new version's text: %q, %v", text, err)
	}
	if err := r.Verify(ctx); err != nil {
		t.Error(err)
	}
}
