#include "TestSupport.h"
#include "core/Connection.h"
#include "query/ScriptRunner.h"
#include "worker/DbWorker.h"

#include <QElapsedTimer>
#include <QTest>

#include <sqlite3.h>

using namespace sluice;
using namespace sluice::test;

namespace {

std::unique_ptr<Connection> openDb(const QString& path, OpenOptions::Mode mode = OpenOptions::Mode::ReadWrite)
{
    OpenOptions o;
    o.mode = mode;
    auto c = Connection::open(path, o);
    if (!c)
        qFatal("open failed: %s", qPrintable(c.error().message()));
    return std::move(c.value());
}

} // namespace

class TestScriptRunner : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void createInsertSelect()
    {
        TempDir dir;
        const QString path = dir.makeDb(QStringLiteral("a.db"), {});
        auto c = openDb(path);
        const ScriptResult r =
            runScript(*c, QStringLiteral("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT);\n"
                                         "INSERT INTO t(name) VALUES ('ann');\n"
                                         "INSERT INTO t(name) VALUES ('bob'), ('cy');\n"
                                         "SELECT id, name FROM t ORDER BY id;"));
        QVERIFY2(r.ok(), qPrintable(r.error ? r.error->message() : QString()));
        QCOMPARE(r.statementCount, 4);
        QCOMPARE(r.statements.size(), 4);
        QVERIFY(r.schemaChanged);
        QVERIFY(!r.transactionOpen);
        QVERIFY(r.statements[0].changesSchema);
        QVERIFY(!r.statements[0].isQuery);
        QCOMPARE(r.statements[1].rowsAffected, 1);
        QCOMPARE(r.statements[2].rowsAffected, 2);
        QCOMPARE(r.statements[2].span.firstLine, 3);
        const StatementResult* q = r.lastQuery();
        QVERIFY(q);
        QCOMPARE(q, &r.statements[3]);
        QCOMPARE(q->columns, (QStringList{QStringLiteral("id"), QStringLiteral("name")}));
        QCOMPARE(q->rows.size(), 3);
        QVERIFY(!q->moreRows);
        QCOMPARE(q->rows[1][0].type, ResultCell::Type::Integer);
        QCOMPARE(q->rows[1][0].value.toLongLong(), 2);
        QCOMPARE(q->rows[2][1].value.toString(), QStringLiteral("cy"));
        QVERIFY(q->isReadOnly);
        QVERIFY(q->elapsedNs > 0);
        QCOMPARE(queryRaw(path, QStringLiteral("SELECT count(*) FROM t")), QStringLiteral("3"));
    }

    void triggerBodyRunsAsOneStatement()
    {
        TempDir dir;
        const QString path =
            dir.makeDb(QStringLiteral("a.db"), QStringLiteral("CREATE TABLE t(x); CREATE TABLE log(m);"));
        auto c = openDb(path);
        const ScriptResult r = runScript(*c, QStringLiteral("CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN\n"
                                                            "  INSERT INTO log VALUES ('a; b');\n"
                                                            "  INSERT INTO log VALUES (new.x);\n"
                                                            "END;\n"
                                                            "INSERT INTO t VALUES (7);"));
        QVERIFY2(r.ok(), qPrintable(r.error ? r.error->message() : QString()));
        QCOMPARE(r.statements.size(), 2);
        QCOMPARE(r.statements[0].span.firstLine, 1);
        QCOMPARE(r.statements[0].span.lastLine, 4);
        QCOMPARE(r.statements[1].span.firstLine, 5);
        // sqlite3_changes counts the INSERT itself, not the trigger's rows.
        QCOMPARE(r.statements[1].rowsAffected, 1);
        QCOMPARE(queryRaw(path, QStringLiteral("SELECT group_concat(m, '|') FROM log")),
                 QStringLiteral("a; b|7"));
    }

    // In autocommit every statement is its own transaction: when statement 3 fails, statements 1
    // and 2 are already committed and stay so. Nothing is rolled back and no transaction is open.
    void errorStopsScriptAndReportsLine()
    {
        TempDir dir;
        const QString path = dir.makeDb(QStringLiteral("a.db"), {});
        auto c = openDb(path);
        const ScriptResult r = runScript(*c, QStringLiteral("CREATE TABLE t(x);\n"
                                                            "INSERT INTO t VALUES (1);\n"
                                                            "INSERT INTO t VALUS (2);\n"
                                                            "INSERT INTO t VALUES (3);\n"));
        QVERIFY(!r.ok());
        QCOMPARE(r.failedIndex, 2);
        QCOMPARE(r.statements.size(), 2);
        QCOMPARE(r.error->line, 3);
        QCOMPARE(r.errorLine, 3);
        QCOMPARE(r.error->statement, QStringLiteral("INSERT INTO t VALUS (2);"));
        QCOMPARE(r.error->primaryCode(), SQLITE_ERROR);
        QVERIFY2(r.error->message().contains(QStringLiteral("syntax error")), qPrintable(r.error->message()));
        QVERIFY(r.error->message().contains(QStringLiteral("line 3")));
        QVERIFY(!r.transactionOpen);
        QCOMPARE(queryRaw(path, QStringLiteral("SELECT group_concat(x) FROM t")), QStringLiteral("1"));
    }

    void errorLineInsideAMultiLineStatement()
    {
        TempDir dir;
        auto c = openDb(dir.makeDb(QStringLiteral("a.db"), {}));
        const ScriptResult r = runScript(*c, QStringLiteral("SELECT 1;\n\nSELECT 1,\n  2 +;"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error->line, 3); // the statement starts on line 3
        QCOMPARE(r.errorLine, 4);   // SQLite's error offset points at the ';' on line 4
        QVERIFY(r.error->sqliteMessage.contains(QStringLiteral("syntax error")));
    }

    void lineOffsetShiftsEveryLine()
    {
        TempDir dir;
        auto c = openDb(dir.makeDb(QStringLiteral("a.db"), {}));
        RunOptions o;
        o.lineOffset = 9;
        const ScriptResult r = runScript(*c, QStringLiteral("SELECT 1;\nSELECT nope;"), o);
        QCOMPARE(r.statements[0].span.firstLine, 10);
        QCOMPARE(r.error->line, 11);
    }

    // With BEGIN the failed script leaves its transaction open (SQLite does not roll back on a
    // syntax error); the caller decides. Rolling back undoes the statements before the error.
    void scriptInTransactionLeavesItOpen()
    {
        TempDir dir;
        const QString path = dir.makeDb(QStringLiteral("a.db"), QStringLiteral("CREATE TABLE t(x);"));
        auto c = openDb(path);
        ScriptResult r = runScript(*c, QStringLiteral("BEGIN;\nINSERT INTO t VALUES (1);\nOOPS;"));
        QVERIFY(!r.ok());
        QVERIFY(r.transactionOpen);
        QVERIFY(isInTransaction(*c));
        QVERIFY(endTransaction(*c, TransactionEnd::Rollback).ok());
        QVERIFY(!isInTransaction(*c));
        QCOMPARE(queryRaw(path, QStringLiteral("SELECT count(*) FROM t")), QStringLiteral("0"));

        r = runScript(*c, QStringLiteral("BEGIN; INSERT INTO t VALUES (2);"));
        QVERIFY(r.ok());
        QVERIFY(r.transactionOpen);
        QVERIFY(endTransaction(*c, TransactionEnd::Commit).ok());
        QCOMPARE(queryRaw(path, QStringLiteral("SELECT count(*) FROM t")), QStringLiteral("1"));
        r = runScript(*c, QStringLiteral("SELECT 1"));
        QVERIFY(!r.transactionOpen);
        QVERIFY(endTransaction(*c, TransactionEnd::Commit).ok()); // nothing open: a no-op
    }

    void rowsAffected()
    {
        TempDir dir;
        auto c =
            openDb(dir.makeDb(QStringLiteral("a.db"),
                              QStringLiteral("CREATE TABLE t(x); INSERT INTO t VALUES (1),(2),(3),(4);")));
        const ScriptResult r = runScript(*c, QStringLiteral("UPDATE t SET x = x + 10 WHERE x > 1;\n"
                                                            "DELETE FROM t WHERE x = 14;\n"
                                                            "UPDATE t SET x = 0 WHERE 0;\n"
                                                            "CREATE INDEX t_x ON t(x);\n"
                                                            "WITH s AS (SELECT 1) SELECT * FROM s;\n"
                                                            "INSERT INTO t VALUES (5) RETURNING x * 2;"));
        QVERIFY2(r.ok(), qPrintable(r.error ? r.error->message() : QString()));
        QCOMPARE(r.statements[0].rowsAffected, 3);
        QVERIFY(r.statements[0].isModification);
        QCOMPARE(r.statements[1].rowsAffected, 1);
        QCOMPARE(r.statements[2].rowsAffected, 0);
        QVERIFY(!r.statements[3].isModification);
        QCOMPARE(r.statements[3].rowsAffected, 0);
        QVERIFY(!r.statements[4].isModification);
        QVERIFY(r.statements[4].isQuery);
        QVERIFY(r.statements[5].isQuery);
        QVERIFY(r.statements[5].isModification);
        QCOMPARE(r.statements[5].rowsAffected, 1);
        QCOMPARE(r.statements[5].rows[0][0].value.toLongLong(), 10);
    }

    void nullIsNotEmptyText()
    {
        TempDir dir;
        auto c =
            openDb(dir.makeDb(QStringLiteral("a.db"),
                              QStringLiteral("CREATE TABLE t(a TEXT); INSERT INTO t VALUES (NULL), ('');")));
        const ScriptResult r = runScript(*c, QStringLiteral("SELECT a FROM t ORDER BY rowid; "
                                                            "SELECT 0, 1.5, x'00ff', 'x', NULL"));
        QVERIFY(r.ok());
        const StatementResult& s = r.statements[0];
        QVERIFY(s.rows[0][0].isNull());
        QVERIFY(!s.rows[0][0].value.isValid());
        QCOMPARE(s.rows[1][0].type, ResultCell::Type::Text);
        QVERIFY(!s.rows[1][0].isNull());
        QCOMPARE(s.rows[1][0].value.toString(), QString());
        const ResultRow& row = r.statements[1].rows[0];
        QCOMPARE(row[0].type, ResultCell::Type::Integer);
        QCOMPARE(row[1].type, ResultCell::Type::Real);
        QCOMPARE(row[1].value.toDouble(), 1.5);
        QCOMPARE(row[2].type, ResultCell::Type::Blob);
        QCOMPARE(row[2].value.toByteArray(), QByteArray("\x00\xff", 2));
        QCOMPARE(row[3].type, ResultCell::Type::Text);
        QCOMPARE(row[4].type, ResultCell::Type::Null);
    }

    void largeValuesAreCutWithTheirSizeKept()
    {
        TempDir dir;
        auto c = openDb(dir.makeDb(QStringLiteral("a.db"), {}));
        RunOptions o;
        o.maxCellBytes = 100;
        const ScriptResult r =
            runScript(*c,
                      QStringLiteral(
                          "SELECT printf('%.*c', 5000, 'x'), zeroblob(3000), 'é' || printf('%.*c', 99, 'y')"),
                      o);
        QVERIFY(r.ok());
        const ResultRow& row = r.statements[0].rows[0];
        QVERIFY(row[0].truncated);
        QCOMPARE(row[0].fullBytes, 5000);
        QCOMPARE(row[0].value.toString().size(), 100);
        QVERIFY(row[1].truncated);
        QCOMPARE(row[1].fullBytes, 3000);
        QCOMPARE(row[1].value.toByteArray().size(), 100);
        // 101 bytes: the cut never splits a UTF-8 character.
        QVERIFY(row[2].truncated);
        QCOMPARE(row[2].fullBytes, 101);
        QVERIFY(row[2].value.toString().startsWith(QStringLiteral("é")));
        QCOMPARE(row[2].value.toString().toUtf8().size(), 100);
    }

    void rowsAreBoundedAndNoReadTransactionStaysOpen()
    {
        TempDir dir;
        const QString path = dir.makeDb(
            QStringLiteral("a.db"),
            QStringLiteral("CREATE TABLE t(x);"
                           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 500)"
                           "INSERT INTO t SELECT i FROM n;"));
        auto c = openDb(path);
        RunOptions o;
        o.maxRows = 20;
        const ScriptResult r = runScript(*c, QStringLiteral("SELECT x FROM t"), o);
        QVERIFY(r.ok());
        QCOMPARE(r.statements[0].rows.size(), 20);
        QVERIFY(r.statements[0].moreRows);
        QVERIFY(!r.transactionOpen);
        QVERIFY(!isInTransaction(*c));
        // Another process can write: this connection holds no lock after the run.
        execRaw(path, QStringLiteral("DELETE FROM t"));
        QCOMPARE(queryRaw(path, QStringLiteral("SELECT count(*) FROM t")), QStringLiteral("0"));
    }

    void cancelStopsALongQueryQuickly()
    {
        TempDir dir;
        const QString path = dir.makeDb(QStringLiteral("a.db"), QStringLiteral("CREATE TABLE t(x);"));
        DbWorker worker(path, {});
        std::optional<Result<ScriptResult>> got;
        const JobId id = worker.submit<ScriptResult>(
            this,
            [](Connection& c, JobControl& control) -> Result<ScriptResult> {
                return runScript(
                    c,
                    QStringLiteral("SELECT 1;\nWITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n "
                                   "WHERE i < 1000000000) SELECT count(*) FROM n;\nSELECT 2;"),
                    {}, &control);
            },
            [&](Result<ScriptResult> r) { got = std::move(r); });
        QTest::qWait(300);
        QVERIFY(!got.has_value());
        QElapsedTimer t;
        t.start();
        worker.cancel(id);
        QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 5000);
        QVERIFY2(t.elapsed() < 1000, qPrintable(QString::number(t.elapsed())));
        QVERIFY(got->ok());
        const ScriptResult& r = got->value();
        QVERIFY(r.wasCancelled());
        QCOMPARE(r.error->primaryCode(), SQLITE_INTERRUPT);
        QVERIFY2(r.error->message().contains(QStringLiteral("cancelled")), qPrintable(r.error->message()));
        QCOMPARE(r.failedIndex, 1);
        QCOMPARE(r.error->line, 2);
        QCOMPARE(r.statements.size(), 1);
        QVERIFY(!r.transactionOpen);
    }

    void readOnlyDatabaseRefusesWrites()
    {
        TempDir dir;
        const QString path = dir.makeDb(QStringLiteral("a.db"),
                                        QStringLiteral("CREATE TABLE t(x); INSERT INTO t VALUES (1);"));
        auto c = openDb(path, OpenOptions::Mode::ReadOnly);
        QVERIFY(c->isReadOnly());
        ScriptResult r = runScript(*c, QStringLiteral("SELECT count(*) FROM t;\nINSERT INTO t VALUES (2);"));
        QVERIFY(!r.ok());
        QCOMPARE(r.statements.size(), 1);
        QCOMPARE(r.error->primaryCode(), SQLITE_READONLY);
        QCOMPARE(r.error->line, 2);
        QVERIFY2(r.error->message().contains(QStringLiteral("read-only")), qPrintable(r.error->message()));
        QVERIFY(r.error->message().contains(QStringLiteral("refused")));
        r = runScript(*c, QStringLiteral("CREATE TABLE u(y)"));
        QCOMPARE(r.error->primaryCode(), SQLITE_READONLY);
        QCOMPARE(queryRaw(path, QStringLiteral("SELECT count(*) FROM t")), QStringLiteral("1"));
    }

    void emptyScriptRunsNothing()
    {
        TempDir dir;
        auto c = openDb(dir.makeDb(QStringLiteral("a.db"), {}));
        const ScriptResult r = runScript(*c, QStringLiteral("  -- only a comment\n;\n"));
        QVERIFY(r.ok());
        QCOMPARE(r.statementCount, 0);
        QVERIFY(r.statements.isEmpty());
        QVERIFY(!r.schemaChanged);
    }
};

QTEST_GUILESS_MAIN(TestScriptRunner)
#include "tst_scriptrunner.moc"
