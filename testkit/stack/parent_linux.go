package stack

import (
	"os/exec"
	"syscall"
)

// DieWithParent has the kernel kill cmd's process when the process that
// started it dies, however it dies: a test binary killed by its -timeout (or
// by ^C, or kill -9) runs no cleanup, and its services and servers went on
// running, registered in etcd and holding ports, until found by hand.
func DieWithParent(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
}
