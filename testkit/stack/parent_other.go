//go:build !linux

package stack

import "os/exec"

// DieWithParent does nothing where the kernel cannot tie a child's life to
// its parent's (Linux's PR_SET_PDEATHSIG): stop what a killed test left by
// hand there.
func DieWithParent(*exec.Cmd) {}
