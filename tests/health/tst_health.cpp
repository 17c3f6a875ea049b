#include "HealthTestData.h"
#include "TestSupport.h"
#include "core/Connection.h"
#include "health/DatabaseStatistics.h"
#include "health/ForeignKeyCheck.h"
#include "health/IntegrityCheck.h"
#include "health/Maintenance.h"
#include "health/MigrationTableCheck.h"
#include "health/SchemaAdvice.h"
#include "sql/StatementSplitter.h"
#include "worker/DbWorker.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QTest>

using namespace sluice;
using namespace sluice::test;

namespace {

std::unique_ptr<Connection> openDb(const QString& path, OpenOptions::Mode mode = OpenOptions::Mode::ReadWrite)
{
    OpenOptions o;
    o.mode = mode;
    auto c = Connection::open(path, o);
    if (!c)
        qFatal("cannot open %s: %s", qPrintable(path), qPrintable(c.error().message()));
    return std::move(c.value());
}

QStringList codes(const QList<AdviceFinding>& findings)
{
    QStringList out;
    for (const AdviceFinding& f : findings)
        out.append(f.code + QLatin1Char(':') + f.table + QLatin1Char(':') + f.columns.join(QLatin1Char(',')));
    out.sort();
    return out;
}

QStringList migrationCodes(const MigrationTableReport& r)
{
    QStringList out;
    for (const MigrationTableFinding& f : r.findings)
        out.append(f.code);
    return out;
}

} // namespace

class TestHealth : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void integrityOkOnCleanDatabase()
    {
        TempDir dir;
        const QString db = makeForeignKeyViolationDb(dir, QStringLiteral("clean.db"));
        auto c = openDb(db, OpenOptions::Mode::ReadOnly);
        for (bool quick : {false, true}) {
            auto r = checkIntegrity(*c, IntegrityOptions{quick, 100});
            QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message()));
            QVERIFY(r->ok());
            QCOMPARE(r->summary(), QStringLiteral("ok"));
            QVERIFY(!r->truncated);
        }
    }

    void integrityReportsDamagedPage()
    {
        TempDir dir;
        const QString db = makeCorruptDb(dir, QStringLiteral("bad.db"));
        auto c = openDb(db, OpenOptions::Mode::ReadOnly);
        auto r = checkIntegrity(*c);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message()));
        QVERIFY(!r->ok());
        QVERIFY2(r->problems.join('\n').contains(QStringLiteral("page"), Qt::CaseInsensitive),
                 qPrintable(r->problems.join('\n')));
        auto quick = checkIntegrity(*c, IntegrityOptions{true, 100});
        QVERIFY(quick.ok());
        QVERIFY(!quick->ok());
    }

    void integrityCapsTheErrors()
    {
        // An index whose definition names another column than the one it was built on: every row is
        // "missing from index", far more problems than the cap.
        TempDir dir;
        const QString db = dir.makeDb(
            QStringLiteral("idx.db"),
            QStringLiteral("CREATE TABLE t(a INTEGER, b INTEGER); CREATE INDEX t_a ON t(a);"
                           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) "
                           "INSERT INTO t SELECT i, 1000 + i FROM n;"
                           "PRAGMA writable_schema = ON;"
                           "UPDATE sqlite_schema SET sql = 'CREATE INDEX t_a ON t(b)' WHERE name = 't_a';"));
        auto c = openDb(db, OpenOptions::Mode::ReadOnly);
        auto r = checkIntegrity(*c, IntegrityOptions{false, 5});
        QVERIFY(r.ok());
        QCOMPARE(r->problems.size(), 5);
        QVERIFY(r->truncated);
        QVERIFY2(r->problems.first().contains(QStringLiteral("t_a")), qPrintable(r->problems.first()));
        QVERIFY(r->summary().contains(QStringLiteral("limit of 5")));
    }

    void notADatabaseCannotBeChecked()
    {
        TempDir dir;
        const QString path =
            dir.writeFile(QStringLiteral("notes.db"), QByteArray("hello, this is text\n").repeated(300));
        OpenOptions o;
        o.mode = OpenOptions::Mode::ReadOnly;
        auto c = Connection::open(path, o);
        if (!c) {
            QVERIFY(c.error().message().contains(QStringLiteral("database"), Qt::CaseInsensitive));
            return;
        }
        auto r = checkIntegrity(**c);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message().contains(QStringLiteral("not a database"), Qt::CaseInsensitive),
                 qPrintable(r.error().message()));
    }

    void foreignKeyViolationsAreListedWithColumns()
    {
        TempDir dir;
        const QString db = makeForeignKeyViolationDb(dir, QStringLiteral("fk.db"));
        auto c = openDb(db, OpenOptions::Mode::ReadOnly);
        auto r = checkForeignKeys(*c);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message()));
        QCOMPARE(r->violations.size(), 3);
        // SQLite reports table by table in its own order; within a table, by rowid.
        QList<ForeignKeyCheckViolation> comments;
        std::optional<ForeignKeyCheckViolation> like;
        for (const ForeignKeyCheckViolation& x : r->violations) {
            if (x.table == QLatin1String("comments"))
                comments.append(x);
            else if (x.table == QLatin1String("likes"))
                like = x;
        }
        QCOMPARE(comments.size(), 2);
        QVERIFY(like.has_value());
        const ForeignKeyCheckViolation& v = comments.first();
        QCOMPARE(v.rowid.value_or(-1), 2);
        QCOMPARE(v.parentTable, QStringLiteral("posts"));
        QCOMPARE(v.fkIndex, 0);
        QCOMPARE(v.childColumns, QStringList{QStringLiteral("post_id")});
        QCOMPARE(v.parentColumns, QStringList{QStringLiteral("id")});
        QCOMPARE(v.childValues.value(0).toLongLong(), 42);
        QCOMPARE(v.constraintText(), QStringLiteral("comments.post_id → posts.id"));
        QCOMPARE(comments.at(1).rowid.value_or(-1), 3);
        // REFERENCES posts without columns means posts' primary key.
        QCOMPARE(like->rowid.value_or(-1), 7);
        QCOMPARE(like->parentColumns, QStringList{QStringLiteral("id")});
        QCOMPARE(like->constraintText(), QStringLiteral("likes.post → posts.id"));

        auto capped = checkForeignKeys(*c, ForeignKeyCheckOptions{{}, 1});
        QVERIFY(capped.ok());
        QCOMPARE(capped->violations.size(), 1);
        QVERIFY(capped->truncated);
        auto one = checkForeignKeys(*c, ForeignKeyCheckOptions{QStringLiteral("likes"), 100});
        QVERIFY(one.ok());
        QCOMPARE(one->violations.size(), 1);
        QCOMPARE(one->violations.first().table, QStringLiteral("likes"));
    }

    void cancelStopsALongIntegrityCheck()
    {
        TempDir dir;
        const QString db = dir.makeDb(
            QStringLiteral("big.db"),
            QStringLiteral(
                "CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b TEXT, c INTEGER);"
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400000) "
                "INSERT INTO t SELECT i, printf('a%09d', i), printf('%09d-b', i * 7), i % 1000 FROM n;"
                "CREATE INDEX t_a ON t(a); CREATE INDEX t_b ON t(b); CREATE INDEX t_c ON t(c, b);"));
        // How long the whole check takes here, so the cancel is shown to be much faster.
        QElapsedTimer whole;
        whole.start();
        {
            auto c = openDb(db, OpenOptions::Mode::ReadOnly);
            auto full = checkIntegrity(*c);
            QVERIFY(full.ok() && full->ok());
        }
        const qint64 fullMs = whole.elapsed();

        for (int delayMs : {0, int(fullMs / 2)}) {
            DbWorker worker(db, OpenOptions{OpenOptions::Mode::ReadOnly});
            std::optional<Result<IntegrityReport>> got;
            int reports = 0;
            const JobId id = worker.submit<IntegrityReport>(
                this, [](Connection& c, JobControl& control) { return checkIntegrity(c, {}, &control); },
                [&](Result<IntegrityReport> r) { got = std::move(r); },
                [&](qint64, qint64 total, const QString&) {
                    ++reports;
                    QVERIFY(total > 0);
                });
            QTRY_VERIFY(reports > 0); // the check has started
            QTest::qWait(delayMs);
            QElapsedTimer t;
            t.start();
            worker.cancel(id);
            QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 10000);
            const qint64 cancelMs = t.elapsed();
            QVERIFY(!got->ok());
            QVERIFY2(got->error().isInterrupted(), qPrintable(got->error().message()));
            QVERIFY2(
                cancelMs < 500 && cancelMs < fullMs,
                qPrintable(QStringLiteral("cancel took %1 ms, whole check %2 ms").arg(cancelMs).arg(fullMs)));
        }
    }

    void statisticsMatchThePragmas()
    {
        TempDir dir;
        const QString db = makeForeignKeyViolationDb(dir, QStringLiteral("s.db"));
        execRaw(db, QStringLiteral("PRAGMA user_version = 7; PRAGMA application_id = 4660;"
                                   "CREATE TABLE junk(x); INSERT INTO junk SELECT zeroblob(3000) FROM posts, "
                                   "(SELECT 1 UNION SELECT 2 UNION SELECT 3); DROP TABLE junk;"));
        auto c = openDb(db, OpenOptions::Mode::ReadOnly);
        auto s = readDatabaseStatistics(*c, StatisticsOptions{true, true});
        QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().message()));
        QCOMPARE(s->pageSize, queryRaw(db, QStringLiteral("PRAGMA page_size")).toLongLong());
        QCOMPARE(s->pageCount, queryRaw(db, QStringLiteral("PRAGMA page_count")).toLongLong());
        QCOMPARE(s->freelistCount, queryRaw(db, QStringLiteral("PRAGMA freelist_count")).toLongLong());
        QVERIFY(s->freelistCount > 0);
        QCOMPARE(s->freelistBytes(), s->freelistCount * s->pageSize);
        QCOMPARE(s->journalMode, queryRaw(db, QStringLiteral("PRAGMA journal_mode")));
        QCOMPARE(s->encoding, QStringLiteral("UTF-8"));
        QCOMPARE(s->userVersion, 7);
        QCOMPARE(s->applicationId, 4660);
        QCOMPARE(s->autoVacuumName(), QStringLiteral("none"));
        QCOMPARE(s->fileSize, QFileInfo(db).size());
        QCOMPARE(s->fileSize, s->pageSize * s->pageCount);
        QCOMPARE(s->walSize, -1);
        QCOMPARE(s->sqliteVersion, queryRaw(db, QStringLiteral("SELECT sqlite_version()")));
        QVERIFY(s->dbstatAvailable); // Debian's library has it; the code falls back when it does not
        qint64 pages = 0;
        bool sawIndex = false;
        for (const ObjectSize& o : s->objects) {
            pages += o.pages;
            QCOMPARE(o.bytes, o.pages * s->pageSize);
            if (o.name == QLatin1String("comments_post")) {
                sawIndex = true;
                QVERIFY(o.isIndex);
                QCOMPARE(o.table, QStringLiteral("comments"));
            }
            if (o.name == QLatin1String("comments"))
                QCOMPARE(o.rows.value_or(-1), 3);
        }
        QVERIFY(sawIndex);
        // Every page is either in a b-tree or on the freelist.
        QCOMPARE(pages + s->freelistCount, s->pageCount);
    }

    void vacuumReclaimsTheEstimate()
    {
        TempDir dir;
        const QString db = dir.makeDb(
            QStringLiteral("v.db"),
            QStringLiteral("CREATE TABLE keep(id INTEGER PRIMARY KEY, v TEXT);"
                           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
                           "INSERT INTO keep SELECT i, printf('%0100d', i) FROM n;"
                           "CREATE TABLE junk(x); INSERT INTO junk SELECT randomblob(1000) FROM keep;"
                           "DROP TABLE junk;"));
        const qint64 freelistBytes = queryRaw(db, QStringLiteral("PRAGMA freelist_count")).toLongLong() *
                                     queryRaw(db, QStringLiteral("PRAGMA page_size")).toLongLong();
        QVERIFY(freelistBytes > 1000000);
        const qint64 before = QFileInfo(db).size();
        auto c = openDb(db);
        auto e = estimateVacuum(*c, true);
        QVERIFY2(e.ok(), qPrintable(e.ok() ? QString() : e.error().message()));
        QCOMPARE(e->reclaimBytes, freelistBytes);
        QVERIFY(e->unusedInPagesBytes.has_value());
        QVERIFY(e->enoughDisk);
        QCOMPARE(e->requiredBytes, before);
        auto r = runVacuum(*c);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message()));
        QCOMPARE(r->sizeBefore, before);
        QCOMPARE(QFileInfo(db).size(), before - freelistBytes);
        QCOMPARE(r->sizeAfter, before - freelistBytes);
        QVERIFY(r->summary.contains(QStringLiteral("reclaimed")));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM keep")), QStringLiteral("2000"));
    }

    void maintenanceWritesAndRefusesReadOnly()
    {
        TempDir dir;
        const QString db = makeForeignKeyViolationDb(dir, QStringLiteral("m.db"));
        const QByteArray sha = fileSha256(db);
        {
            auto ro = openDb(db, OpenOptions::Mode::ReadOnly);
            for (auto op : {&runVacuum, &runAnalyze, &runOptimize}) {
                auto r = op(*ro, nullptr);
                QVERIFY(!r.ok());
                QVERIFY2(r.error().message().contains(QStringLiteral("read-only")),
                         qPrintable(r.error().message()));
            }
        }
        QCOMPARE(fileSha256(db), sha);
        auto c = openDb(db);
        auto a = runAnalyze(*c);
        QVERIFY2(a.ok(), qPrintable(a.ok() ? QString() : a.error().message()));
        QVERIFY(queryRaw(db, QStringLiteral("SELECT count(*) FROM sqlite_stat1")).toInt() > 0);
        auto o = runOptimize(*c);
        QVERIFY2(o.ok(), qPrintable(o.ok() ? QString() : o.error().message()));
        QCOMPARE(o->operation, QStringLiteral("PRAGMA optimize"));
        QVERIFY(c->exec(QStringLiteral("BEGIN")).ok());
        auto inTx = runVacuum(*c);
        QVERIFY(!inTx.ok());
        QVERIFY(inTx.error().message().contains(QStringLiteral("transaction")));
        QVERIFY(c->exec(QStringLiteral("ROLLBACK")).ok());
    }

    void adviceFindsEachCaseAndItsFixRemovesIt()
    {
        TempDir dir;
        const QString db = dir.makeDb(
            QStringLiteral("a.db"),
            QStringLiteral(
                "CREATE TABLE posts(id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, created_at "
                "TEXT);"
                "CREATE TABLE comments(id INTEGER PRIMARY KEY, post_id INTEGER REFERENCES posts(id) ON "
                "DELETE "
                "CASCADE, body TEXT);"
                "CREATE TABLE logs(msg TEXT);"
                "CREATE TABLE users(id INTEGER PRIMARY KEY, email TEXT);"
                "CREATE TABLE sessions(id INTEGER PRIMARY KEY, user_email TEXT REFERENCES users(email));"
                "CREATE TABLE tags(post_id INTEGER REFERENCES posts, name TEXT, PRIMARY KEY (post_id, name)) "
                "WITHOUT ROWID;"
                "CREATE INDEX posts_title ON posts(title);"
                "CREATE TRIGGER posts_log AFTER INSERT ON posts BEGIN INSERT INTO logs VALUES ('new post'); "
                "END;"
                "CREATE VIEW recent AS SELECT id, title FROM posts ORDER BY created_at DESC;"
                "INSERT INTO posts(title, created_at) VALUES ('a', '2024-01-02 03:04:05'), ('b', "
                "'2024-02-03T04:05:06Z'), ('c', '2024-03-04');"
                "DELETE FROM posts WHERE title = 'c';"
                "INSERT INTO comments VALUES (1, 1, 'first');"
                "INSERT INTO users VALUES (1, 'a@example.com');"
                "INSERT INTO sessions VALUES (1, 'a@example.com');"
                "INSERT INTO tags VALUES (1, 'x');"));
        auto c = openDb(db, OpenOptions::Mode::ReadOnly);
        auto advice = adviseSchema(*c);
        QVERIFY2(advice.ok(), qPrintable(advice.ok() ? QString() : advice.error().message()));
        QCOMPARE(codes(*advice), (QStringList{QStringLiteral("autoincrement:posts:id"),
                                              QStringLiteral("fk-parent-not-unique:sessions:user_email"),
                                              QStringLiteral("fk-without-index:comments:post_id"),
                                              QStringLiteral("fk-without-index:sessions:user_email"),
                                              QStringLiteral("no-primary-key:logs:"),
                                              QStringLiteral("text-dates:posts:created_at")}));
        for (const AdviceFinding& f : *advice) {
            QVERIFY(!f.title.isEmpty());
            QVERIFY(f.explanation.size() > 80);
            const bool offersSql =
                f.code != QLatin1String("no-primary-key") && f.code != QLatin1String("text-dates");
            QCOMPARE(!f.fixSql.isEmpty(), offersSql);
            if (f.code == QLatin1String("text-dates"))
                QCOMPARE(f.samples.size(), 2);
            if (f.code == QLatin1String("autoincrement"))
                QVERIFY(f.severity == HealthSeverity::Info);
        }

        // Apply every offered fix to a copy: the findings with SQL disappear, the data and the
        // dependent objects survive.
        const QString copy = dir.path(QStringLiteral("fixed.db"));
        QVERIFY(QFile::copy(db, copy));
        {
            auto w = openDb(copy);
            for (const AdviceFinding& f : *advice)
                for (const auto& s : splitStatements(f.fixSql)) {
                    Status st = w->exec(s.text);
                    QVERIFY2(st.ok(),
                             qPrintable(f.code + QStringLiteral(": ") + s.text + QStringLiteral(" → ") +
                                        (st.ok() ? QString() : st.error().message())));
                }
            auto again = adviseSchema(*w);
            QVERIFY(again.ok());
            QCOMPARE(codes(*again), (QStringList{QStringLiteral("no-primary-key:logs:"),
                                                 QStringLiteral("text-dates:posts:created_at")}));
        }
        QCOMPARE(queryRaw(copy, QStringLiteral("SELECT group_concat(id || title, ',') FROM posts")),
                 QStringLiteral("1a,2b"));
        QCOMPARE(
            queryRaw(copy, QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE name IN ('posts_title', "
                                          "'posts_log', 'recent')")),
            QStringLiteral("3"));
        QCOMPARE(queryRaw(copy, QStringLiteral("SELECT count(*) FROM sqlite_sequence WHERE name = 'posts'")),
                 QStringLiteral("0"));
        QCOMPARE(queryRaw(copy, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
        QCOMPARE(queryRaw(copy, QStringLiteral("SELECT count(*) FROM pragma_foreign_key_check")),
                 QStringLiteral("0"));
        // The cascade from comments still points at the rebuilt posts.
        execRaw(copy, QStringLiteral(
                          "PRAGMA foreign_keys = ON; DELETE FROM tags; DELETE FROM posts WHERE id = 1;"));
        QCOMPARE(queryRaw(copy, QStringLiteral("SELECT count(*) FROM comments")), QStringLiteral("0"));
    }

    void migrationTableValidation()
    {
        TempDir dir;
        const QString db = makeDrizzleProjectDb(dir);
        auto location = findMigrationsFor(db);
        QVERIFY2(location.ok(), qPrintable(location.ok() ? QString() : location.error().message()));
        QVERIFY(location->has_value());
        QCOMPARE((*location)->migrationsDir, dir.path(QStringLiteral("project/drizzle")));
        {
            auto c = openDb(db, OpenOptions::Mode::ReadOnly);
            auto r = validateMigrationTable(*c, **location);
            QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message()));
            QVERIFY2(r->ok(), qPrintable(migrationCodes(*r).join(',')));
            QVERIFY(r->tableExists);
            QCOMPARE(r->rowCount, 10);
            QVERIFY(r->summary().startsWith(QStringLiteral("ok: 10 applied")));
        }
        // Damage two rows and edit an applied file.
        execRaw(db,
                QStringLiteral("UPDATE __drizzle_migrations SET hash = 'not-a-hash' WHERE rowid = 2;"
                               "UPDATE __drizzle_migrations SET created_at = 'yesterday' WHERE rowid = 3;"));
        QFile edited(dir.path(QStringLiteral("project/drizzle/0008_indexes.sql")));
        QVERIFY(edited.open(QIODevice::Append));
        edited.write("\n-- edited after it was applied\n");
        edited.close();
        auto c = openDb(db, OpenOptions::Mode::ReadOnly);
        auto r = validateMigrationTable(*c, **location);
        QVERIFY(r.ok());
        QVERIFY(!r->ok());
        const QStringList found = migrationCodes(*r);
        QVERIFY2(found.contains(QStringLiteral("hash-malformed")), qPrintable(found.join(',')));
        QVERIFY2(found.contains(QStringLiteral("created-at-not-numeric")), qPrintable(found.join(',')));
        QVERIFY2(found.contains(QStringLiteral("applied-but-edited")), qPrintable(found.join(',')));
        for (const MigrationTableFinding& f : r->findings)
            if (f.code == QLatin1String("hash-malformed"))
                QCOMPARE(f.rowid, 2);

        // A database outside any project: nothing to validate, and that is not an error.
        const QString lone = dir.makeDb(QStringLiteral("lone.db"), QStringLiteral("CREATE TABLE t(x);"));
        auto none = findMigrationsFor(lone);
        QVERIFY(none.ok());
        QVERIFY(!none->has_value());
    }
};

QTEST_GUILESS_MAIN(TestHealth)
#include "tst_health.moc"
