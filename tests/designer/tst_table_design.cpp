// The table designer's engine on real files: each case builds a database with data, turns one of
// its tables into a TableDesign, edits it as the designer would, plans live → design with the
// design's own rename hints, runs the plan with PlanRunner, and checks that the database now has
// exactly the designed schema, every row, and clean integrity and foreign-key checks.
#include "TestSupport.h"
#include "core/Connection.h"
#include "migrate/PlanRunner.h"
#include "schema/SchemaReader.h"
#include "schemaplan/SchemaPlanner.h"
#include "schemaplan/SchemaShape.h"
#include "schemaplan/TableDesign.h"

#include <QTest>

#include <functional>

using namespace sluice;
using namespace sluice::test;

static const char* kBase = R"(
CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, age TEXT, email TEXT);
CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER, title TEXT);
CREATE INDEX posts_title ON posts (title);
INSERT INTO users VALUES (1, 'Ann', '31', 'ann@x'), (2, 'Bob', '42', 'bob@x'), (3, 'Cy', NULL, NULL);
INSERT INTO posts VALUES (1, 1, 'hello'), (2, 2, 'world'), (3, 1, 'again');
)";

static const QString kCounts =
    QStringLiteral("SELECT (SELECT count(*) FROM users) || '/' || (SELECT count(*) FROM posts)");

class TestTableDesign : public QObject
{
    Q_OBJECT

    TempDir m_dir;
    int m_n = 0;

    struct Outcome
    {
        SchemaPlan plan;
        QString db;
        Schema target;
    };

    static Schema liveSchema(const QString& db)
    {
        auto c = Connection::open(db);
        if (!c)
            qFatal("%s", qPrintable(c.error().message()));
        auto r = readSchema(*c.value());
        if (!r)
            qFatal("%s", qPrintable(r.error().message()));
        return r->schema;
    }

    // Builds the database, edits `table`'s design with `edit`, plans and applies. The checks every
    // case shares are made here: the schema equals the design, no row is lost, checks are clean.
    Outcome roundTrip(const QString& table, const std::function<void(TableDesign&)>& edit,
                      const QString& schema = QString::fromUtf8(kBase))
    {
        Outcome out;
        out.db = m_dir.makeDb(QStringLiteral("d%1.db").arg(++m_n), schema);
        const Schema live = liveSchema(out.db);
        TableDesign design;
        if (const Table* t = live.table(table)) {
            auto d = TableDesign::fromTable(*t);
            if (!d)
                qFatal("%s", qPrintable(d.error().message()));
            design = d.value();
        } else {
            design = TableDesign::newTable(table);
        }
        const QString before = queryRaw(out.db, kCounts);
        edit(design);
        auto target = design.targetSchema(live);
        if (!target)
            qFatal("design rejected: %s\n%s", qPrintable(target.error().message()),
                   qPrintable(design.script()));
        out.target = target.value();
        auto planned = planSchemaChange(live, out.target, design.renameHints());
        if (!planned)
            qFatal("%s", qPrintable(planned.error().message()));
        out.plan = planned.value();
        auto c = Connection::open(out.db);
        if (!c || !c.value()->exec(QStringLiteral("PRAGMA foreign_keys=ON")).ok())
            qFatal("open");
        auto ran = PlanRunner::run(*c.value(), out.plan.plan);
        if (!ran)
            qFatal("plan failed: %s", qPrintable(ran.error().message()));
        c.value().reset();
        const Schema after = liveSchema(out.db);
        if (schemaShape(after) != schemaShape(out.target))
            qFatal("schema differs from the design:\n%s\n---\n%s",
                   qPrintable(schemaShape(after).join(QLatin1Char('\n'))),
                   qPrintable(schemaShape(out.target).join(QLatin1Char('\n'))));
        if (queryRaw(out.db, QStringLiteral("PRAGMA integrity_check")) != QLatin1String("ok"))
            qFatal("integrity");
        if (queryRaw(out.db, QStringLiteral("SELECT count(*) FROM pragma_foreign_key_check")) !=
            QLatin1String("0"))
            qFatal("foreign keys");
        // Every row kept (a renamed table is counted by its own test).
        if (after.table(QStringLiteral("users")) && after.table(QStringLiteral("posts")) &&
            queryRaw(out.db, kCounts) != before)
            qFatal("rows lost");
        return out;
    }

    static bool planHas(const SchemaPlan& p, const QString& fragment)
    {
        for (const PlanStatement& s : p.plan.statements)
            if (s.sql.contains(fragment, Qt::CaseInsensitive))
                return true;
        return false;
    }

private Q_SLOTS:
    void unchangedDesignPlansNothing()
    {
        // Every clause the designer knows, read back from SQLite and rendered again: no change.
        const QString rich = QStringLiteral(R"(
CREATE TABLE p (id INTEGER PRIMARY KEY AUTOINCREMENT, code TEXT COLLATE NOCASE UNIQUE);
CREATE TABLE t (
  a INTEGER NOT NULL DEFAULT 0 CHECK (a >= 0),
  "b c" VARCHAR(20) DEFAULT 'x''y' COLLATE RTRIM,
  d REAL DEFAULT (1 + 2),
  e TEXT GENERATED ALWAYS AS (upper("b c")) VIRTUAL,
  f INTEGER REFERENCES p (id) ON DELETE CASCADE ON UPDATE SET NULL,
  g TEXT DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (a, "b c"),
  UNIQUE (d, g),
  CHECK (d > -1)
) WITHOUT ROWID;
CREATE UNIQUE INDEX t_g ON t (g DESC, d COLLATE NOCASE) WHERE g IS NOT NULL;
CREATE INDEX t_expr ON t (lower(g));
CREATE TABLE s (x INTEGER, y TEXT) STRICT;
INSERT INTO users VALUES (9, 'x', 1, NULL);
)");
        const QString script = QString::fromUtf8(kBase) + rich;
        for (const QString& name :
             {QStringLiteral("t"), QStringLiteral("p"), QStringLiteral("s"), QStringLiteral("users")}) {
            const Outcome o = roundTrip(
                name, [](TableDesign&) {}, script);
            QVERIFY2(o.plan.isEmpty(), qPrintable(name + QStringLiteral(": ") +
                                                  QString::number(o.plan.plan.statements.size())));
        }
    }

    void addColumnWithDefault()
    {
        const Outcome o = roundTrip(QStringLiteral("users"), [](TableDesign& d) {
            DesignColumn c;
            c.name = QStringLiteral("status");
            c.type = QStringLiteral("TEXT");
            c.notNull = true;
            c.defaultSql = QStringLiteral("'active'");
            d.columns << c;
        });
        QVERIFY(planHas(o.plan, QStringLiteral("ADD COLUMN")));
        QVERIFY(!o.plan.losesData);
        QCOMPARE(queryRaw(o.db, QStringLiteral("SELECT group_concat(status) FROM users")),
                 QStringLiteral("active,active,active"));
    }

    void renameColumnIsExact()
    {
        const Outcome o = roundTrip(QStringLiteral("users"),
                                    [](TableDesign& d) { d.renameColumn(1, QStringLiteral("full_name")); });
        QVERIFY(planHas(o.plan, QStringLiteral("RENAME COLUMN")));
        QVERIFY(!o.plan.losesData);
        QCOMPARE(queryRaw(o.db, QStringLiteral("SELECT group_concat(full_name) FROM users")),
                 QStringLiteral("Ann,Bob,Cy"));
    }

    void renameOntoAFreedNameAndSwapInOneStep()
    {
        // name → full_name with email → name (a chain), and age ↔ email-like swap of two names:
        // the planner orders the renames and moves one aside, so each is one change that keeps values.
        {
            const Outcome o = roundTrip(QStringLiteral("users"), [](TableDesign& t) {
                t.renameColumn(1, QStringLiteral("full_name"));
                t.renameColumn(3, QStringLiteral("name"));
            });
            QVERIFY(planHas(o.plan, QStringLiteral("RENAME COLUMN")));
            QVERIFY(!o.plan.losesData);
            QCOMPARE(
                queryRaw(o.db, QStringLiteral("SELECT full_name || '|' || name FROM users WHERE id = 1")),
                QStringLiteral("Ann|ann@x"));
        }
        {
            const Outcome o = roundTrip(QStringLiteral("users"), [](TableDesign& t) {
                t.renameColumn(2, QStringLiteral("email"));
                t.renameColumn(3, QStringLiteral("age"));
            });
            QVERIFY(!o.plan.losesData);
            QVERIFY(planHas(o.plan, QStringLiteral("__sluice_rename_1")));
            QCOMPARE(queryRaw(o.db, QStringLiteral("SELECT email || '|' || age FROM users WHERE id = 2")),
                     QStringLiteral("42|bob@x"));
        }
    }

    void aSchemaWithVirtualTables()
    {
        // fts5 and rtree create shadow tables; the target schema is built without them (creating the
        // virtual table creates them again), so a design beside them still works.
        const QString script =
            QString::fromUtf8(kBase) + QStringLiteral("CREATE VIRTUAL TABLE docs USING fts5(body);\n"
                                                      "CREATE VIRTUAL TABLE boxes USING rtree(id, x0, x1);\n"
                                                      "INSERT INTO docs VALUES ('hello world');\n");
        const Outcome o = roundTrip(
            QStringLiteral("users"), [](TableDesign& d) { d.renameColumn(1, QStringLiteral("full_name")); },
            script);
        QVERIFY(planHas(o.plan, QStringLiteral("RENAME COLUMN")));
        QCOMPARE(queryRaw(o.db, QStringLiteral("SELECT body FROM docs WHERE docs MATCH 'hello'")),
                 QStringLiteral("hello world"));
    }

    void renameFollowsViewsAndIndexes()
    {
        const QString script =
            QString::fromUtf8(kBase) +
            QStringLiteral(
                "CREATE VIEW titles AS SELECT title FROM posts;\n"
                "CREATE TRIGGER posts_t AFTER UPDATE OF title ON posts BEGIN SELECT new.title; END;\n");
        const Outcome o = roundTrip(
            QStringLiteral("posts"), [](TableDesign& d) { d.renameColumn(2, QStringLiteral("headline")); },
            script);
        QVERIFY(planHas(o.plan, QStringLiteral("RENAME COLUMN")));
        QVERIFY(o.target.view(QStringLiteral("titles"))->sql.contains(QStringLiteral("headline")));
        QCOMPARE(queryRaw(o.db,
                          QStringLiteral(
                              "SELECT group_concat(headline) FROM (SELECT headline FROM titles ORDER BY 1)")),
                 QStringLiteral("again,hello,world"));
        QCOMPARE(queryRaw(o.db, QStringLiteral("SELECT sql FROM sqlite_schema WHERE name = 'posts_title'"))
                     .contains(QStringLiteral("headline")),
                 true);
    }

    void renameTable()
    {
        const Outcome o =
            roundTrip(QStringLiteral("posts"), [](TableDesign& d) { d.name = QStringLiteral("articles"); });
        QVERIFY(planHas(o.plan, QStringLiteral("RENAME TO")));
        QCOMPARE(queryRaw(o.db, QStringLiteral("SELECT count(*) FROM articles")), QStringLiteral("3"));
    }

    void dropColumnLosesData()
    {
        const Outcome o = roundTrip(QStringLiteral("users"), [](TableDesign& d) {
            d.removeColumn(d.columnIndex(QStringLiteral("email")));
        });
        QVERIFY(o.plan.losesData);
        QVERIFY(!o.plan.warnings.isEmpty());
        QCOMPARE(queryRaw(o.db, QStringLiteral("SELECT count(*) FROM pragma_table_info('users')")),
                 QStringLiteral("3"));
    }

    void reorderColumns()
    {
        const Outcome o = roundTrip(QStringLiteral("users"), [](TableDesign& d) { d.columns.move(3, 1); });
        QCOMPARE(queryRaw(o.db, QStringLiteral("SELECT group_concat(name) FROM pragma_table_info('users')")),
                 QStringLiteral("id,email,name,age"));
        QCOMPARE(queryRaw(o.db, QStringLiteral("SELECT email || name FROM users WHERE id = 2")),
                 QStringLiteral("bob@xBob"));
    }

    void changeTypeConvertsValues()
    {
        const Outcome o = roundTrip(QStringLiteral("users"),
                                    [](TableDesign& d) { d.columns[2].type = QStringLiteral("INTEGER"); });
        QCOMPARE(queryRaw(o.db, QStringLiteral("SELECT typeof(age) FROM users WHERE id = 1")),
                 QStringLiteral("integer"));
        QCOMPARE(queryRaw(o.db, QStringLiteral("SELECT sum(age) FROM users")), QStringLiteral("73"));
    }

    void changeConstraints_data()
    {
        QTest::addColumn<int>("which");
        QTest::newRow("not null") << 0;
        QTest::newRow("default") << 1;
        QTest::newRow("primary key") << 2;
        QTest::newRow("unique") << 3;
        QTest::newRow("check") << 4;
        QTest::newRow("collation") << 5;
        QTest::newRow("table check + composite unique") << 6;
        QTest::newRow("strict") << 7;
        QTest::newRow("autoincrement") << 8;
    }

    void changeConstraints()
    {
        QFETCH(int, which);
        const Outcome o = roundTrip(QStringLiteral("users"), [which](TableDesign& d) {
            DesignColumn& email = d.columns[3];
            switch (which) {
            case 0:
                d.columns[2].notNull = false;
                d.columns[1].notNull = false;
                break;
            case 1:
                email.defaultSql = QStringLiteral("'none@x'");
                break;
            case 2:
                d.setPrimaryKey(0, false);
                d.setPrimaryKey(1, true);
                d.setPrimaryKey(0, true);
                break;
            case 3:
                email.unique = true;
                break;
            case 4:
                d.columns[1].check = QStringLiteral("length(name) > 1");
                break;
            case 5:
                d.columns[1].collation = QStringLiteral("NOCASE");
                break;
            case 6:
                d.checks << QStringLiteral("id > 0");
                d.uniqueConstraints << QStringList{QStringLiteral("name"), QStringLiteral("email")};
                break;
            case 7:
                d.strict = true;
                d.columns[2].type = QStringLiteral("INTEGER");
                email.type = QStringLiteral("TEXT");
                break;
            case 8:
                d.columns[0].autoincrement = true;
                break;
            }
        });
        QVERIFY(!o.plan.isEmpty());
        QVERIFY(!o.plan.losesData);
        QCOMPARE(queryRaw(o.db, QStringLiteral("SELECT group_concat(name) FROM users")),
                 QStringLiteral("Ann,Bob,Cy"));
        if (which == 2)
            QCOMPARE(liveSchema(o.db).table(QStringLiteral("users"))->primaryKey(),
                     QStringList({QStringLiteral("name"), QStringLiteral("id")}));
    }

    void addGeneratedColumn()
    {
        const Outcome o = roundTrip(QStringLiteral("users"), [](TableDesign& d) {
            DesignColumn c;
            c.name = QStringLiteral("label");
            c.type = QStringLiteral("TEXT");
            c.generated = QStringLiteral("name || ' <' || email || '>'");
            d.columns << c;
        });
        QVERIFY(!o.plan.losesData);
        QCOMPARE(queryRaw(o.db, QStringLiteral("SELECT label FROM users WHERE id = 1")),
                 QStringLiteral("Ann <ann@x>"));
    }

    void addAndRemoveForeignKey()
    {
        const Outcome added = roundTrip(QStringLiteral("posts"), [](TableDesign& d) {
            DesignForeignKey fk;
            fk.columns = {QStringLiteral("user_id")};
            fk.parentTable = QStringLiteral("users");
            fk.parentColumns = {QStringLiteral("id")};
            fk.onDelete = QStringLiteral("CASCADE");
            d.foreignKeys << fk;
        });
        QCOMPARE(liveSchema(added.db).table(QStringLiteral("posts"))->foreignKeys.size(), 1);
        execRaw(added.db, QStringLiteral("PRAGMA foreign_keys=ON; DELETE FROM users WHERE id = 1;"));
        QCOMPARE(queryRaw(added.db, QStringLiteral("SELECT count(*) FROM posts")), QStringLiteral("1"));

        const QString withFk = QString::fromUtf8(kBase).replace(
            QStringLiteral("user_id INTEGER,"), QStringLiteral("user_id INTEGER REFERENCES users (id),"));
        const Outcome removed = roundTrip(
            QStringLiteral("posts"),
            [](TableDesign& d) {
                QCOMPARE(d.foreignKeys.size(), 1);
                d.foreignKeys.clear();
            },
            withFk);
        QVERIFY(liveSchema(removed.db).table(QStringLiteral("posts"))->foreignKeys.isEmpty());
    }

    void addAndRemoveIndex()
    {
        const Outcome added = roundTrip(QStringLiteral("users"), [](TableDesign& d) {
            DesignIndex ix;
            ix.name = QStringLiteral("users_email");
            ix.unique = true;
            ix.setColumnNames({QStringLiteral("email")});
            ix.where = QStringLiteral("email IS NOT NULL");
            d.indexes << ix;
        });
        QVERIFY(planHas(added.plan, QStringLiteral("CREATE UNIQUE INDEX \"users_email\"")));
        QVERIFY(added.plan.plan.statements.size() == 1); // no rebuild for an index
        const Outcome removed = roundTrip(QStringLiteral("posts"), [](TableDesign& d) { d.indexes.clear(); });
        QVERIFY(planHas(removed.plan, QStringLiteral("DROP INDEX")));
        QVERIFY(!liveSchema(removed.db).table(QStringLiteral("posts"))->indexes.size());
    }

    void removeColumnTakesItsReferences()
    {
        const Outcome o = roundTrip(QStringLiteral("posts"), [](TableDesign& d) {
            d.removeColumn(d.columnIndex(QStringLiteral("title")));
            QVERIFY(d.indexes.isEmpty());
        });
        QVERIFY(o.plan.losesData);
    }

    void createTableWithForeignKeyAndIndex()
    {
        const Outcome o = roundTrip(QStringLiteral("comments"), [](TableDesign& d) {
            DesignColumn post;
            post.name = QStringLiteral("post_id");
            post.type = QStringLiteral("INTEGER");
            post.notNull = true;
            DesignColumn body;
            body.name = QStringLiteral("body");
            body.type = QStringLiteral("TEXT");
            d.columns << post << body;
            DesignForeignKey fk;
            fk.columns = {QStringLiteral("post_id")};
            fk.parentTable = QStringLiteral("posts");
            fk.onDelete = QStringLiteral("cascade");
            d.foreignKeys << fk;
            DesignIndex ix;
            ix.name = QStringLiteral("comments_post");
            ix.setColumnNames({QStringLiteral("post_id")});
            d.indexes << ix;
        });
        QVERIFY(planHas(o.plan, QStringLiteral("CREATE TABLE \"comments\"")));
        const Schema live = liveSchema(o.db); // the table points into it
        const Table* t = live.table(QStringLiteral("comments"));
        QVERIFY(t);
        QCOMPARE(t->foreignKeys.value(0).onDelete, QStringLiteral("CASCADE"));
        QCOMPARE(t->indexes.size(), 1);
        execRaw(o.db, QStringLiteral("INSERT INTO comments (post_id, body) VALUES (1, 'hi')"));
    }

    void invalidDesignsAreRefusedWithAMessage()
    {
        const QString db = m_dir.makeDb(QStringLiteral("bad.db"), QString::fromUtf8(kBase));
        const QByteArray before = fileSha256(db);
        const Schema live = liveSchema(db);
        TableDesign d = TableDesign::fromTable(*live.table(QStringLiteral("users"))).value();

        TableDesign dup = d;
        dup.renameColumn(2, QStringLiteral("NAME"));
        QVERIFY(!dup.problems().isEmpty());
        auto r = dup.targetSchema(live);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message().contains(QStringLiteral("appears twice")),
                 qPrintable(r.error().message()));

        TableDesign badCheck = d;
        badCheck.columns[2].check = QStringLiteral("age >");
        QVERIFY(badCheck.problems().isEmpty()); // only SQLite can tell
        r = badCheck.targetSchema(live);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message().contains(QStringLiteral("syntax error")),
                 qPrintable(r.error().message()));
        QCOMPARE(r.error().line, 1);

        TableDesign injected = d;
        injected.columns[2].type = QStringLiteral("TEXT, evil INTEGER");
        QVERIFY(!injected.problems().isEmpty());
        injected = d;
        injected.columns[2].defaultSql = QStringLiteral("1); DROP TABLE users; --");
        QVERIFY(!injected.problems().isEmpty());

        TableDesign clash = TableDesign::newTable(QStringLiteral("posts"));
        r = clash.targetSchema(live);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message().contains(QStringLiteral("already exists")),
                 qPrintable(r.error().message()));

        QCOMPARE(fileSha256(db), before);
    }

    void clausesTheDesignCannotCarryAreNamed()
    {
        const QString db = m_dir.makeDb(
            QStringLiteral("conflict.db"),
            QStringLiteral("CREATE TABLE c (id INTEGER PRIMARY KEY DESC, "
                           "a TEXT NOT NULL ON CONFLICT IGNORE, b TEXT DEFAULT 'on conflict');\n"
                           "CREATE TABLE plain (x TEXT DEFAULT 'ON CONFLICT', \"on conflict\" INT);"));
        const Schema live = liveSchema(db);
        const TableDesign c = TableDesign::fromTable(*live.table(QStringLiteral("c"))).value();
        QCOMPARE(c.notKept,
                 QStringList({QStringLiteral("ON CONFLICT clauses"), QStringLiteral("PRIMARY KEY DESC")}));
        // The words inside a string or a quoted name are no clause.
        QVERIFY(TableDesign::fromTable(*live.table(QStringLiteral("plain"))).value().notKept.isEmpty());
    }

    void identifiersAreQuoted()
    {
        TableDesign d = TableDesign::newTable(QStringLiteral("we\"ird"));
        d.renameColumn(0, QStringLiteral("select"));
        QVERIFY(d.createTableSql().contains(QStringLiteral("CREATE TABLE \"we\"\"ird\"")));
        QVERIFY(d.createTableSql().contains(QStringLiteral("\"select\" INTEGER PRIMARY KEY")));
        QVERIFY(d.targetSchema(Schema{}).ok());
        QCOMPARE(defaultClause(QStringLiteral("1+2")), QStringLiteral("(1+2)"));
        QCOMPARE(defaultClause(QStringLiteral("'a b'")), QStringLiteral("'a b'"));
        QCOMPARE(defaultClause(QStringLiteral("-1.5")), QStringLiteral("-1.5"));
    }
};

QTEST_GUILESS_MAIN(TestTableDesign)
#include "tst_table_design.moc"
