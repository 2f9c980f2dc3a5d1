package archive

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"io"
	"os"
)

// bbolt's meta page layout, after the 16-byte page header: magic, version, page size, flags,
// root bucket (16 bytes), freelist page, high-water page id, transaction id, checksum.
const (
	boltMagic      = 0xED0CDAED
	pageHeaderSize = 16
	metaSize       = 64
)

// checkTruncated refuses a database file shorter than its own meta page says it is. bbolt maps
// the file into memory and would die of SIGBUS reading past its end, which no recover catches;
// a copy cut short by a full disk or a careless backup must get a clear error instead.
func checkTruncated(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return nil // Open reports it
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.Size() == 0 {
		return nil
	}
	buf := make([]byte, pageHeaderSize+metaSize)
	if _, err := f.ReadAt(buf, 0); err != nil && err != io.EOF {
		return nil
	}
	m0, ok0 := readMeta(buf[pageHeaderSize:])
	if binary.LittleEndian.Uint32(buf[pageHeaderSize:]) != boltMagic {
		return nil // not bbolt at all: bbolt's own check says so
	}
	best, ok := m0, ok0
	if m0.pageSize > 0 && int64(m0.pageSize) < fi.Size() {
		if _, err := f.ReadAt(buf, int64(m0.pageSize)); err == nil || err == io.EOF {
			if m1, ok1 := readMeta(buf[pageHeaderSize:]); ok1 && (!ok || m1.txid > best.txid) {
				best, ok = m1, true
			}
		}
	}
	if !ok {
		return nil
	}
	if need := int64(best.pgid) * int64(best.pageSize); fi.Size() < need {
		return fmt.Errorf("%w: %s is truncated: %d bytes, the database needs %d", ErrCorrupt, path, fi.Size(), need)
	}
	return nil
}

type meta struct {
	pageSize   uint32
	pgid, txid uint64
}

func readMeta(b []byte) (meta, bool) {
	if len(b) < metaSize || binary.LittleEndian.Uint32(b) != boltMagic {
		return meta{}, false
	}
	h := fnv.New64a()
	h.Write(b[:56])
	if h.Sum64() != binary.LittleEndian.Uint64(b[56:]) {
		return meta{}, false
	}
	return meta{pageSize: binary.LittleEndian.Uint32(b[8:]), pgid: binary.LittleEndian.Uint64(b[40:]), txid: binary.LittleEndian.Uint64(b[48:])}, true
}
