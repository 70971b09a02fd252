#!/usr/bin/env bash
# Builds the embedded FerretDB wrapper when Go is available (run by `npm install`).
# Without Go, Tessera falls back to mongodb-memory-server or MONGODB_URI.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v go >/dev/null 2>&1; then
  echo "embedded-db: Go not found; skipping (set MONGODB_URI, or mongodb-memory-server will be used)"
  exit 0
fi
go build -trimpath -o bin/embedded-db .
