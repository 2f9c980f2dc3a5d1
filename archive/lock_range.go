//go:build linux || windows

package archive

// lockRange is the byte locked where a lock is a byte range (Linux's OFD lock on the database,
// Windows' locks): far past any real size, so that Windows' mandatory range locks never cover a
// byte anyone reads or writes.
const lockRange = 1 << 62
