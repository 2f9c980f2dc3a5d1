//go:build !race

package crawler

// raceEnabled reports a -race build, whose shadow memory multiplies a process's RSS.
const raceEnabled = false
