//go:build race

package testmain

// raceEnabled says the binary runs under the race detector.
const raceEnabled = true
