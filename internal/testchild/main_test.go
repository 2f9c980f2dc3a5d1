package testchild

import (
	"testing"

	"github.com/newsarchive/newsarchive/internal/testmain"
)

func TestMain(m *testing.M) { testmain.Run(m) }
