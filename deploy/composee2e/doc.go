// Package composee2e runs deploy/docker-compose.yml in real containers and
// drives the suite it brings up: `make compose-e2e` (prepare.sh builds the
// images, then the test runs with the build tag composee2e). docs/deploy.md
// says what it proves and what it does not.
//
// The containers run on podman, through its Docker-compatible API, with the
// docker compose CLI pinned in deploy/composecli; the images are the ones
// deploy/Dockerfile builds, on stand-in base images, and stand-ins of the
// stores' images (deploy/composee2e/images), since no registry is reachable
// here. Without the tag, nothing in this package runs, so `make deploy-test`
// needs no container runtime.
package composee2e
