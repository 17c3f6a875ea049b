#include "BackupTestSupport.h"

#include "TestSupport.h"

#include <QFile>
#include <QStringList>

#include <sqlite3.h>

namespace sluice::test {

QString makeEverythingDb(const TempDir& dir, const QString& name)
{
    return dir.makeDb(
        name,
        QStringLiteral(
            "PRAGMA foreign_keys=ON;"
            "CREATE TABLE kinds (id INTEGER PRIMARY KEY, i INTEGER, r REAL, t TEXT, b BLOB, n NUMERIC, "
            "  anything, d TEXT DEFAULT CURRENT_TIMESTAMP);"
            "INSERT INTO kinds (i, r, t, b, n, anything) VALUES "
            "  (9223372036854775807, 0.1, 'grüße 日本 🚀', x'00ff00aa', 12.5, NULL),"
            "  (-9223372036854775808, 1e308, '', x'', 42, 'text'),"
            "  (9007199254740993, -0.0, NULL, NULL, NULL, x'0102'),"
            "  (NULL, NULL, 'line1\nline2 \"quoted\" ''single''', zeroblob(3000), '7', 3.25);"
            "CREATE TABLE counters (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT NOT NULL UNIQUE);"
            "INSERT INTO counters (label) VALUES ('a'), ('b'), ('c'); DELETE FROM counters WHERE label = 'c';"
            "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT);"
            "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent(id) "
            "  ON DELETE CASCADE, note TEXT);"
            "CREATE INDEX child_parent ON child(parent_id);"
            "INSERT INTO parent VALUES (1, 'one'), (2, 'two');"
            "INSERT INTO child VALUES (10, 1, 'x'), (11, 1, 'y'), (12, 2, 'z');"
            "CREATE TABLE tags (name TEXT PRIMARY KEY, weight INTEGER) WITHOUT ROWID;"
            "INSERT INTO tags VALUES ('α', 1), ('b', 2);"
            "CREATE TABLE audit (at INTEGER, what TEXT);"
            "CREATE TRIGGER child_audit AFTER INSERT ON child BEGIN "
            "  INSERT INTO audit VALUES (NEW.id, 'child ' || NEW.note); END;"
            "INSERT INTO child VALUES (13, 2, 'w');"
            "CREATE VIEW child_names AS SELECT c.id, p.name FROM child c JOIN parent p ON p.id = "
            "c.parent_id;"));
}

QString makeBigDb(const TempDir& dir, const QString& name, int rows)
{
    return dir.makeDb(
        name, QStringLiteral("PRAGMA journal_mode=DELETE;"
                             "CREATE TABLE big (i INTEGER PRIMARY KEY, v BLOB);"
                             "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < %1) "
                             "INSERT INTO big SELECT n, randomblob(1000) FROM s;")
                  .arg(rows));
}

QString contentText(const QString& dbPath)
{
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(QFile::encodeName(dbPath).constData(), &db, SQLITE_OPEN_READONLY, nullptr) !=
        SQLITE_OK)
        qFatal("cannot open %s", qPrintable(dbPath));
    auto rows = [&](const QString& sql) {
        QStringList out;
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, sql.toUtf8().constData(), -1, &st, nullptr) != SQLITE_OK)
            qFatal("%s: %s", qPrintable(sql), sqlite3_errmsg(db));
        while (sqlite3_step(st) == SQLITE_ROW) {
            QStringList cells;
            for (int c = 0; c < sqlite3_column_count(st); ++c)
                cells << QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, c)));
            out << cells.join(QLatin1Char('|'));
        }
        sqlite3_finalize(st);
        return out;
    };
    QStringList text =
        rows(QStringLiteral("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name"));
    for (const QString& table :
         rows(QStringLiteral("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"))) {
        QStringList columns;
        for (const QString& col : rows(QStringLiteral("SELECT name FROM pragma_table_info('%1')").arg(table)))
            columns << QStringLiteral("typeof(\"%1\") || ':' || quote(\"%1\")").arg(col);
        const bool withoutRowid =
            rows(QStringLiteral("SELECT sql FROM sqlite_schema WHERE name = '%1'").arg(table))
                .value(0)
                .contains(QStringLiteral("WITHOUT ROWID"));
        text << QStringLiteral("== %1").arg(table);
        text << rows(QStringLiteral("SELECT %1%2 FROM \"%3\" ORDER BY %4")
                         .arg(withoutRowid ? QString() : QStringLiteral("rowid, "),
                              columns.join(QStringLiteral(", ")), table,
                              withoutRowid ? QStringLiteral("1") : QStringLiteral("rowid")));
    }
    sqlite3_close(db);
    return text.join(QLatin1Char('\n'));
}

} // namespace sluice::test
