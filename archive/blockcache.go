package archive

import (
	"bytes"
	"sync"
)

// blockCache keeps the URL index's blocks decoded across transactions: every lookup of a page
// by URL decodes its block (about 128 URLs), a fifth of the time a reader takes to read a
// page's latest version and its text and HTML. An entry is the block's stored bytes with what
// they decode to, and is used only for the same bytes, so a block that a commit changed is
// decoded again: the cache is never stale, whatever the transaction.
type blockCache struct {
	mu     sync.Mutex
	blocks map[string]cachedBlock
}

type cachedBlock struct {
	raw  []byte
	ents []urlEntry
}

// maxCacheBlocks bounds the cache: about 3.5 MB of news URLs.
const maxCacheBlocks = 256

func newBlockCache() *blockCache { return &blockCache{blocks: map[string]cachedBlock{}} }

// get returns a copy of the entries raw decodes to, if the cache has them.
func (c *blockCache) get(key string, raw []byte) ([]urlEntry, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.blocks[key]
	if !ok || !bytes.Equal(b.raw, raw) {
		return nil, false
	}
	return append([]urlEntry(nil), b.ents...), true
}

// put keeps a copy of raw and ents, making room by forgetting a block when full.
func (c *blockCache) put(key string, raw []byte, ents []urlEntry) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.blocks) >= maxCacheBlocks {
		for k := range c.blocks { // map order: a block at random
			delete(c.blocks, k)
			break
		}
	}
	c.blocks[key] = cachedBlock{raw: bytes.Clone(raw), ents: append([]urlEntry(nil), ents...)}
}
