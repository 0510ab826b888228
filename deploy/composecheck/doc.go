// Package composecheck holds the static checks of deploy/docker-compose.yml.
// Its tests load the file with compose-spec's Go loader, the one docker
// compose itself uses, with deploy/.env.example as the environment, and hold
// it against what the services' own configs read (package suite).
package composecheck
