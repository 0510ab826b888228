// Package imagecheck holds the static checks of deploy/Dockerfile and of the
// build context its ignore file (deploy/Dockerfile.dockerignore) lets through,
// read with the pattern matcher docker itself uses.
package imagecheck
