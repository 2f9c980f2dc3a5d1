//go:build !race

package testmain

// Race says the binary runs under the race detector. .ci/run runs the suite twice, with the
// detector and without it, so a test may do less under the detector (Scaled, WithoutRace)
// where what it does more of is not concurrency: the run without the detector does all of it.
const Race = false
