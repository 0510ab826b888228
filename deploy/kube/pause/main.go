// Command pause is the sandbox ("pause") container of make kube-up's cluster:
// it holds a pod's namespaces open, reaps the zombies of a pod that shares its
// process namespace, and exits on SIGINT or SIGTERM. The cluster has no image
// registry, so deploy/kube/images.sh builds it as a static binary and commits
// it with buildah as an image of one file.
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	if os.Getpid() != 1 {
		os.Stderr.WriteString("pause: warning: not PID 1\n")
	}
	sig := make(chan os.Signal, 8)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM, syscall.SIGCHLD)
	for s := range sig {
		if s != syscall.SIGCHLD {
			os.Exit(0)
		}
		for {
			var ws syscall.WaitStatus
			pid, err := syscall.Wait4(-1, &ws, syscall.WNOHANG, nil)
			if pid <= 0 || err != nil {
				break
			}
		}
	}
}
