#include "TestSupport.h"
#include "core/Connection.h"
#include "core/Identifiers.h"
#include "schema/SchemaReader.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTest>

#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <thread>

using namespace sluice;
using namespace sluice::test;

class TestConnection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void opensARealDatabase()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("a.db"),
                                      QStringLiteral("CREATE TABLE t(x); INSERT INTO t VALUES (1),(2);"));
        auto c = Connection::open(db);
        QVERIFY2(c, c ? "" : qPrintable(c.error().message()));
        QVERIFY(!(*c)->isReadOnly());
        QVERIFY((*c)->handle() != nullptr); // Qt's plugin uses the same libsqlite3 as Sluice
        QCOMPARE((*c)->scalar(QStringLiteral("SELECT count(*) FROM t"))->toInt(), 2);
    }

    void pluginUsesTheSystemLibrary()
    {
        auto c = Connection::openMemory();
        QVERIFY(c);
        QCOMPARE((*c)->pluginSourceId(), QString::fromUtf8(sqlite3_sourceid()));
        QVERIFY((*c)->rawHandleProblem().isEmpty());
    }

    void defensiveSettings()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("a.db"), QStringLiteral("CREATE TABLE t(x);"));
        auto c = Connection::open(db);
        QVERIFY(c);
        sqlite3* h = (*c)->handle();
        int on = -1;
        sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, -1, &on);
        QCOMPARE(on, 1);
        sqlite3_db_config(h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, -1, &on);
        QCOMPARE(on, 0);
        sqlite3_db_config(h, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, -1, &on);
        QCOMPARE(on, 0);
        // Defensive mode refuses writes to the schema table even with writable_schema.
        QVERIFY((*c)->exec(QStringLiteral("PRAGMA writable_schema=ON")));
        auto st = (*c)->exec(QStringLiteral("UPDATE sqlite_schema SET sql = 'x' WHERE name = 't'"));
        QVERIFY(!st);
        // load_extension() is not available.
        QVERIFY(!(*c)->exec(QStringLiteral("SELECT load_extension('/nonexistent')")));
    }

    // trusted_schema stays off, yet a schema that names pure JSON functions keeps working after the
    // schema is parsed again (here: after ALTER TABLE), with SQLite's own results.
    void schemasUsingJsonFunctions()
    {
        TempDir dir;
        const QString db = dir.makeDb(
            QStringLiteral("j.db"),
            QStringLiteral("CREATE TABLE t(id INTEGER PRIMARY KEY, doc TEXT CHECK (json_valid(doc)), "
                           "name TEXT GENERATED ALWAYS AS (json_extract(doc, '$.name')) VIRTUAL);"
                           "CREATE INDEX t_kind ON t(json_type(doc, '$.tags'));"
                           "INSERT INTO t (doc) VALUES ('{\"name\":\"ann\",\"tags\":[1,2]}');"));
        auto c = Connection::open(db);
        QVERIFY(c);
        QVERIFY((*c)->exec(QStringLiteral("ALTER TABLE t ADD COLUMN extra TEXT")));
        QVERIFY((*c)->exec(QStringLiteral("INSERT INTO t (doc) VALUES ('{\"name\":\"bo\"}')")));
        auto bad = (*c)->exec(QStringLiteral("INSERT INTO t (doc) VALUES ('not json')"));
        QVERIFY(!bad);
        // As with SQLite's own functions: the generated column's json_extract refuses it first.
        QVERIFY2(bad.error().sqliteMessage.contains(QStringLiteral("malformed JSON")),
                 qPrintable(bad.error().sqliteMessage));
        auto badCheck = (*c)->exec(QStringLiteral("UPDATE t SET extra = 'x' WHERE json_valid('[') = 0"));
        QVERIFY(badCheck);
        QCOMPARE((*c)->scalar(QStringLiteral("SELECT json_valid('[')"))->toInt(), 0);
        QCOMPARE((*c)->scalar(QStringLiteral("SELECT count(*) FROM t"))->toInt(), 2);
        QCOMPARE((*c)->scalar(QStringLiteral("SELECT group_concat(name) FROM t"))->toString(),
                 QStringLiteral("ann,bo"));
        QCOMPARE(
            (*c)->scalar(QStringLiteral("SELECT json_extract('{\"a\":[1,{\"b\":2}]}', '$.a[1].b', '$.a[0]')"))
                ->toString(),
            QStringLiteral("[2,1]"));
        QCOMPARE((*c)->scalar(QStringLiteral("SELECT json_array_length('[1,2,3]')"))->toInt(), 3);
        auto read = readSchema(**c);
        QVERIFY(read);
        QVERIFY(read->problems.isEmpty());
        int on = -1;
        sqlite3_db_config((*c)->handle(), SQLITE_DBCONFIG_TRUSTED_SCHEMA, -1, &on);
        QCOMPARE(on, 0);
    }

    void notADatabase()
    {
        TempDir dir;
        const QString p = dir.writeFile(QStringLiteral("notes.txt"),
                                        QByteArray("hello, this is not a database\n").repeated(200));
        const QByteArray before = fileSha256(p);
        auto c = Connection::open(p);
        QVERIFY(!c);
        QCOMPARE(c.error().primaryCode(), SQLITE_NOTADB);
        QVERIFY2(c.error().message().contains(QStringLiteral("not an SQLite database")),
                 qPrintable(c.error().message()));
        QVERIFY(c.error().message().contains(QStringLiteral("notes.txt")));
        QCOMPARE(fileSha256(p), before);
        QVERIFY(!QFile::exists(p + QStringLiteral("-journal")));
    }

    void emptyFileIsAnEmptyDatabase()
    {
        TempDir dir;
        const QString p = dir.writeFile(QStringLiteral("empty.db"), {});
        {
            auto c = Connection::open(p);
            QVERIFY(c);
            auto s = readSchema(**c);
            QVERIFY(s);
            QVERIFY(s->schema.tables.isEmpty());
        }
        QCOMPARE(QFileInfo(p).size(), 0); // opening and reading changed nothing on disk
    }

    void missingPath()
    {
        TempDir dir;
        const QString p = dir.path(QStringLiteral("nope.db"));
        auto c = Connection::open(p);
        QVERIFY(!c);
        QVERIFY(c.error().message().contains(QStringLiteral("does not exist")));
        QVERIFY(!QFile::exists(p)); // and it was not created
    }

    void directory()
    {
        TempDir dir;
        auto c = Connection::open(dir.path(QString()));
        QVERIFY(!c);
        QVERIFY(c.error().message().contains(QStringLiteral("folder")));
    }

    void readOnlyModeNeverWrites()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("a.db"), QStringLiteral("CREATE TABLE t(x);"));
        const QByteArray before = fileSha256(db);
        OpenOptions o;
        o.mode = OpenOptions::Mode::ReadOnly;
        auto c = Connection::open(db, o);
        QVERIFY(c);
        QVERIFY((*c)->isReadOnly());
        auto st = (*c)->exec(QStringLiteral("INSERT INTO t VALUES (1)"));
        QVERIFY(!st);
        QCOMPARE(st.error().primaryCode(), SQLITE_READONLY);
        QVERIFY(st.error().message().contains(QStringLiteral("read-only")));
        c = Connection::openMemory(); // close the file
        QCOMPARE(fileSha256(db), before);
    }

    void readOnlyFileOpensReadOnly()
    {
        if (::geteuid() == 0)
            QSKIP("root may write any file; tests/cli covers this case by running the CLI as an unprivileged "
                  "user");
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("a.db"), QStringLiteral("CREATE TABLE t(x);"));
        QFile::setPermissions(db, QFile::ReadOwner | QFile::ReadGroup);
        auto c = Connection::open(db);
        QVERIFY(c);
        QVERIFY((*c)->isReadOnly());
        QVERIFY((*c)->readOnlyReason().contains(QStringLiteral("not writable")));
    }

    void lockedByAnotherProcess()
    {
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("a.db"),
                                      QStringLiteral("CREATE TABLE t(x); INSERT INTO t VALUES (1);"));
        // Another process takes an exclusive lock (a write transaction that is committing) and keeps it.
        QProcess holder;
        holder.start(QStringLiteral("sqlite3"), {db});
        QVERIFY(holder.waitForStarted());
        holder.write("BEGIN EXCLUSIVE; INSERT INTO t VALUES (2); SELECT 'locked';\n");
        QVERIFY(holder.waitForReadyRead(10000));
        QVERIFY(holder.readAllStandardOutput().contains("locked"));

        OpenOptions o;
        o.busyTimeoutMs = 300;
        QElapsedTimer timer;
        timer.start();
        auto c = Connection::open(db, o);
        QVERIFY(!c);
        QVERIFY(c.error().isBusy());
        QVERIFY2(c.error().message().contains(QStringLiteral("locked by another")),
                 qPrintable(c.error().message()));
        QVERIFY(timer.elapsed() < 5000); // waited for the busy timeout, not forever

        holder.write("ROLLBACK;\n.quit\n");
        holder.closeWriteChannel();
        QVERIFY(holder.waitForFinished(10000));
        auto again = Connection::open(db, o);
        QVERIFY(again);
        QCOMPARE((*again)->scalar(QStringLiteral("SELECT count(*) FROM t"))->toInt(), 1); // nothing changed
    }

    void corruptPageLeavesTheRestReadable()
    {
        TempDir dir;
        // Table `big` spans many pages; `small` lives on its own page.
        const QString db = dir.makeDb(
            QStringLiteral("c.db"),
            QStringLiteral("PRAGMA page_size=4096; CREATE TABLE small(x); INSERT INTO small VALUES ('ok');"
                           "CREATE TABLE big(id INTEGER PRIMARY KEY, v TEXT);"
                           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 5000)"
                           " INSERT INTO big SELECT i, printf('%0100d', i) FROM n;"));
        const int root =
            queryRaw(db, QStringLiteral("SELECT rootpage FROM sqlite_schema WHERE name='big'")).toInt();
        QVERIFY(root > 2);
        // Damage the root page of `big`: its b-tree header becomes garbage.
        QFile f(db);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.seek(qint64(root - 1) * 4096));
        f.write(QByteArray(4096, '\xA5'));
        f.close();

        auto c = Connection::open(db);
        QVERIFY2(c, c ? "" : qPrintable(c.error().message()));
        auto s = readSchema(**c);
        QVERIFY(s);
        QCOMPARE(s->schema.tables.size(), 2);
        auto good = countRows(**c, QStringLiteral("small"));
        QVERIFY(good);
        QCOMPARE(*good, 1);
        auto bad = countRows(**c, QStringLiteral("big"));
        QVERIFY(!bad);
        QCOMPARE(bad.error().primaryCode(), SQLITE_CORRUPT);
        QVERIFY(bad.error().message().contains(QStringLiteral("damaged")));
    }

    void oddIdentifiers()
    {
        TempDir dir;
        const QStringList names{QStringLiteral("we\"ird"),    QStringLiteral("select"),
                                QStringLiteral("with space"), QStringLiteral("Ünïcødé 表"),
                                QStringLiteral("'quoted'"),   QStringLiteral("a]b`c")};
        QString sql;
        for (const QString& n : names)
            sql += QStringLiteral("CREATE TABLE %1 (%2 INTEGER, %3 TEXT); INSERT INTO %1 VALUES (1, 'x');")
                       .arg(quoteIdentifier(n), quoteIdentifier(n + QStringLiteral(" col")),
                            quoteIdentifier(QStringLiteral("from")));
        const QString db = dir.makeDb(QStringLiteral("odd.db"), sql);
        auto c = Connection::open(db);
        QVERIFY(c);
        auto s = readSchema(**c);
        QVERIFY(s);
        QCOMPARE(s->schema.tables.size(), names.size());
        for (const QString& n : names) {
            const Table* t = s->schema.table(n);
            QVERIFY2(t, qPrintable(n));
            QCOMPARE(t->columns.size(), 2);
            QCOMPARE(t->columns[0].name, n + QStringLiteral(" col"));
            QCOMPARE(t->columns[1].name, QStringLiteral("from"));
            auto count = countRows(**c, n);
            QVERIFY2(count, qPrintable(n));
            QCOMPARE(*count, 1);
        }
    }

    void errorMessagesNameCodeAndStatement()
    {
        auto c = Connection::openMemory();
        QVERIFY(c);
        QVERIFY((*c)->exec(QStringLiteral("CREATE TABLE t(x NOT NULL UNIQUE)")));
        QVERIFY((*c)->exec(QStringLiteral("INSERT INTO t VALUES (?)"), {1}));
        auto e = (*c)->exec(QStringLiteral("INSERT INTO t VALUES (?)"), {1}, QStringLiteral("Adding a row"));
        QVERIFY(!e);
        QCOMPARE(e.error().code, SQLITE_CONSTRAINT_UNIQUE);
        QVERIFY(e.error().message().startsWith(QStringLiteral("Adding a row failed")));
        QVERIFY(e.error().message().contains(QStringLiteral("UNIQUE constraint failed: t.x")));
        QVERIFY(e.error().message().contains(QStringLiteral("SQLITE_CONSTRAINT_UNIQUE")));
        auto syntax = (*c)->exec(QStringLiteral("SELEC 1"));
        QVERIFY(!syntax);
        QVERIFY(syntax.error().message().contains(QStringLiteral("syntax error")));
        QCOMPARE(syntax.error().statement, QStringLiteral("SELEC 1"));
    }

    void valuesAreBoundNotSpliced()
    {
        auto c = Connection::openMemory();
        QVERIFY(c);
        QVERIFY((*c)->exec(QStringLiteral("CREATE TABLE t(x)")));
        const QString evil = QStringLiteral("'); DROP TABLE t; --");
        QVERIFY((*c)->exec(QStringLiteral("INSERT INTO t VALUES (?)"), {evil}));
        QCOMPARE((*c)->scalar(QStringLiteral("SELECT x FROM t"))->toString(), evil);
    }

    void timeBudgetStopsALongReadAndSaysSo()
    {
        auto c = Connection::openMemory();
        QVERIFY(c);
        QElapsedTimer t;
        t.start();
        {
            Connection::TimeBudget budget(**c, 50);
            auto r =
                (*c)->scalar(QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n) "
                                            "SELECT count(*) FROM n"));
            QVERIFY(!r);
            QVERIFY(r.error().isInterrupted());
            QVERIFY(budget.exceeded());
        }
        QVERIFY(t.elapsed() < 2000);
        // Without the budget the same connection runs long statements again, and a cheap one under a
        // budget is untouched.
        Connection::TimeBudget budget(**c, 50);
        QCOMPARE((*c)->scalar(QStringLiteral("SELECT 42"))->toInt(), 42);
        QVERIFY(!budget.exceeded());
    }

    void interruptStopsALongQuery()
    {
        auto c = Connection::openMemory();
        QVERIFY(c);
        std::atomic_bool cancel{false};
        (*c)->setCancelFlag(&cancel);
        QElapsedTimer t;
        t.start();
        std::thread stopper([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            cancel = true;
        });
        auto r = (*c)->scalar(QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n) "
                                             "SELECT count(*) FROM n"));
        stopper.join();
        QVERIFY(!r);
        QVERIFY(r.error().isInterrupted());
        QVERIFY(t.elapsed() < 5000);
    }
};

QTEST_GUILESS_MAIN(TestConnection)
#include "tst_connection.moc"
