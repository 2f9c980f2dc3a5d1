package main

import (
	"errors"
	"os"
	"syscall"
)

// peakRSS is a finished child's peak resident set: ru_maxrss, in KiB on Linux.
func peakRSS(ps *os.ProcessState) (int64, error) {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, errors.New("no rusage")
	}
	return ru.Maxrss << 10, nil
}

// selfPeakRSS is this process's own peak resident set.
func selfPeakRSS() (int64, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, err
	}
	return ru.Maxrss << 10, nil
}
