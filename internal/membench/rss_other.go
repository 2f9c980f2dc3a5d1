//go:build !linux && !darwin

package main

import (
	"errors"
	"os"
)

// peakRSS is not measured here: only Linux and macOS report a child's peak RSS the same way.
func peakRSS(*os.ProcessState) (int64, error) {
	return 0, errors.New("membench: peak RSS is measured on Linux and macOS only")
}

func selfPeakRSS() (int64, error) { return peakRSS(nil) }
