// `sluice diff` as a real process: the sqlite3-shell script it prints runs in the real sqlite3
// shell and yields the target schema without losing a cascade child; --format drizzle; --apply
// with its refusals (data loss without --yes, a database whose schema is not FROM); exit codes.
#include "PlanTestSupport.h"
#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>

using namespace sluice;
using namespace sluice::test;

class TestDiffCli : public QObject
{
    Q_OBJECT

    TempDir m_dir;

    const QString m_a = QStringLiteral(
        "CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT);\n"
        "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id) ON DELETE CASCADE);\n");
    const QString m_b = QStringLiteral(
        "CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT 'x', born INTEGER);\n"
        "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id) ON DELETE CASCADE);\n"
        "CREATE INDEX c_p ON c(p_id);\n");
    const QString m_rows =
        QStringLiteral("INSERT INTO p VALUES (1,'a'),(2,NULL); INSERT INTO c VALUES (1,1),(2,2),(3,2);");

    static QString schemaShapeOf(const QString& db)
    {
        auto c = Connection::open(db);
        if (!c)
            return QString();
        return schemaShape(schemaOfDb(*c.value())).join(QLatin1Char('\n'));
    }

private Q_SLOTS:
    void scriptRunsInTheSqliteShell()
    {
        const QString sqlite3 = QStandardPaths::findExecutable(QStringLiteral("sqlite3"));
        if (sqlite3.isEmpty())
            QSKIP("the sqlite3 shell is not installed");
        const QString db = m_dir.makeDb(QStringLiteral("shell.db"), m_a + m_rows);
        const QString target = m_dir.writeFile(QStringLiteral("target.sql"), m_b.toUtf8());
        ProcessResult r = runSluice({QStringLiteral("diff"), db, target});
        QCOMPARE(r.exitCode, 1); // differences found
        QVERIFY(r.out.contains(QStringLiteral("PRAGMA foreign_keys=OFF")));
        QVERIFY(r.out.contains(QStringLiteral("BEGIN IMMEDIATE;")));

        // Foreign keys on in the shell, as the issue demands: the script still keeps every child.
        QProcess shell;
        shell.start(sqlite3, {QStringLiteral("-cmd"), QStringLiteral("PRAGMA foreign_keys=ON"), db});
        QVERIFY(shell.waitForStarted());
        shell.write(r.out.toUtf8());
        shell.closeWriteChannel();
        QVERIFY(shell.waitForFinished(30000));
        QVERIFY2(shell.exitCode() == 0, shell.readAllStandardError().constData());
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM c")), QStringLiteral("3"));
        QCOMPARE(schemaShapeOf(db), schemaShape(schemaOf(m_b)).join(QLatin1Char('\n')));

        // The same diff again: nothing left to do, exit 0.
        ProcessResult again = runSluice({QStringLiteral("diff"), db, target});
        QCOMPARE(again.exitCode, 0);
        QVERIFY(again.out.isEmpty());
    }

    void shellScriptRollsBackOnADanglingReference()
    {
        const QString sqlite3 = QStandardPaths::findExecutable(QStringLiteral("sqlite3"));
        if (sqlite3.isEmpty())
            QSKIP("the sqlite3 shell is not installed");
        // B drops the parent table but keeps a child that references it: the check must refuse.
        const QString db = m_dir.makeDb(QStringLiteral("dangling.db"), m_a + m_rows);
        const QString target = m_dir.writeFile(
            QStringLiteral("dangling.sql"),
            QByteArrayLiteral(
                "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id) ON DELETE CASCADE);"));
        ProcessResult r = runSluice({QStringLiteral("diff"), db, target});
        QCOMPARE(r.exitCode, 1);
        const QByteArray before = fileSha256(db);
        QProcess shell;
        shell.start(sqlite3, {db});
        QVERIFY(shell.waitForStarted());
        shell.write(r.out.toUtf8());
        shell.closeWriteChannel();
        QVERIFY(shell.waitForFinished(30000));
        QVERIFY(shell.exitCode() != 0);
        QCOMPARE(fileSha256(db), before);
    }

    void drizzleFormat()
    {
        const QString from = m_dir.writeFile(QStringLiteral("from.sql"), m_a.toUtf8());
        const QString to = m_dir.writeFile(QStringLiteral("to.sql"), m_b.toUtf8());
        ProcessResult r = runSluice(
            {QStringLiteral("diff"), from, to, QStringLiteral("--format"), QStringLiteral("drizzle")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.startsWith(QStringLiteral("PRAGMA foreign_keys=OFF;\n--> statement-breakpoint\n")));
        QVERIFY(!r.out.contains(QStringLiteral("BEGIN")));
        QVERIFY(r.out.trimmed().endsWith(QStringLiteral("PRAGMA foreign_keys=ON;")));
    }

    void applyRefusesDataLossWithoutYes()
    {
        const QString db = m_dir.makeDb(QStringLiteral("apply.db"), m_a + m_rows);
        const QString to =
            m_dir.writeFile(QStringLiteral("drop.sql"),
                            QByteArrayLiteral("CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT);"));
        const QByteArray before = fileSha256(db);
        ProcessResult r = runSluice({QStringLiteral("diff"), db, to, QStringLiteral("--apply"), db});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("--yes")));
        QCOMPARE(fileSha256(db), before);

        ProcessResult yes = runSluice({QStringLiteral("diff"), db, to, QStringLiteral("--apply"), db,
                                       QStringLiteral("--yes"), QStringLiteral("--json")});
        QVERIFY2(yes.exitCode == 0, qPrintable(yes.err));
        const QJsonObject report = QJsonDocument::fromJson(yes.out.toUtf8()).object();
        QVERIFY(report.value(QStringLiteral("applied")).toBool());
        QVERIFY(QFileInfo::exists(report.value(QStringLiteral("backup")).toString()));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE name='c'")),
                 QStringLiteral("0"));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM p")), QStringLiteral("2"));
    }

    // A target whose trigger uses a column it drops: reported as an error before anything runs,
    // in the text and the JSON; --apply and --save-migration refuse even with --yes, and change nothing.
    void brokenTriggerIsReportedAndRefused()
    {
        const QString schema = QStringLiteral(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT); CREATE TABLE log (x TEXT);"
            "CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.b); END;");
        const QString db = m_dir.makeDb(QStringLiteral("trigger.db"),
                                        schema + QStringLiteral("INSERT INTO t VALUES (1, 'x', 'y');"));
        QString target = schema;
        target.replace(QStringLiteral(", b TEXT"), QString());
        const QString to = m_dir.writeFile(QStringLiteral("trigger-target.sql"), target.toUtf8());
        const QByteArray before = fileSha256(db);

        ProcessResult printed = runSluice({QStringLiteral("diff"), db, to});
        QCOMPARE(printed.exitCode, 1);
        QVERIFY2(printed.err.contains(QStringLiteral("error: Trigger tr on t")) &&
                     printed.err.contains(QStringLiteral("no such column: new.b")),
                 qPrintable(printed.err));
        ProcessResult json = runSluice({QStringLiteral("diff"), db, to, QStringLiteral("--json")});
        const QJsonArray blockers =
            QJsonDocument::fromJson(json.out.toUtf8()).object().value(QStringLiteral("blockers")).toArray();
        QCOMPARE(blockers.size(), 1);
        QVERIFY(blockers.first().toString().contains(QStringLiteral("Trigger tr")));

        ProcessResult applied = runSluice({QStringLiteral("diff"), db, to, QStringLiteral("--apply"), db,
                                           QStringLiteral("--yes"), QStringLiteral("--no-backup")});
        QCOMPARE(applied.exitCode, 2);
        QVERIFY2(applied.err.contains(QStringLiteral("refusing to apply")), qPrintable(applied.err));
        QCOMPARE(fileSha256(db), before);
    }

    void applyRefusesADatabaseThatIsNotFrom()
    {
        const QString db =
            m_dir.makeDb(QStringLiteral("other.db"), QStringLiteral("CREATE TABLE unrelated (x);"));
        const QString from = m_dir.writeFile(QStringLiteral("f.sql"), m_a.toUtf8());
        const QString to = m_dir.writeFile(QStringLiteral("t.sql"), m_b.toUtf8());
        const QByteArray before = fileSha256(db);
        ProcessResult r = runSluice({QStringLiteral("diff"), from, to, QStringLiteral("--apply"), db});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("is not the schema of")));
        QCOMPARE(fileSha256(db), before);
    }

    void renamesAndJson()
    {
        const QString from =
            m_dir.writeFile(QStringLiteral("rf.sql"),
                            QByteArrayLiteral("CREATE TABLE u (id INTEGER PRIMARY KEY, name TEXT);"));
        const QString to =
            m_dir.writeFile(QStringLiteral("rt.sql"),
                            QByteArrayLiteral("CREATE TABLE u (id INTEGER PRIMARY KEY, full_name TEXT);"));
        ProcessResult guess = runSluice({QStringLiteral("diff"), from, to});
        QVERIFY(guess.err.contains(QStringLiteral("--rename u.name=full_name")));
        ProcessResult r = runSluice({QStringLiteral("diff"), from, to, QStringLiteral("--rename"),
                                     QStringLiteral("u.name=full_name"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 1);
        const QJsonObject report = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QJsonArray statements = report.value(QStringLiteral("statements")).toArray();
        QCOMPARE(statements.size(), 1);
        QVERIFY(statements.first()
                    .toObject()
                    .value(QStringLiteral("sql"))
                    .toString()
                    .contains(QStringLiteral("RENAME COLUMN")));
        QCOMPARE(report.value(QStringLiteral("losesData")).toBool(), false);
    }

    // Without an answer, --json lists each rename candidate with why the two look alike.
    void renameCandidatesSayWhy()
    {
        const QString from = m_dir.writeFile(
            QStringLiteral("cf.sql"),
            QByteArrayLiteral("CREATE TABLE u (id INTEGER PRIMARY KEY, name TEXT NOT NULL "
                              "DEFAULT '', x INT);"
                              "CREATE TABLE old_t (id INTEGER PRIMARY KEY, a TEXT, b TEXT);"));
        const QString to = m_dir.writeFile(
            QStringLiteral("ct.sql"),
            QByteArrayLiteral("CREATE TABLE u (id INTEGER PRIMARY KEY, full_name TEXT NOT "
                              "NULL DEFAULT '', x INT);"
                              "CREATE TABLE new_t (id INTEGER PRIMARY KEY, a TEXT, c TEXT);"));
        ProcessResult r = runSluice({QStringLiteral("diff"), from, to, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 1);
        const QJsonArray candidates = QJsonDocument::fromJson(r.out.toUtf8())
                                          .object()
                                          .value(QStringLiteral("renameCandidates"))
                                          .toArray();
        QCOMPARE(candidates.size(), 2);
        QJsonObject column, table;
        for (const QJsonValue& c : candidates)
            (c.toObject().value(QStringLiteral("kind")).toString() == QLatin1String("table") ? table
                                                                                             : column) =
                c.toObject();
        QCOMPARE(column.value(QStringLiteral("from")).toString(), QStringLiteral("name"));
        QCOMPARE(column.value(QStringLiteral("to")).toString(), QStringLiteral("full_name"));
        QCOMPARE(column.value(QStringLiteral("reason")).toString(),
                 QStringLiteral(
                     "both declared TEXT, both NOT NULL, the same default '', the same position (column 2)"));
        QCOMPARE(table.value(QStringLiteral("from")).toString(), QStringLiteral("old_t"));
        QCOMPARE(table.value(QStringLiteral("reason")).toString(),
                 QStringLiteral("2 of 3 columns in common: id, a"));
        ProcessResult text = runSluice({QStringLiteral("diff"), from, to});
        QVERIFY2(text.err.contains(QStringLiteral("appears (both declared TEXT")), qPrintable(text.err));
    }

    void driftAgainstTheLatestSnapshot()
    {
        const QString dir = sourceDir() + QStringLiteral("/tests/fixtures/drizzle/blog/drizzle");
        QDir migrations(dir);
        QStringList files = migrations.entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name);
        QString all;
        for (const QString& f : files) {
            QFile file(migrations.filePath(f));
            QVERIFY(file.open(QIODevice::ReadOnly));
            all += QString::fromUtf8(file.readAll()) + QStringLiteral(";\n");
        }
        // The bookkeeping table is not the app's schema; the custom migration's trigger is not drift.
        const QString db =
            m_dir.makeDb(QStringLiteral("drift.db"),
                         all + QStringLiteral("CREATE TABLE __drizzle_migrations (id INTEGER PRIMARY KEY, "
                                              "hash text NOT NULL, created_at numeric);"));
        ProcessResult clean = runSluice({QStringLiteral("drift"), db, QStringLiteral("--migrations"), dir});
        QVERIFY2(clean.exitCode == 0, qPrintable(clean.out + clean.err));
        QVERIFY(clean.out.contains(QStringLiteral("No drift")));

        execRaw(db,
                QStringLiteral("ALTER TABLE users ADD COLUMN nickname TEXT; DROP INDEX posts_author_idx;"));
        ProcessResult drift = runSluice({QStringLiteral("drift"), db, QStringLiteral("--migrations"), dir});
        QCOMPARE(drift.exitCode, 1);
        QVERIFY(drift.out.contains(QStringLiteral("Drop column users.nickname")));
        QVERIFY(drift.out.contains(QStringLiteral("Create index posts_author_idx")));
        ProcessResult json = runSluice(
            {QStringLiteral("drift"), db, QStringLiteral("--migrations"), dir, QStringLiteral("--json")});
        QCOMPARE(json.exitCode, 1);
        QVERIFY(QJsonDocument::fromJson(json.out.toUtf8()).object().value(QStringLiteral("drift")).toBool());

        ProcessResult missing = runSluice({QStringLiteral("drift"), m_dir.path(QStringLiteral("none.db"))});
        QCOMPARE(missing.exitCode, 2);
    }

    // A drizzle 1.0 project (<timestamp>_<name>/ folders, version 7 snapshots): migrated by Sluice, no
    // drift; a hand-made change is drift, named, with the SQL that undoes it.
    void driftInADrizzle1Project()
    {
        const QString dir = sourceDir() + QStringLiteral("/tests/fixtures/drizzle/v1/blog/drizzle");
        const QString db = m_dir.path(QStringLiteral("drift-v1.db"));
        ProcessResult migrated = runSluice({QStringLiteral("migrate"), db, QStringLiteral("--migrations"),
                                            dir, QStringLiteral("--no-backup")});
        QVERIFY2(migrated.exitCode == 0, qPrintable(migrated.out + migrated.err));
        ProcessResult clean = runSluice({QStringLiteral("drift"), db, QStringLiteral("--migrations"), dir});
        QVERIFY2(clean.exitCode == 0, qPrintable(clean.out + clean.err));
        QVERIFY2(clean.out.contains(QStringLiteral("_drop_user_name/snapshot.json")), qPrintable(clean.out));

        execRaw(db, QStringLiteral("DROP INDEX comments_post_idx; ALTER TABLE posts ADD COLUMN extra TEXT;"));
        ProcessResult drift = runSluice({QStringLiteral("drift"), db, QStringLiteral("--migrations"), dir});
        QCOMPARE(drift.exitCode, 1);
        QVERIFY2(drift.out.contains(QStringLiteral("Drop column posts.extra")), qPrintable(drift.out));
        QVERIFY2(drift.out.contains(QStringLiteral("Create index comments_post_idx")), qPrintable(drift.out));
    }

    // A version 7 snapshot is a diff source like the older ones.
    void v7SnapshotAsDiffSource()
    {
        QDir dir(sourceDir() + QStringLiteral("/tests/fixtures/drizzle/v1/blog/drizzle"));
        const QStringList folders = dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        QVERIFY(folders.size() >= 2);
        ProcessResult r =
            runSluice({QStringLiteral("diff"), dir.filePath(folders[0] + QStringLiteral("/snapshot.json")),
                       dir.filePath(folders[1] + QStringLiteral("/snapshot.json"))});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains(QStringLiteral("ADD COLUMN \"status\" text DEFAULT 'draft' NOT NULL")),
                 qPrintable(r.out));
    }

    void snapshotAsDiffSource()
    {
        const QString dir = sourceDir() + QStringLiteral("/tests/fixtures/drizzle/blog/drizzle/meta");
        ProcessResult r = runSluice({QStringLiteral("diff"), dir + QStringLiteral("/0000_snapshot.json"),
                                     dir + QStringLiteral("/0001_snapshot.json")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains(QStringLiteral("ADD COLUMN \"status\" text DEFAULT 'draft' NOT NULL")),
                 qPrintable(r.out));
    }

    void badInput()
    {
        const QString bad = m_dir.writeFile(QStringLiteral("bad.sql"),
                                            QByteArrayLiteral("CREATE TABLE a (x);\nCREATE TABLE oops (;\n"));
        const QString ok =
            m_dir.writeFile(QStringLiteral("ok.sql"), QByteArrayLiteral("CREATE TABLE a (x);"));
        ProcessResult r = runSluice({QStringLiteral("diff"), ok, bad});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("line 2")) && r.err.contains(QStringLiteral("bad.sql")),
                 qPrintable(r.err));
        ProcessResult missing =
            runSluice({QStringLiteral("diff"), ok, m_dir.path(QStringLiteral("nope.db"))});
        QCOMPARE(missing.exitCode, 2);
        ProcessResult format =
            runSluice({QStringLiteral("diff"), ok, ok, QStringLiteral("--format"), QStringLiteral("xml")});
        QCOMPARE(format.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestDiffCli)
#include "tst_diff_cli.moc"
