#!/usr/bin/env node
// Runs drizzle-orm's own SQLite migrator on a database, the way an application would, so that Sluice's
// interoperability tests can compare both tools on the same migration folders.
//
//   node run-migrator.mjs DB MIGRATIONS_DIR [--driver better-sqlite3|libsql] [--limit K]
//                         [--foreign-keys on|off] [--orm 0|1]
//
//   --driver        better-sqlite3 (default; foreign keys ON, as the driver opens connections) or libsql
//                   (@libsql/client, which turns foreign keys off around the migration)
//   --limit K       migrate with only the first K migrations, from a temporary copy of the folder: the
//                   journal keeps K entries (0.x), or only the first K migration folders are copied in
//                   drizzle 1.0's order (1.0); the .sql files are copied byte for byte
//   --orm 0|1       drizzle-orm 0.45.4 (package `drizzle-orm`, journal layout; the default) or the
//                   drizzle-orm 1.0 pre-release (npm alias `drizzle-orm-v1`, folder-per-migration layout)
//   --foreign-keys  set PRAGMA foreign_keys on the connection before migrating (default: the driver's)
//
// The npm packages are loaded from $SLUICE_INTEROP_MODULES/node_modules when that is set (`./dev test`
// installs them in .cache/interop-npm, outside the source folders that tools scan), else from
// node_modules beside this script (`npm ci` here).
//
// Prints one JSON object on stdout: {ok, driver, db, migrations, limit, before, after, foreignKeys} where
// before/after are the number of rows in __drizzle_migrations; on failure {ok:false, error, cause} and
// exit status 1 (2 for bad arguments).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
// Every package used here ships CommonJS, so require() from the chosen folder loads them.
const load = createRequire(path.join(process.env.SLUICE_INTEROP_MODULES || here, 'package.json'));

function usage(message) {
  process.stderr.write(`run-migrator: ${message}\n` +
    'usage: node run-migrator.mjs DB MIGRATIONS_DIR [--driver better-sqlite3|libsql] [--limit K] ' +
    '[--foreign-keys on|off] [--orm 0|1]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { driver: 'better-sqlite3', limit: null, foreignKeys: null, orm: '0', positional: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--driver') opts.driver = value();
    else if (a === '--limit') opts.limit = value();
    else if (a === '--foreign-keys') opts.foreignKeys = value();
    else if (a === '--orm') opts.orm = value();
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else opts.positional.push(a);
  }
  if (opts.positional.length !== 2) usage('expected DB and MIGRATIONS_DIR');
  if (!['better-sqlite3', 'libsql'].includes(opts.driver)) usage(`unknown driver ${opts.driver}`);
  if (!['0', '1'].includes(opts.orm)) usage(`--orm needs 0 or 1, got ${opts.orm}`);
  if (opts.limit !== null) {
    if (!/^\d+$/.test(opts.limit)) usage(`--limit needs a non-negative integer, got ${opts.limit}`);
    opts.limit = Number(opts.limit);
  }
  if (opts.foreignKeys !== null && !['on', 'off'].includes(opts.foreignKeys)) {
    usage(`--foreign-keys needs on or off, got ${opts.foreignKeys}`);
  }
  return opts;
}

// A copy of a drizzle 1.0 folder with only its first `limit` migration folders, in 1.0's order.
function truncatedFolderCopy(folder, limit) {
  const names = fs.readdirSync(folder)
    .filter((d) => fs.existsSync(path.join(folder, d, 'migration.sql')))
    .sort((a, b) => a.localeCompare(b));
  if (limit > names.length) throw new Error(`--limit ${limit} but the folder has ${names.length} migrations`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-migrator-'));
  for (const d of names.slice(0, limit)) fs.cpSync(path.join(folder, d), path.join(tmp, d), { recursive: true });
  return tmp;
}

// A copy of the folder whose journal lists only the first `limit` entries.
function truncatedCopy(folder, limit) {
  const journalPath = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalPath, 'utf8'));
  if (limit > journal.entries.length) {
    throw new Error(`--limit ${limit} but the journal has ${journal.entries.length} entries`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-migrator-'));
  fs.cpSync(folder, tmp, { recursive: true });
  journal.entries = journal.entries.slice(0, limit);
  fs.writeFileSync(path.join(tmp, 'meta', '_journal.json'), JSON.stringify(journal, null, 2));
  return tmp;
}

async function run(opts) {
  const [dbPath, folder] = opts.positional.map((p) => path.resolve(p));
  const v1 = opts.orm === '1';
  const orm = v1 ? 'drizzle-orm-v1' : 'drizzle-orm';
  const migrationsFolder = opts.limit === null ? folder
    : v1 ? truncatedFolderCopy(folder, opts.limit) : truncatedCopy(folder, opts.limit);
  const result = { ok: false, driver: opts.driver, orm: opts.orm, db: dbPath, migrations: folder, limit: opts.limit };
  try {
    if (opts.driver === 'better-sqlite3') {
      const Database = load('better-sqlite3');
      const { drizzle } = load(`${orm}/better-sqlite3`);
      const { migrate } = load(`${orm}/better-sqlite3/migrator`);
      const sqlite = new Database(dbPath);
      try {
        if (opts.foreignKeys) sqlite.pragma(`foreign_keys = ${opts.foreignKeys.toUpperCase()}`);
        const count = () => {
          const t = sqlite.prepare("SELECT 1 FROM sqlite_schema WHERE name = '__drizzle_migrations'").get();
          return t ? sqlite.prepare('SELECT count(*) AS n FROM "__drizzle_migrations"').get().n : 0;
        };
        result.before = count();
        migrate(v1 ? drizzle({ client: sqlite }) : drizzle(sqlite), { migrationsFolder });
        result.after = count();
        result.foreignKeys = sqlite.pragma('foreign_keys', { simple: true });
      } finally {
        sqlite.close();
      }
    } else {
      const { createClient } = load('@libsql/client');
      const { drizzle } = load(`${orm}/libsql`);
      const { migrate } = load(`${orm}/libsql/migrator`);
      const client = createClient({ url: `file:${dbPath}` });
      try {
        if (opts.foreignKeys) await client.execute(`PRAGMA foreign_keys = ${opts.foreignKeys.toUpperCase()}`);
        const count = async () => {
          const t = await client.execute("SELECT 1 FROM sqlite_schema WHERE name = '__drizzle_migrations'");
          if (t.rows.length === 0) return 0;
          return Number((await client.execute('SELECT count(*) AS n FROM "__drizzle_migrations"')).rows[0].n);
        };
        result.before = await count();
        await migrate(v1 ? drizzle({ client }) : drizzle(client), { migrationsFolder });
        result.after = await count();
        result.foreignKeys = Number((await client.execute('PRAGMA foreign_keys')).rows[0].foreign_keys);
      } finally {
        client.close();
      }
    }
    result.ok = true;
  } finally {
    if (migrationsFolder !== folder) fs.rmSync(migrationsFolder, { recursive: true, force: true });
  }
  return result;
}

const opts = parseArgs(process.argv.slice(2));
try {
  process.stdout.write(`${JSON.stringify(await run(opts))}\n`);
} catch (e) {
  const cause = e && e.cause ? String(e.cause.message ?? e.cause) : null;
  process.stdout.write(`${JSON.stringify({ ok: false, driver: opts.driver, error: String(e.message ?? e), cause })}\n`);
  process.exit(1);
}
