#!/usr/bin/env bash
# Rebuilds drizzle/ here with the real drizzle-kit 1.0 (the one pinned in
# tests/fixtures/drizzle/v1/package.json): one migration per steps/NN-<name>.ts, each with its version 7
# snapshot.json. tst_snapshot_plan reads them: every entity kind drizzle-kit 1.0 writes for SQLite.
set -euo pipefail
cd "$(dirname "$0")"
KITDIR=$(cd ../../../fixtures/drizzle/v1 && pwd)
[ -x "$KITDIR/node_modules/.bin/drizzle-kit" ] || (cd "$KITDIR" && npm ci --no-audit --no-fund)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/src"
ln -s "$KITDIR/node_modules" "$scratch/node_modules"
printf "import { defineConfig } from 'drizzle-kit';\n\nexport default defineConfig({ dialect: 'sqlite', schema: './src/schema.ts', out: './drizzle' });\n" > "$scratch/drizzle.config.ts"
for step in steps/[0-9][0-9]-*.ts; do
  name=$(basename "$step" .ts); name=${name#*-}
  cp "$step" "$scratch/src/schema.ts"
  before=$(date -u +%s); while [ "$(date -u +%s)" = "$before" ]; do sleep 0.1; done
  (cd "$scratch" && ./node_modules/.bin/drizzle-kit generate --name "$name")
done
rm -rf drizzle
cp -r "$scratch/drizzle" drizzle
