// Command migrate applies a service's migrations folder to a database, with
// the same goose runner the services use on their embedded copy. make gen
// uses it to prepare the database goctl reads the models from.
//
//	migrate -dsn postgres://... -dir user-rpc/migrations [up|status|version]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/zsuite/common/migrate"
)

func main() {
	dsn := flag.String("dsn", "", "Postgres data source name (URL form)")
	dir := flag.String("dir", "", "folder of goose NNNN_name.sql files")
	flag.Parse()
	verb := "up"
	if flag.NArg() > 0 {
		verb = flag.Arg(0)
	}
	if *dsn == "" || *dir == "" || flag.NArg() > 1 {
		fmt.Fprintln(os.Stderr, "usage: migrate -dsn postgres://... -dir service/migrations [up|status|version]")
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := migrate.Run(ctx, verb, *dsn, os.DirFS(*dir), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
