#!/usr/bin/env bash
# Rebuilds drizzle/ from scratch by replaying the schema history in steps/
# with the real drizzle-kit (pinned in package.json).
#
#   steps/NN-<name>.ts    the complete schema.ts after step NN; it becomes
#                         migration <NN-1 padded to 4>_<name>.sql
#   steps/NN-<name>.sql   present only for hand-written steps: the step is
#                         generated with `--custom` and this SQL is written
#                         into the empty file drizzle-kit creates.
#
# Snapshot ids and the journal's `when` values are random / time based, so
# they change on every run; everything else is reproducible.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x node_modules/.bin/drizzle-kit ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund
fi

rm -rf drizzle
mkdir -p src

expected=0
for step in steps/[0-9][0-9]-*.ts; do
  base=$(basename "$step" .ts)
  name=${base#*-}
  tag=$(printf '%04d_%s' "$expected" "$name")
  cp "$step" src/schema.ts
  if [ -f "steps/$base.sql" ]; then
    echo "== $tag (custom)"
    npx --no-install drizzle-kit generate --custom --name "$name"
    [ -f "drizzle/$tag.sql" ] || { echo "drizzle-kit did not create drizzle/$tag.sql" >&2; exit 1; }
    cp "steps/$base.sql" "drizzle/$tag.sql"
  else
    echo "== $tag"
    npx --no-install drizzle-kit generate --name "$name"
    [ -f "drizzle/$tag.sql" ] || { echo "drizzle-kit did not create drizzle/$tag.sql (no schema change?)" >&2; exit 1; }
  fi
  expected=$((expected + 1))
done

# The last step is the current schema.
cp "$step" src/schema.ts

# Sanity: one journal entry per step, in order, with increasing `when`.
node -e '
  const j = JSON.parse(require("fs").readFileSync("drizzle/meta/_journal.json", "utf8"));
  const n = Number(process.argv[1]);
  if (j.entries.length !== n) throw new Error(`journal has ${j.entries.length} entries, expected ${n}`);
  j.entries.forEach((e, i) => {
    if (e.idx !== i) throw new Error(`entry ${i} has idx ${e.idx}`);
    if (i > 0 && !(e.when > j.entries[i - 1].when)) throw new Error(`when of ${e.tag} does not increase`);
  });
  console.log(`journal OK: ${n} migrations, when increasing`);
' "$expected"
