// JSON backups and SQL dumps (app/formats): round trips on a database with every kind of value and
// schema object, the sqlite3 shell loading a dump, bad input rolled back with the live file
// byte-identical, and format detection.
#include "TestSupport.h"
#include "fixture.h"
#include "formats/BackupFormat.h"
#include "formats/JsonBackup.h"
#include "formats/SqlDump.h"
#include "worker/DbWorker.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <sqlite3.h>

#include <cstring>
#include <optional>
#include <sys/stat.h>

using namespace sluice;
using namespace sluice::test;

namespace {

QString hex(const void* p, int n)
{
    return QString::fromLatin1(QByteArray(static_cast<const char*>(p), n).toHex());
}

// Everything that makes two databases "the same": the schema (type, name, table, SQL), then every
// table's rows as storage class + exact value (REAL by its bit pattern), sorted; sqlite_sequence
// included. Read with the C API, independently of the code under test.
QStringList snapshot(const QString& path)
{
    QStringList out;
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
        return {QStringLiteral("cannot open")};
    auto query = [&](const QString& sql, bool sortRows) {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, sql.toUtf8().constData(), -1, &st, nullptr) != SQLITE_OK) {
            out << QStringLiteral("error: %1").arg(QString::fromUtf8(sqlite3_errmsg(db)));
            return QStringList();
        }
        QStringList rows;
        while (sqlite3_step(st) == SQLITE_ROW) {
            QStringList cells;
            for (int i = 0; i < sqlite3_column_count(st); ++i) {
                switch (sqlite3_column_type(st, i)) {
                case SQLITE_INTEGER:
                    cells << QStringLiteral("i:%1").arg(sqlite3_column_int64(st, i));
                    break;
                case SQLITE_FLOAT: {
                    const double d = sqlite3_column_double(st, i);
                    cells << QStringLiteral("r:") + hex(&d, sizeof d);
                    break;
                }
                case SQLITE_TEXT:
                    cells << QStringLiteral("t:") +
                                 hex(sqlite3_column_text(st, i), sqlite3_column_bytes(st, i));
                    break;
                case SQLITE_BLOB:
                    cells << QStringLiteral("b:") +
                                 hex(sqlite3_column_blob(st, i), sqlite3_column_bytes(st, i));
                    break;
                default:
                    cells << QStringLiteral("null");
                }
            }
            rows << cells.join(QLatin1Char('|'));
        }
        sqlite3_finalize(st);
        if (sortRows)
            rows.sort();
        return rows;
    };
    const QStringList schema = query(
        QStringLiteral("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name"), false);
    out << schema;
    const QStringList tables =
        query(QStringLiteral("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"), false);
    for (QString t : tables) {
        t = QString::fromUtf8(QByteArray::fromHex(t.mid(2).toLatin1()));
        out << QStringLiteral("table %1").arg(t);
        QString quoted = t;
        quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        out << query(QStringLiteral("SELECT * FROM \"%1\"").arg(quoted), true);
    }
    sqlite3_close(db);
    return out;
}

std::unique_ptr<Connection> openDb(const QString& path)
{
    auto c = Connection::open(path);
    if (!c)
        qFatal("cannot open %s: %s", qPrintable(path), qPrintable(c.error().message()));
    return std::move(c.value());
}

QString sqlite3Cli()
{
    return QStandardPaths::findExecutable(QStringLiteral("sqlite3"));
}

} // namespace

class TestBackupFormats : public QObject
{
    Q_OBJECT

    QString makeSource(TempDir& dir, const QString& name = QStringLiteral("src.db"))
    {
        // One transaction: each statement on its own would wait for its own fsync.
        return dir.makeDb(name, QStringLiteral("BEGIN;") + QString::fromUtf8(kSchema) +
                                    QString::fromUtf8(kData) + QStringLiteral("COMMIT;"));
    }

private Q_SLOTS:
    void jsonRoundTripIntoDifferentData()
    {
        TempDir dir;
        const QString src = makeSource(dir);
        const QStringList before = snapshot(src);
        const QString json = dir.path(QStringLiteral("backup.json"));
        {
            auto c = openDb(src);
            auto r = writeJsonBackup(*c, json);
            QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message()));
            QCOMPARE(r->path, json);
            QCOMPARE(r->tables, 9);
            QCOMPARE(r->rows, 2 + 3 + 3 + 5 + 2 + 2 + 2 + 1 + 3);
            QCOMPARE(r->bytes, QFileInfo(json).size());
        }
        QCOMPARE(snapshot(src), before); // the export changed nothing
        struct stat st;
        QCOMPARE(::stat(QFile::encodeName(json).constData(), &st), 0);
        QCOMPARE(int(st.st_mode & 0777), 0600);
        QCOMPARE(dir.path(QString()).isEmpty(), false);
        const QStringList leftovers =
            QDir(dir.path(QString()))
                .entryList(QStringList{QStringLiteral(".*partial*")}, QDir::Hidden | QDir::Files);
        QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(QLatin1Char(' '))));

        // Valid JSON for a standard parser, in the Drizzle scripts' shape, big integers with every digit.
        QFile f(json);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonObject meta = doc.object().value(QStringLiteral("metadata")).toObject();
        QVERIFY(meta.value(QStringLiteral("created")).isString());
        QVERIFY(meta.value(QStringLiteral("version")).isDouble());
        const QStringList listed = meta.value(QStringLiteral("tables")).toVariant().toStringList();
        QCOMPARE(listed.size(), 9);
        QVERIFY(listed.indexOf(QStringLiteral("parent")) < listed.indexOf(QStringLiteral("child")));
        QCOMPARE(doc.object().value(QStringLiteral("child")).toArray().size(), 3);
        QVERIFY(bytes.contains("\"big\":9223372036854775807") || bytes.contains(":-9223372036854775808"));
        QVERIFY(bytes.contains(":9007199254740993"));
        QVERIFY(bytes.contains("{\"$blob\":\"AP8Q\"}"));
        QVERIFY(
            bytes.contains("\"anything\":-0.0")); // a REAL column stores -0.0 as 0; an untyped one keeps it
        QVERIFY(bytes.contains("{\"$real\":\"Infinity\"}"));
        QVERIFY(bytes.contains("\"anything\":5.0"));

        // The target has the same schema and other rows; its connection enforces foreign keys.
        const QString target =
            dir.makeDb(QStringLiteral("target.db"),
                       QString::fromUtf8(kSchema) +
                           QStringLiteral("INSERT INTO parent(name) VALUES ('old1'), ('old2'), ('old3');"
                                          "INSERT INTO child(parent_id, note) VALUES (3, 'old');"
                                          "INSERT INTO strict_t VALUES (9, 9, 'old', NULL);"));
        {
            auto c = openDb(target);
            QVERIFY(c->exec(QStringLiteral("PRAGMA foreign_keys = ON")).ok());
            auto r = restoreJsonBackup(*c, json);
            QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message()));
            QCOMPARE(r->tables, 9);
            QCOMPARE(r->rows, 23);
            QVERIFY2(r->warnings.isEmpty(), qPrintable(r->warnings.join(QLatin1Char('\n'))));
            QCOMPARE(c->scalar(QStringLiteral("PRAGMA foreign_keys"))->toInt(),
                     1); // the connection's setting is back
        }
        // Identical: schema, every value (by storage class and bits), the audit rows that triggers wrote
        // in the source and did not write again, and sqlite_sequence (parent's 7 survives its deleted row).
        const QStringList after = snapshot(target);
        QCOMPARE(after, before);
        QCOMPARE(queryRaw(target, QStringLiteral("SELECT seq FROM sqlite_sequence WHERE name = 'parent'")),
                 QStringLiteral("7"));
        execRaw(target, QStringLiteral("INSERT INTO parent(name) VALUES ('new')"));
        QCOMPARE(queryRaw(target, QStringLiteral("SELECT max(id) FROM parent")), QStringLiteral("8"));
        // The triggers are back.
        execRaw(target, QStringLiteral("INSERT INTO child(parent_id) VALUES (8)"));
        QCOMPARE(queryRaw(target, QStringLiteral("SELECT count(*) FROM audit")), QStringLiteral("4"));
    }

    void largeValuesAcrossReadBuffers()
    {
        // Values cut by the reader's 1 MiB buffer (escapes, multi-byte characters, numbers) and values
        // larger than the buffer must come back whole, in both formats.
        TempDir dir;
        const QString schema =
            QStringLiteral("CREATE TABLE big(id INTEGER PRIMARY KEY, t TEXT, b BLOB, r REAL);");
        const QString src = dir.makeDb(
            QStringLiteral("src.db"),
            QStringLiteral("BEGIN;") + schema +
                QStringLiteral(
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000) "
                    "INSERT INTO big SELECT i, printf('%.*c', i % 700, 'x') || char(10) || '\"q\" \\ ü😀 ' "
                    "|| i, randomblob(i % 50), i / 7.0 FROM n;"
                    "INSERT INTO big VALUES (7000, printf('%.*c', 3000000, 'y') || '\"end\"', "
                    "randomblob(2500000), 1e-300);"
                    "COMMIT;"));
        const QString json = dir.path(QStringLiteral("b.json")), sql = dir.path(QStringLiteral("b.sql"));
        {
            auto c = openDb(src);
            QVERIFY(writeJsonBackup(*c, json).ok());
            QVERIFY(writeSqlDump(*c, sql).ok());
        }
        QVERIFY(QFileInfo(json).size() > 3 * 1024 * 1024);
        const QString fromJson = dir.makeDb(QStringLiteral("j.db"), schema);
        const QString fromSql = dir.makeDb(QStringLiteral("s.db"), schema);
        {
            auto c = openDb(fromJson);
            auto r = restoreJsonBackup(*c, json);
            QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message()));
            QCOMPARE(r->rows, 6001);
        }
        {
            auto c = openDb(fromSql);
            auto r = restoreSqlDump(*c, sql);
            QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message()));
            QCOMPARE(r->rows, 6001);
        }
        const QStringList expected = snapshot(src);
        QCOMPARE(snapshot(fromJson), expected);
        QCOMPARE(snapshot(fromSql), expected);
    }

    void virtualTables()
    {
        // FTS5: the JSON backup holds the virtual table's rows (not its shadow tables, which defensive
        // mode keeps read-only) and the restore rebuilds its index; the sqlite3 shell loads the dump;
        // restoreSqlDump refuses the dump's direct schema write and changes nothing.
        TempDir dir;
        const QString schema = QStringLiteral("CREATE VIRTUAL TABLE docs USING fts5(title, body);"
                                              "CREATE TABLE plain(id INTEGER PRIMARY KEY, x);");
        const QString src = dir.makeDb(
            QStringLiteral("src.db"),
            schema +
                QStringLiteral("INSERT INTO docs VALUES ('one', 'the quick fox'), ('two', 'lazy dogs ü');"
                               "INSERT INTO plain VALUES (1, 'p');"));
        const QString json = dir.path(QStringLiteral("b.json")), sql = dir.path(QStringLiteral("b.sql"));
        {
            auto c = openDb(src);
            auto r = writeJsonBackup(*c, json);
            QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message()));
            QCOMPARE(r->tables, 2);
            QCOMPARE(r->rows, 3);
            QVERIFY(writeSqlDump(*c, sql).ok());
        }
        const QString target = dir.makeDb(
            QStringLiteral("t.db"), schema + QStringLiteral("INSERT INTO docs VALUES ('old', 'old text');"));
        {
            auto c = openDb(target);
            auto r = restoreJsonBackup(*c, json);
            QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message()));
        }
        QCOMPARE(
            queryRaw(target, QStringLiteral(
                                 "SELECT group_concat(title, ',') FROM docs WHERE docs MATCH 'fox OR dogs'")),
            QStringLiteral("one,two"));
        QCOMPARE(queryRaw(target, QStringLiteral("SELECT count(*) FROM docs WHERE docs MATCH 'old'")),
                 QStringLiteral("0"));
        QCOMPARE(queryRaw(target, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));

        if (!sqlite3Cli().isEmpty()) {
            QProcess shell;
            shell.setStandardInputFile(sql);
            shell.start(sqlite3Cli(), {QStringLiteral("-bail"), dir.path(QStringLiteral("loaded.db"))});
            QVERIFY(shell.waitForFinished(60000));
            QCOMPARE(shell.exitCode(), 0);
            QCOMPARE(snapshot(dir.path(QStringLiteral("loaded.db"))), snapshot(src));
        }
        const QByteArray before = fileSha256(target);
        {
            auto c = openDb(target);
            auto r = restoreSqlDump(*c, sql);
            QVERIFY(!r.ok());
            QVERIFY2(r.error().message().contains(QStringLiteral("writable_schema")),
                     qPrintable(r.error().message()));
        }
        QCOMPARE(fileSha256(target), before);
    }

    void cancelLeavesNothingBehind()
    {
        // On a worker, with progress: cancelling mid-export leaves neither the file nor its temporary.
        TempDir dir;
        const QString src = dir.makeDb(
            QStringLiteral("big.db"),
            QStringLiteral("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);"
                           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400000) "
                           "INSERT INTO t SELECT i, 'value ' || i FROM n;"));
        for (const bool json : {true, false}) {
            DbWorker worker(src, {});
            const QString out = dir.path(json ? QStringLiteral("c.json") : QStringLiteral("c.sql"));
            std::optional<Result<ExportSummary>> got;
            JobId id = 0;
            bool cancelled = false;
            id = worker.submit<ExportSummary>(
                this,
                [out, json](Connection& c, JobControl& control) {
                    return json ? writeJsonBackup(c, out, &control) : writeSqlDump(c, out, &control);
                },
                [&](Result<ExportSummary> r) { got = std::move(r); },
                [&](qint64, qint64, const QString&) {
                    if (!cancelled)
                        worker.cancel(id);
                    cancelled = true;
                });
            QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 60000);
            QVERIFY(cancelled);
            QVERIFY(!got->ok());
            QVERIFY2(got->error().isInterrupted() || got->error().message().contains(QStringLiteral("ancel")),
                     qPrintable(got->error().message()));
            QVERIFY(!QFileInfo::exists(out));
            const QStringList leftovers =
                QDir(dir.path(QString()))
                    .entryList(QStringList{QStringLiteral(".*partial*")}, QDir::Hidden | QDir::Files);
            QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(QLatin1Char(' '))));
        }
    }

    void jsonRestoreNeverCascadesIntoOtherTables()
    {
        // A table the backup does not hold refers to a restored one with ON DELETE CASCADE: emptying
        // the parent must not delete its rows, even on a connection that enforces foreign keys.
        TempDir dir;
        const QString schema = QStringLiteral("CREATE TABLE p(id INTEGER PRIMARY KEY);"
                                              "CREATE TABLE keep(id INTEGER PRIMARY KEY, "
                                              "p_id INTEGER REFERENCES p(id) ON DELETE CASCADE);");
        const QString live = dir.makeDb(QStringLiteral("live.db"),
                                        schema + QStringLiteral("INSERT INTO p VALUES (1), (2);"
                                                                "INSERT INTO keep VALUES (10, 1);"));
        const QString good = dir.writeFile(QStringLiteral("good.json"),
                                           R"({"metadata":{"tables":["p"]},"p":[{"id":1},{"id":3}]})");
        const QString orphaning = dir.writeFile(QStringLiteral("orphaning.json"),
                                                R"({"metadata":{"tables":["p"]},"p":[{"id":2}]})");
        auto c = openDb(live);
        QVERIFY(c->exec(QStringLiteral("PRAGMA foreign_keys = ON")).ok());
        auto r = restoreJsonBackup(*c, good);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message()));
        QVERIFY(r->warnings.join(QLatin1Char(' ')).contains(QStringLiteral("\"keep\"")));
        QCOMPARE(c->scalar(QStringLiteral("SELECT group_concat(id) FROM keep"))->toString(),
                 QStringLiteral("10"));
        QCOMPARE(c->scalar(QStringLiteral("SELECT group_concat(id) FROM p"))->toString(),
                 QStringLiteral("1,3"));
        // Without p 1, keep's row would point nowhere: refused, nothing changed.
        auto refused = restoreJsonBackup(*c, orphaning);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message().contains(QStringLiteral("\"keep\"")),
                 qPrintable(refused.error().message()));
        QCOMPARE(c->scalar(QStringLiteral("SELECT group_concat(id) FROM p"))->toString(),
                 QStringLiteral("1,3"));
        QCOMPARE(c->scalar(QStringLiteral("PRAGMA foreign_keys"))->toInt(), 1);
    }

    void jsonDestinationRules()
    {
        TempDir dir;
        const QString src = makeSource(dir);
        auto c = openDb(src);
        const QString existing = dir.writeFile(QStringLiteral("exists.json"), "keep");
        auto refused = writeJsonBackup(*c, existing);
        QVERIFY(!refused.ok());
        QVERIFY(refused.error().message().contains(QStringLiteral("already exists")));
        QCOMPARE(QFile(existing).size(), 4);
        auto intoFolder = writeJsonBackup(*c, dir.path(QString()));
        QVERIFY(intoFolder.ok());
        QVERIFY(QFileInfo(intoFolder->path).fileName().startsWith(QStringLiteral("src-")));
        QVERIFY(intoFolder->path.endsWith(QStringLiteral(".json")));
        auto dump = writeSqlDump(*c, dir.path(QStringLiteral("missing-folder/x.sql")));
        QVERIFY(!dump.ok());
        QVERIFY(dump.error().message().contains(QStringLiteral("does not exist")));
    }

    void dumpLoadsInSqlite3Shell()
    {
        if (sqlite3Cli().isEmpty())
            QSKIP("the sqlite3 shell is not installed");
        TempDir dir;
        const QString src = makeSource(dir);
        execRaw(src, QStringLiteral("ANALYZE")); // sqlite_stat1 travels in the dump too
        const QString sql = dir.path(QStringLiteral("dump.sql"));
        {
            auto c = openDb(src);
            auto r = writeSqlDump(*c, sql);
            QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message()));
            // + sqlite_sequence's two rows and sqlite_stat1's
            QCOMPARE(r->rows,
                     25 + queryRaw(src, QStringLiteral("SELECT count(*) FROM sqlite_stat1")).toLongLong());
        }
        const QString loaded = dir.path(QStringLiteral("loaded.db"));
        QProcess shell;
        shell.setStandardInputFile(sql);
        shell.start(sqlite3Cli(), {QStringLiteral("-bail"), loaded});
        QVERIFY(shell.waitForFinished(60000));
        QCOMPARE(QString::fromUtf8(shell.readAllStandardError()), QString());
        QCOMPARE(shell.exitCode(), 0);
        QCOMPARE(snapshot(loaded), snapshot(src));
        QCOMPARE(queryRaw(loaded, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
    }

    void shellDumpRestoresToo()
    {
        // A dump written by `sqlite3 DB .dump` restores through restoreSqlDump to what the shell
        // itself loads from it (not quite the source: the shell's dump cuts text at a NUL byte).
        if (sqlite3Cli().isEmpty())
            QSKIP("the sqlite3 shell is not installed");
        TempDir dir;
        const QString src = makeSource(dir);
        const QString sql = dir.path(QStringLiteral("shell.sql"));
        QProcess shell;
        shell.setStandardOutputFile(sql);
        shell.start(sqlite3Cli(), {src, QStringLiteral(".dump")});
        QVERIFY(shell.waitForFinished(60000));
        QCOMPARE(shell.exitCode(), 0);
        QProcess load;
        load.setStandardInputFile(sql);
        load.start(sqlite3Cli(), {QStringLiteral("-bail"), dir.path(QStringLiteral("shell-loaded.db"))});
        QVERIFY(load.waitForFinished(60000));
        QCOMPARE(load.exitCode(), 0);

        const QString target = dir.makeDb(QStringLiteral("t.db"), QStringLiteral("CREATE TABLE other(x);"));
        auto c = openDb(target);
        auto r = restoreSqlDump(*c, sql);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message()));
        c.reset();
        QCOMPARE(snapshot(target), snapshot(dir.path(QStringLiteral("shell-loaded.db"))));
    }

    void dumpRestoresIntoLiveDatabase()
    {
        TempDir dir;
        const QString src = makeSource(dir);
        execRaw(src, QStringLiteral("ANALYZE"));
        const QString sql = dir.path(QStringLiteral("dump.sql"));
        {
            auto c = openDb(src);
            QVERIFY(writeSqlDump(*c, sql).ok());
        }
        // A live database with another schema: everything it had is replaced.
        const QString target =
            dir.makeDb(QStringLiteral("live.db"),
                       QStringLiteral("CREATE TABLE parent(id INTEGER PRIMARY KEY, other TEXT);"
                                      "CREATE TABLE stale(x REFERENCES parent(id) ON DELETE CASCADE);"
                                      "CREATE VIEW stale_v AS SELECT * FROM stale;"
                                      "CREATE INDEX stale_x ON stale(x);"
                                      "INSERT INTO parent VALUES (1, 'x'); INSERT INTO stale VALUES (1);"));
        {
            auto c = openDb(target);
            QVERIFY(c->exec(QStringLiteral("PRAGMA foreign_keys = ON")).ok());
            auto r = restoreSqlDump(*c, sql);
            QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message()));
            QCOMPARE(r->tables, 9);
            QCOMPARE(r->rows,
                     25 + queryRaw(src, QStringLiteral("SELECT count(*) FROM sqlite_stat1")).toLongLong());
            QVERIFY(r->warnings.isEmpty());
            // The connection's own setting is back after the restore.
            QCOMPARE(c->scalar(QStringLiteral("PRAGMA foreign_keys"))->toInt(), 1);
        }
        QCOMPARE(snapshot(target), snapshot(src));
        QCOMPARE(queryRaw(target, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
    }

    void badJsonIsRolledBack_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        for (const BadJson& b : badJsonCases())
            QTest::newRow(b.name) << b.json << QString::fromUtf8(b.expected);
    }

    void badJsonIsRolledBack()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        TempDir dir;
        const QString live = makeSource(dir, QStringLiteral("live.db"));
        const QByteArray hashBefore = fileSha256(live);
        const QString file = dir.writeFile(QStringLiteral("bad.json"), json);
        {
            auto c = openDb(live);
            auto r = restoreJsonBackup(*c, file);
            QVERIFY(!r.ok());
            const QString message = r.error().message();
            QVERIFY2(message.contains(expected), qPrintable(message));
            QVERIFY2(message.contains(QStringLiteral("not changed")), qPrintable(message));
            // The connection is usable and out of any transaction.
            QVERIFY(sqlite3_get_autocommit(c->handle()));
        }
        QCOMPARE(fileSha256(live), hashBefore);
        QVERIFY(!QFileInfo::exists(live + QStringLiteral("-journal")));
    }

    void jsonRestoreWithoutAutoincrementHistory()
    {
        // A file from elsewhere (no "sequences"): the sequence becomes the largest restored id; rows
        // may omit columns (defaults apply) and booleans become 1/0.
        TempDir dir;
        const QString live = dir.makeDb(QStringLiteral("live.db"), QString::fromUtf8(kSchema));
        const QString file = dir.writeFile(QStringLiteral("b.json"), jsonFromElsewhere());
        auto c = openDb(live);
        auto r = restoreJsonBackup(*c, file);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message()));
        QCOMPARE(r->rows, 2);
        QVERIFY(r->warnings.join(QLatin1Char(' ')).contains(QStringLiteral("\"child\"")));
        c.reset();
        QCOMPARE(queryRaw(live, QStringLiteral("SELECT seq FROM sqlite_sequence WHERE name = 'parent'")),
                 QStringLiteral("41"));
        QCOMPARE(queryRaw(live, QStringLiteral("SELECT typeof(score) || score FROM parent WHERE id = 41")),
                 QStringLiteral("real1.0"));
        QCOMPARE(queryRaw(live, QStringLiteral("SELECT score IS NULL FROM parent WHERE id = 40")),
                 QStringLiteral("1"));
    }

    void badDumpIsRolledBack_data()
    {
        QTest::addColumn<QByteArray>("cut");
        QTest::addColumn<QByteArray>("extra");
        QTest::addColumn<QString>("expected");
        QTest::newRow("truncated before COMMIT") << QByteArray("COMMIT;") << QByteArray() << "truncated";
        QTest::newRow("cut inside a statement") << QByteArray("'line1") << QByteArray() << "truncated";
        QTest::newRow("attach") << QByteArray("COMMIT;") << QByteArray("ATTACH 'x.db' AS x;\nCOMMIT;\n")
                                << "ATTACH";
        QTest::newRow("failing statement")
            << QByteArray("COMMIT;")
            << QByteArray("INSERT INTO strict_t VALUES (5, 'abc', NULL, NULL);\nCOMMIT;\n") << "line";
        QTest::newRow("early commit")
            << QByteArray("COMMIT;") << QByteArray("COMMIT;\nDROP TABLE parent;\n") << "after its COMMIT";
    }

    void badDumpIsRolledBack()
    {
        QFETCH(QByteArray, cut);
        QFETCH(QByteArray, extra);
        QFETCH(QString, expected);
        TempDir dir;
        const QString src = makeSource(dir);
        const QString sql = dir.path(QStringLiteral("dump.sql"));
        {
            auto c = openDb(src);
            QVERIFY(writeSqlDump(*c, sql).ok());
        }
        QFile f(sql);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray text = f.readAll();
        f.close();
        const qsizetype at = text.lastIndexOf(cut);
        QVERIFY(at > 0);
        text.truncate(at);
        text += extra;
        const QString bad = dir.writeFile(QStringLiteral("bad.sql"), text);

        const QString live = dir.makeDb(QStringLiteral("live.db"),
                                        QStringLiteral("CREATE TABLE keep(x); INSERT INTO keep VALUES (1);"));
        const QByteArray hashBefore = fileSha256(live);
        {
            auto c = openDb(live);
            auto r = restoreSqlDump(*c, bad);
            QVERIFY(!r.ok());
            const QString message = r.error().message();
            QVERIFY2(message.contains(expected), qPrintable(message));
            QVERIFY2(message.contains(QStringLiteral("rolled back")), qPrintable(message));
            QVERIFY(sqlite3_get_autocommit(c->handle()));
        }
        QCOMPARE(fileSha256(live), hashBefore);
        QVERIFY(!QFileInfo::exists(dir.path(QStringLiteral("x.db"))));
    }

    void detectsEachFormat()
    {
        TempDir dir;
        const QString src = makeSource(dir);
        auto c = openDb(src);
        auto json = writeJsonBackup(*c, dir.path(QStringLiteral("b.json")));
        auto sql = writeSqlDump(*c, dir.path(QStringLiteral("b.sql")));
        QVERIFY(json.ok() && sql.ok());
        QString why;
        QCOMPARE(detectBackupFormat(src, &why), BackupFormat::Sqlite);
        QCOMPARE(detectBackupFormat(json->path, &why), BackupFormat::Json);
        QCOMPARE(detectBackupFormat(sql->path, &why), BackupFormat::SqlDump);
        QCOMPARE(detectBackupFormat(dir.writeFile(QStringLiteral("bom.json"),
                                                  "\xEF\xBB\xBF \n{\"x\": [1, 2], \"metadata\": {}}"),
                                    &why),
                 BackupFormat::Json);
        QCOMPARE(
            detectBackupFormat(dir.writeFile(QStringLiteral("c.sql"), "-- made by hand\nBEGIN;\n"), &why),
            BackupFormat::SqlDump);

        const struct
        {
            const char* name;
            QByteArray bytes;
            const char* reason;
        } unknown[] = {
            {"empty", QByteArray(), "empty"},
            {"garbage", QByteArray("\x01\x02\x03garbage\0\xff", 12), "binary"},
            {"text", QByteArray("hello world\n"), "neither"},
            {"cut header", QByteArray("SQLite form"), "truncated"},
            {"json without metadata", QByteArray("{\"users\": []}"), "metadata"},
            {"json array", QByteArray("[1, 2]"), "neither"},
            {"metadata not an object", QByteArray("{\"metadata\": 1}"), "not an object"},
        };
        for (const auto& u : unknown) {
            why.clear();
            QCOMPARE(detectBackupFormat(dir.writeFile(QString::fromLatin1(u.name), u.bytes), &why),
                     BackupFormat::Unknown);
            QVERIFY2(why.contains(QLatin1String(u.reason)),
                     qPrintable(QLatin1String(u.name) + QLatin1String(": ") + why));
        }
        QCOMPARE(detectBackupFormat(dir.path(QStringLiteral("nothing-here")), &why), BackupFormat::Unknown);
        QVERIFY(!why.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestBackupFormats)
#include "tst_backupformats.moc"
