package archive

import "bytes"

// mergeCursor walks two cursors over disjoint keys as one: a bucket's own keys and those of the
// page records. Forward it keeps both cursors on their next key; backward it seeks both again
// from the key it is on, which the archive does only for short walks.
type mergeCursor struct {
	a, b   cursor
	ka, va []byte
	kb, vb []byte
	cur    []byte // the key returned last; nil before the first and after the end
	fwd    bool   // a and b stand on their first keys after cur
}

func (c *mergeCursor) First() ([]byte, []byte) {
	c.ka, c.va = c.a.First()
	c.kb, c.vb = c.b.First()
	return c.pickNext()
}

func (c *mergeCursor) Seek(k []byte) ([]byte, []byte) {
	c.ka, c.va = c.a.Seek(k)
	c.kb, c.vb = c.b.Seek(k)
	return c.pickNext()
}

func (c *mergeCursor) Next() ([]byte, []byte) {
	if c.cur == nil {
		return nil, nil
	}
	if !c.fwd {
		return c.Seek(keyAfter(c.cur))
	}
	if c.ka != nil && bytes.Equal(c.ka, c.cur) {
		c.ka, c.va = c.a.Next()
	} else if c.kb != nil && bytes.Equal(c.kb, c.cur) {
		c.kb, c.vb = c.b.Next()
	}
	return c.pickNext()
}

func (c *mergeCursor) Last() ([]byte, []byte) {
	ka, va := c.a.Last()
	kb, vb := c.b.Last()
	return c.pickPrev(ka, va, kb, vb)
}

func (c *mergeCursor) Prev() ([]byte, []byte) {
	if c.cur == nil {
		return nil, nil
	}
	ka, va := before(c.a, c.cur)
	kb, vb := before(c.b, c.cur)
	return c.pickPrev(ka, va, kb, vb)
}

// pickNext returns the lesser of the two cursors' keys, leaving the other where it stands.
func (c *mergeCursor) pickNext() ([]byte, []byte) {
	c.fwd = true
	switch {
	case c.ka == nil && c.kb == nil:
		c.cur = nil
		return nil, nil
	case c.kb == nil || (c.ka != nil && bytes.Compare(c.ka, c.kb) < 0):
		c.cur = c.ka
		return c.ka, c.va
	default:
		c.cur = c.kb
		return c.kb, c.vb
	}
}

// pickPrev returns the greater of two keys found walking backward.
func (c *mergeCursor) pickPrev(ka, va, kb, vb []byte) ([]byte, []byte) {
	c.fwd = false
	switch {
	case ka == nil && kb == nil:
		c.cur = nil
		return nil, nil
	case kb == nil || (ka != nil && bytes.Compare(ka, kb) > 0):
		c.cur = ka
		return ka, va
	default:
		c.cur = kb
		return kb, vb
	}
}

// before places c on the greatest key less than k.
func before(c cursor, k []byte) ([]byte, []byte) {
	if got, _ := c.Seek(k); got == nil {
		return c.Last()
	}
	return c.Prev()
}

// keyAfter is the least key greater than k.
func keyAfter(k []byte) []byte {
	return append(bytes.Clone(k), 0)
}
