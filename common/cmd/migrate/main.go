// Command migrate applies a service's migrations folder to a database. make gen
// uses it to prepare the database goctl reads the models from; services apply
// their own embedded migrations at start.
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
	dir := flag.String("dir", "", "folder of NNNN_name.sql files")
	flag.Parse()
	if *dsn == "" || *dir == "" {
		fmt.Fprintln(os.Stderr, "usage: migrate -dsn postgres://... -dir service/migrations")
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	applied, err := migrate.Up(ctx, *dsn, os.DirFS(*dir))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("applied %d migration(s) from %s\n", len(applied), *dir)
}
