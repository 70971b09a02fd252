package main

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite"
)

// FerretDB 1.24's SQLite backend looks documents up by `_ferretdb_sjson->'$._id'`, but indexes `_id` as
// `_ferretdb_sjson->"_id"`. SQLite uses an expression index only for the very same expression, so every `_id`
// equality reads the whole table. indexIDs adds the index those lookups can use to every collection table, as
// tables appear, so that finding a document by `_id` costs the same at a hundred thousand documents as at a
// thousand.
func indexIDs(ctx context.Context, dir string, every time.Duration) {
	seen := map[string]time.Time{} // database file -> modification time when its tables were last indexed
	for {
		files, _ := filepath.Glob(filepath.Join(dir, "*.sqlite"))
		for _, file := range files {
			info, err := os.Stat(file + "-wal")
			if err != nil {
				info, err = os.Stat(file)
			}
			if err != nil || !info.ModTime().After(seen[file]) {
				continue
			}
			if err := indexFile(ctx, file); err != nil {
				log.Printf("embedded-db: indexing %s: %v", filepath.Base(file), err)
				continue
			}
			seen[file] = info.ModTime()
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}

func indexFile(ctx context.Context, file string) error {
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(wal)")
	if err != nil {
		return err
	}
	defer db.Close()

	rows, err := db.QueryContext(ctx, `SELECT table_name FROM _ferretdb_collections`)
	if err != nil {
		return nil // not a FerretDB database yet
	}
	var tables []string
	for rows.Next() {
		var table string
		if err := rows.Scan(&table); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, table)
	}
	rows.Close()

	for _, table := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, table+"_ferretdb_id_lookup", table)
		if _, err := db.ExecContext(ctx, q); err != nil {
			log.Printf("embedded-db: indexing %s: %v", table, err)
		}
	}
	return nil
}
