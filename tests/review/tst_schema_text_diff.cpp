// SchemaTextDiff: normalised CREATE text, line diff states, per-object diff; the demo's 0004+0005.
#include "ReviewSupport.h"
#include "TestSupport.h"
#include "diff/SchemaTextDiff.h"

#include <QFile>
#include <QtTest>

using namespace sluice;
using namespace sluice::test;

class TestSchemaTextDiff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tableIsOneLinePerColumnOrConstraint()
    {
        const QStringList lines = normalizedCreateLines(
            QStringLiteral("CREATE TABLE `posts` (\n\t`id` integer PRIMARY KEY,   `title`  text NOT NULL "
                           "DEFAULT 'a  b', -- c\n"
                           "\tFOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON DELETE cascade,\n"
                           "\tCONSTRAINT \"chk\" CHECK(\"posts\".\"x\" >= 0)\n) WITHOUT ROWID"));
        const QStringList expected{
            QStringLiteral("CREATE TABLE \"posts\" ("),
            QStringLiteral("  \"id\" integer PRIMARY KEY,"),
            QStringLiteral("  \"title\" text NOT NULL DEFAULT 'a  b',"),
            QStringLiteral("  FOREIGN KEY (\"author_id\") REFERENCES \"users\"(\"id\") ON DELETE cascade,"),
            QStringLiteral("  CONSTRAINT \"chk\" CHECK(\"posts\".\"x\" >= 0)"),
            QStringLiteral(") WITHOUT ROWID"),
        };
        QCOMPARE(lines, expected);
        // Quoting style and layout do not matter.
        QCOMPARE(normalizedCreateLines(QStringLiteral("CREATE TABLE \"t\"(a int,b int)")),
                 normalizedCreateLines(QStringLiteral("CREATE TABLE [t] (\n  a int,\n  b int\n)")));
        QCOMPARE(normalizedCreateLines(QStringLiteral("CREATE INDEX `i` ON `t` (`a`)")),
                 QStringList{QStringLiteral("CREATE INDEX \"i\" ON \"t\" (\"a\")")});
    }

    void lineStates()
    {
        const QStringList a{QStringLiteral("("), QStringLiteral("  a int,"), QStringLiteral("  b int"),
                            QStringLiteral(")")};
        const QStringList b{QStringLiteral("("), QStringLiteral("  a int,"), QStringLiteral("  b text,"),
                            QStringLiteral("  c int"), QStringLiteral(")")};
        const QList<DiffRow> rows = diffLines(a, b);
        QCOMPARE(rows.size(), 5);
        QCOMPARE(rows.at(0).state, DiffState::Same);
        QCOMPARE(rows.at(1).state, DiffState::Same);
        QCOMPARE(rows.at(2).state, DiffState::Changed);
        QCOMPARE(rows.at(2).before, QStringLiteral("  b int"));
        QCOMPARE(rows.at(2).after, QStringLiteral("  b text,"));
        QCOMPARE(rows.at(3).state, DiffState::Added);
        QCOMPARE(rows.at(3).afterLine, 4);
        QCOMPARE(rows.at(3).beforeLine, 0);
        QCOMPARE(rows.at(4).state, DiffState::Same);

        // Appending a column does not mark the old last line changed (its comma is ignored).
        const QList<DiffRow> appended =
            diffLines({QStringLiteral("  a int")}, {QStringLiteral("  a int,"), QStringLiteral("  z int")});
        QCOMPARE(appended.at(0).state, DiffState::Same);
        QCOMPARE(appended.at(1).state, DiffState::Added);

        const QList<DiffRow> removed =
            diffLines({QStringLiteral("x"), QStringLiteral("y")}, {QStringLiteral("y")});
        QCOMPARE(removed.at(0).state, DiffState::Removed);
        QCOMPARE(removed.at(0).beforeLine, 1);
    }

    void objectsAddedRemovedChangedUnchanged()
    {
        TempDir dir;
        const QString a = dir.makeDb(
            QStringLiteral("a.db"),
            QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT); CREATE INDEX t_x ON t(x);"
                           "CREATE TABLE gone (id); CREATE VIEW v AS SELECT 1;"
                           "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;"));
        const QString b = dir.makeDb(
            QStringLiteral("b.db"),
            QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT, y INT); CREATE INDEX t_x ON t(x);"
                           "CREATE TABLE fresh (id); CREATE VIEW v AS SELECT 1;"));
        const SchemaDiff d = diffSchemas(schemaOf(a), schemaOf(b));
        QCOMPARE(d.added, 1);
        QCOMPARE(d.removed, 2); // table gone, trigger tr
        QCOMPARE(d.changed, 1);
        QVERIFY(!d.isEmpty());
        QCOMPARE(d.find(QStringLiteral("table"), QStringLiteral("t"))->state, DiffState::Changed);
        QVERIFY(d.find(QStringLiteral("index"), QStringLiteral("t_x"))->isUnchanged());
        QVERIFY(d.find(QStringLiteral("view"), QStringLiteral("v"))->isUnchanged());
        const ObjectDiff* fresh = d.find(QStringLiteral("table"), QStringLiteral("fresh"));
        QCOMPARE(fresh->state, DiffState::Added);
        QVERIFY(fresh->before.isEmpty());
        QCOMPARE(fresh->rows.first().state, DiffState::Added);
        QCOMPARE(d.find(QStringLiteral("trigger"), QStringLiteral("tr"))->state, DiffState::Removed);
        // Tables come first, each followed by its indexes and triggers; views last.
        QStringList order;
        for (const ObjectDiff& o : d.objects)
            order << o.type + QLatin1Char(':') + o.name;
        QCOMPARE(order, (QStringList{QStringLiteral("table:fresh"), QStringLiteral("table:gone"),
                                     QStringLiteral("table:t"), QStringLiteral("index:t_x"),
                                     QStringLiteral("trigger:tr"), QStringLiteral("view:v")}));
        QVERIFY(diffSchemas(schemaOf(a), schemaOf(a)).isEmpty());
    }

    void demoMigrations0004And0005()
    {
        TempDir dir;
        const QString before = dir.path(QStringLiteral("before.db"));
        const QString after = dir.path(QStringLiteral("after.db"));
        makeDemoDb(before, 2);
        makeDemoDb(after, 0);
        const SchemaDiff d = diffSchemas(schemaOf(before), schemaOf(after));
        const ObjectDiff* posts = d.find(QStringLiteral("table"), QStringLiteral("posts"));
        QVERIFY(posts);
        QCOMPARE(posts->state, DiffState::Changed);
        QStringList added;
        for (const DiffRow& r : posts->rows)
            if (r.state != DiffState::Same)
                added << diffStateName(r.state) + QLatin1Char(' ') + r.after;
        // The rebuild keeps every column line; only the CHECK constraint is new.
        QCOMPARE(added, QStringList{QStringLiteral("added   CONSTRAINT \"posts_view_count_check\" "
                                                   "CHECK(\"posts\".\"view_count\" >= 0)")});
        QCOMPARE(d.find(QStringLiteral("table"), QStringLiteral("sessions"))->state, DiffState::Added);
        QCOMPARE(d.find(QStringLiteral("index"), QStringLiteral("sessions_user_idx"))->state,
                 DiffState::Added);
        QCOMPARE(d.find(QStringLiteral("view"), QStringLiteral("active_sessions"))->state, DiffState::Added);
        QVERIFY(d.find(QStringLiteral("table"), QStringLiteral("users"))->isUnchanged());
        QVERIFY(d.find(QStringLiteral("index"), QStringLiteral("posts_slug_unique"))->isUnchanged());
    }
};

QTEST_GUILESS_MAIN(TestSchemaTextDiff)
#include "tst_schema_text_diff.moc"
