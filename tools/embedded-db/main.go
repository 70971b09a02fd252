// Command embedded-db runs FerretDB with its SQLite backend as a MongoDB-wire
// compatible server for Tessera's development and tests, where no MongoDB
// server can be installed. It exits cleanly on SIGINT/SIGTERM and when its
// parent process dies (stdin closes), so it never outlives the API.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	dir := flag.String("dir", ".data/db", "directory for the SQLite files")
	watchStdin := flag.Bool("watch-stdin", false, "exit when stdin closes (the parent died)")
	flag.Parse()

	if err := os.MkdirAll(*dir, 0o700); err != nil {
		log.Fatalf("embedded-db: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if *watchStdin {
		// A pipe from the parent closes when the parent dies, even by SIGKILL.
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	db, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Handler:   "sqlite",
		SQLiteURL: "file:" + *dir + "/",
	})
	if err != nil {
		log.Fatalf("embedded-db: %v", err)
	}

	go indexIDs(ctx, *dir, time.Second)

	// Port 0 in -listen lets the system choose a free port; this line says which, once it accepts connections.
	// The parent needs neither to choose a port that another process could take before we listen, nor to poll.
	go func() {
		address := strings.TrimSuffix(strings.TrimPrefix(db.MongoDBURI(), "mongodb://"), "/")
		fmt.Printf("embedded-db listening on %s, data in %s\n", address, *dir)
	}()
	db.Run(ctx)
}
