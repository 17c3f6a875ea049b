// MigrationLint: each risk on hand-written migrations, and the real demo project's 0004.
#include "ReviewSupport.h"
#include "TestSupport.h"
#include "core/Connection.h"
#include "migrate/DryRunReport.h"
#include "migrate/MigrationLint.h"

#include <QtTest>

using namespace sluice;
using namespace sluice::test;

namespace {

QList<LintFinding> withCode(const QList<LintFinding>& all, const QString& code)
{
    QList<LintFinding> out;
    for (const LintFinding& f : all)
        if (f.code == code)
            out << f;
    return out;
}

QString dump(const QList<LintFinding>& all)
{
    return formatLintFindings(all, {});
}

} // namespace

class TestMigrationLint : public QObject
{
    Q_OBJECT

private:
    // A database with a parent (posts, 3 rows), cascade/set-null/no-action children, a trigger and
    // a view on posts.
    QString makeBlog(TempDir& dir)
    {
        return dir.makeDb(QStringLiteral("blog.db"), QStringLiteral(R"(
            CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);
            CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT, author_id INTEGER REFERENCES users(id));
            CREATE TABLE comments (id INTEGER PRIMARY KEY, post_id INTEGER REFERENCES posts(id) ON DELETE CASCADE, body TEXT);
            CREATE TABLE likes (id INTEGER PRIMARY KEY, post_id INTEGER REFERENCES posts(id) ON DELETE SET NULL);
            CREATE TABLE pins (id INTEGER PRIMARY KEY, post_id INTEGER REFERENCES posts(id));
            CREATE TABLE empty (id INTEGER PRIMARY KEY);
            CREATE TRIGGER posts_ai AFTER INSERT ON posts BEGIN SELECT 1; END;
            INSERT INTO users VALUES (1, 'a'), (2, NULL);
            INSERT INTO posts VALUES (1, 'x', 1), (2, 'y', 1), (3, NULL, 2);
            INSERT INTO comments VALUES (1, 1, 'c'), (2, 1, 'd'), (3, 2, 'e'), (4, NULL, 'f');
            INSERT INTO likes VALUES (1, 3);
            INSERT INTO pins VALUES (1, 1);
        )"));
    }

private Q_SLOTS:
    void locatesStatementsAcrossChunks()
    {
        const MigrationSource m = migrationFromSql(
            QStringLiteral("m"),
            QStringLiteral("CREATE TABLE a (x);--> statement-breakpoint\nCREATE TABLE b (\n  y\n);\n--> "
                           "statement-breakpoint\n-- comment\nDROP TABLE a;"));
        const QList<LocatedStatement> s = locateStatements(m);
        QCOMPARE(s.size(), 3);
        QCOMPARE(s.at(0).line, 1);
        QCOMPARE(s.at(1).chunk, 1);
        QCOMPARE(s.at(1).line, 2);
        QCOMPARE(s.at(2).chunk, 2);
        QCOMPARE(s.at(2).line, 7);
        QCOMPARE(s.at(2).text, QStringLiteral("DROP TABLE a;"));
        QCOMPARE(chunkStartLines(m), (QList<int>{1, 1, 5}));
    }

    void demo0004OnDemoDatabase()
    {
        TempDir dir;
        const QString db = dir.path(QStringLiteral("demo.db"));
        makeDemoDb(db, 2);
        auto c = Connection::open(db, {OpenOptions::Mode::ReadOnly});
        QVERIFY(c);
        const QList<MigrationSource> ms = demoMigrations({QStringLiteral("0004_posts_view_count_check")});
        const QList<LintFinding> all = lintMigration(ms.first(), schemaOf(db), {c.value().get()});

        const auto cascade = withCode(all, QStringLiteral("rebuild-cascade"));
        QVERIFY2(cascade.size() == 1, qPrintable(dump(all)));
        QCOMPARE(cascade.first().severity, LintSeverity::Danger);
        QCOMPARE(cascade.first().line, 18); // DROP TABLE `posts`
        QCOMPARE(cascade.first().chunk, 3);
        QCOMPARE(cascade.first().object, QStringLiteral("posts"));
        for (const char* child : {"comments", "posts_tags", "attachments"})
            QVERIFY2(cascade.first().explanation.contains(QLatin1String(child)),
                     qPrintable(cascade.first().explanation));
        QVERIFY2(cascade.first().explanation.contains(
                     QLatin1String("comments (post_id, ON DELETE CASCADE): 12,000 rows")),
                 qPrintable(cascade.first().explanation));
        QVERIFY(cascade.first().explanation.contains(QLatin1String("5,966 rows")));
        QVERIFY(cascade.first().explanation.contains(QLatin1String("300 rows")));

        const auto triggers = withCode(all, QStringLiteral("rebuild-drops-triggers"));
        QCOMPARE(triggers.size(), 1);
        QVERIFY(triggers.first().title.contains(QLatin1String("posts_audit_delete")));
        QVERIFY(triggers.first().title.contains(QLatin1String("posts_touch_updated_at")));

        const auto pragmas = withCode(all, QStringLiteral("pragma-foreign-keys"));
        QCOMPARE(pragmas.size(), 2);
        QCOMPARE(pragmas.at(0).line, 1);
        QCOMPARE(pragmas.at(1).line, 20);

        QCOMPARE(withCode(all, QStringLiteral("table-rebuild")).size(), 1);
        // Nothing else: no view uses posts, the statements all run on this schema.
        QVERIFY2(withCode(all, QStringLiteral("rebuild-view-blocks")).isEmpty(), qPrintable(dump(all)));
        QVERIFY2(withCode(all, QStringLiteral("statement-fails")).isEmpty(), qPrintable(dump(all)));
        QVERIFY2(withCode(all, QStringLiteral("drop-table")).isEmpty(), qPrintable(dump(all)));
    }

    void pendingMigrationsFollowTheSchema()
    {
        // 0005 after 0004: 0005 only creates objects; nothing risky, and the linter does not
        // mistake 0004's rebuild for anything in 0005.
        TempDir dir;
        const QString db = dir.path(QStringLiteral("demo.db"));
        makeDemoDb(db, 2);
        const auto all = lintMigrations(demoMigrations({QStringLiteral("0004_posts_view_count_check"),
                                                        QStringLiteral("0005_add_sessions")}),
                                        schemaOf(db));
        for (const LintFinding& f : all)
            QCOMPARE(f.migration, 0);
    }

    void dropTableAndColumnCountLosses()
    {
        TempDir dir;
        const QString db = makeBlog(dir);
        auto c = Connection::open(db);
        QVERIFY(c);
        const auto m =
            migrationFromSql(QStringLiteral("m"),
                             QStringLiteral("ALTER TABLE posts DROP COLUMN title;--> statement-breakpoint\n"
                                            "DROP TABLE comments;"));
        const auto all = lintMigration(m, schemaOf(db), {c.value().get()});
        const auto col = withCode(all, QStringLiteral("drop-column"));
        QCOMPARE(col.size(), 1);
        QCOMPARE(col.first().object, QStringLiteral("posts.title"));
        QVERIFY2(col.first().title.contains(QLatin1String("2 values")), qPrintable(col.first().title));
        const auto table = withCode(all, QStringLiteral("drop-table"));
        QCOMPARE(table.size(), 1);
        QCOMPARE(table.first().line, 2);
        QVERIFY2(table.first().title.contains(QLatin1String("4 rows")), qPrintable(table.first().title));
    }

    void rebuildOfReferencedTable()
    {
        TempDir dir;
        const QString db = makeBlog(dir);
        auto c = Connection::open(db);
        QVERIFY(c);
        execRaw(db, QStringLiteral("CREATE VIEW post_titles AS SELECT title FROM posts"));
        const auto m = migrationFromSql(
            QStringLiteral("m"),
            QStringLiteral(
                "PRAGMA foreign_keys=OFF;--> statement-breakpoint\n"
                "CREATE TABLE `__new_posts` (id INTEGER PRIMARY KEY, title TEXT NOT NULL DEFAULT '', "
                "author_id INTEGER);\n--> statement-breakpoint\n"
                "INSERT INTO `__new_posts` SELECT * FROM posts;--> statement-breakpoint\n"
                "DROP TABLE `posts`;--> statement-breakpoint\n"
                "ALTER TABLE `__new_posts` RENAME TO `posts`;--> statement-breakpoint\n"
                "PRAGMA foreign_keys=ON;"));
        const auto all = lintMigration(m, schemaOf(db), {c.value().get()});
        const auto cascade = withCode(all, QStringLiteral("rebuild-cascade"));
        QVERIFY2(cascade.size() == 1, qPrintable(dump(all)));
        QVERIFY(cascade.first().explanation.contains(
            QLatin1String("comments (post_id, ON DELETE CASCADE): 3 rows")));
        QVERIFY(cascade.first().explanation.contains(
            QLatin1String("likes (post_id, ON DELETE SET NULL): 1 value")));
        const auto fails = withCode(all, QStringLiteral("rebuild-fk-fails"));
        QCOMPARE(fails.size(), 1);
        QVERIFY(fails.first().explanation.contains(QLatin1String("pins")));
        QCOMPARE(withCode(all, QStringLiteral("rebuild-drops-triggers")).size(), 1);
        const auto view = withCode(all, QStringLiteral("rebuild-view-blocks"));
        QCOMPARE(view.size(), 1);
        QVERIFY(view.first().title.contains(QLatin1String("post_titles")));
        // The rename really fails on the schema: reported once, on the RENAME line.
        const auto refused = withCode(all, QStringLiteral("statement-fails"));
        QCOMPARE(refused.size(), 1);
        QCOMPARE(refused.first().line, 6);
        QVERIFY2(refused.first().title.contains(QLatin1String("post_titles")),
                 qPrintable(refused.first().title));
    }

    void rebuildThatRecreatesTriggersIsNotFlagged()
    {
        TempDir dir;
        const QString db = makeBlog(dir);
        const auto m = migrationFromSql(
            QStringLiteral("m"),
            QStringLiteral("CREATE TABLE __new_posts (id INTEGER PRIMARY KEY, title TEXT, author_id INTEGER);"
                           "--> statement-breakpoint\nDROP TABLE posts;--> statement-breakpoint\n"
                           "ALTER TABLE __new_posts RENAME TO posts;--> statement-breakpoint\n"
                           "CREATE TRIGGER posts_ai AFTER INSERT ON posts BEGIN SELECT 1; END;"));
        const auto all = lintMigration(m, schemaOf(db));
        QVERIFY2(withCode(all, QStringLiteral("rebuild-drops-triggers")).isEmpty(), qPrintable(dump(all)));
        QVERIFY(withCode(all, QStringLiteral("rename-referenced")).isEmpty());
    }

    void renameOfReferencedTable()
    {
        TempDir dir;
        const QString db = makeBlog(dir);
        const auto all = lintMigration(
            migrationFromSql(QStringLiteral("m"), QStringLiteral("ALTER TABLE posts RENAME TO articles;")),
            schemaOf(db));
        const auto r = withCode(all, QStringLiteral("rename-referenced"));
        QCOMPARE(r.size(), 1);
        QVERIFY(r.first().title.contains(QLatin1String("comments")));
        QVERIFY(r.first().title.contains(QLatin1String("pins")));
    }

    void addNotNullColumn()
    {
        TempDir dir;
        const QString db = makeBlog(dir);
        auto c = Connection::open(db);
        QVERIFY(c);
        const auto m = migrationFromSql(
            QStringLiteral("m"),
            QStringLiteral(
                "ALTER TABLE `comments` ADD `status` text NOT NULL;--> statement-breakpoint\n"
                "ALTER TABLE empty ADD COLUMN flag integer NOT NULL;--> statement-breakpoint\n"
                "ALTER TABLE comments ADD COLUMN ok integer DEFAULT 0 NOT NULL;--> statement-breakpoint\n"
                "ALTER TABLE comments ADD COLUMN bad integer NOT NULL DEFAULT NULL;"));
        const auto all =
            withCode(lintMigration(m, schemaOf(db), {c.value().get()}), QStringLiteral("add-not-null"));
        QVERIFY2(all.size() == 3, qPrintable(dump(all)));
        QCOMPARE(all.at(0).severity, LintSeverity::Danger);
        QVERIFY2(all.at(0).explanation.contains(QLatin1String("comments has 4 rows")),
                 qPrintable(all.at(0).explanation));
        QCOMPARE(all.at(1).severity, LintSeverity::Info); // empty table: works here
        QCOMPARE(all.at(1).object, QStringLiteral("empty.flag"));
        QCOMPARE(all.at(2).line, 4);
        // Without a connection the row count is unknown: a warning.
        const auto noData = withCode(lintMigration(m, schemaOf(db)), QStringLiteral("add-not-null"));
        QCOMPARE(noData.first().severity, LintSeverity::Warning);
    }

    void addReferencesWithoutAction()
    {
        TempDir dir;
        const QString db = makeBlog(dir);
        const auto m = migrationFromSql(
            QStringLiteral("m"),
            QStringLiteral("ALTER TABLE `pins` ADD `owner_id` integer REFERENCES users(id);"
                           "--> statement-breakpoint\n"
                           "ALTER TABLE pins ADD x integer REFERENCES users(id) ON DELETE CASCADE;"));
        const auto all = withCode(lintMigration(m, schemaOf(db)), QStringLiteral("add-fk-action-lost"));
        QCOMPARE(all.size(), 1);
        QCOMPARE(all.first().severity, LintSeverity::Info);
        QCOMPARE(all.first().object, QStringLiteral("pins.owner_id"));
    }

    void updateDeleteWithoutWhere()
    {
        TempDir dir;
        const QString db = makeBlog(dir);
        auto c = Connection::open(db);
        QVERIFY(c);
        const auto m = migrationFromSql(
            QStringLiteral("m"),
            QStringLiteral(
                "UPDATE posts SET title = (SELECT name FROM users WHERE id = 1);--> statement-breakpoint\n"
                "DELETE FROM comments;--> statement-breakpoint\n"
                "DELETE FROM comments WHERE id > 2;--> statement-breakpoint\n"
                "WITH x AS (SELECT 1) UPDATE posts SET title = 'z' WHERE id IN (SELECT * FROM x);"));
        const auto all = lintMigration(m, schemaOf(db), {c.value().get()});
        const auto upd = withCode(all, QStringLiteral("update-all"));
        QCOMPARE(upd.size(), 1);
        QVERIFY(upd.first().explanation.contains(QLatin1String("3 rows")));
        const auto del = withCode(all, QStringLiteral("delete-all"));
        QCOMPARE(del.size(), 1);
        QCOMPARE(del.first().line, 2);
        QVERIFY(del.first().explanation.contains(QLatin1String("4 rows")));
    }

    void transactionStatementsInFile()
    {
        const auto m = migrationFromSql(QStringLiteral("m"),
                                        QStringLiteral("BEGIN;--> statement-breakpoint\n"
                                                       "CREATE TABLE t (x);--> statement-breakpoint\n"
                                                       "COMMIT;"));
        const auto all = withCode(lintMigration(m, Schema{}), QStringLiteral("transaction-in-file"));
        QCOMPARE(all.size(), 2);
        QCOMPARE(all.at(0).title, QStringLiteral("BEGIN inside the migration"));
        QCOMPARE(all.at(1).line, 3);
    }

    void chunksWithSeveralOrNoStatements()
    {
        const auto multi = migrationFromSql(QStringLiteral("m"),
                                            QStringLiteral("CREATE TABLE a (x);\nCREATE TABLE b (y);\n"
                                                           "CREATE TABLE c (z);--> statement-breakpoint\n"
                                                           "CREATE TABLE d (w);--> statement-breakpoint\n"));
        const auto all = lintMigration(multi, Schema{});
        const auto several = withCode(all, QStringLiteral("multi-statement-chunk"));
        QCOMPARE(several.size(), 1);
        QCOMPARE(several.first().chunk, 0);
        QCOMPARE(several.first().line, 2); // the first statement that would be skipped
        QVERIFY(several.first().title.contains(QLatin1String("3 statements")));
        const auto empty = withCode(all, QStringLiteral("empty-chunk"));
        QCOMPARE(empty.size(), 1); // the trailing breakpoint leaves an empty last chunk
        QCOMPARE(empty.first().chunk, 2);

        const auto custom =
            migrationFromSql(QStringLiteral("0006_custom"),
                             QStringLiteral("-- Custom SQL migration file, put your code below! --"));
        const auto c = withCode(lintMigration(custom, Schema{}), QStringLiteral("empty-chunk"));
        QCOMPARE(c.size(), 1);
        QVERIFY(c.first().title.contains(QLatin1String("--custom")));
        QCOMPARE(c.first().severity, LintSeverity::Danger);
    }

    void reportsAsTextAndJson()
    {
        const QList<MigrationSource> ms{
            migrationFromSql(QStringLiteral("0001_x"), QStringLiteral("DELETE FROM t;"))};
        TempDir dir;
        const QString db = dir.makeDb(QStringLiteral("t.db"), QStringLiteral("CREATE TABLE t (x);"));
        const auto all = lintMigrations(ms, schemaOf(db));
        QCOMPARE(formatLintFindings(all, ms).left(28), QStringLiteral("0001_x.sql:1: danger [delete"));
        const QJsonArray a = lintFindingsToJson(all, ms);
        QCOMPARE(a.size(), 1);
        QCOMPARE(a.first().toObject().value(QStringLiteral("code")).toString(), QStringLiteral("delete-all"));
    }
};

QTEST_GUILESS_MAIN(TestMigrationLint)
#include "tst_migration_lint.moc"
