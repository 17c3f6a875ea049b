// The schema planner on hand-written cases, one per rule: each builds a real database with schema A
// and rows, plans A → B, runs the plan with PlanRunner, and checks that the schema now equals B,
// that rows and kept values survived, and that foreign_key_check and integrity_check are clean.
#include "PlanTestSupport.h"
#include "TestSupport.h"
#include "schemaplan/CreateTableText.h"
#include "schemaplan/SqlNormalizer.h"

using namespace sluice;
using namespace sluice::test;

class TestSchemaPlan : public QObject
{
    Q_OBJECT

    struct Applied
    {
        SchemaPlan plan;
        QString db;
        Result<PlanRunResult> run = DbError{};
    };

    TempDir m_dir;
    int m_n = 0;

    // A database with `a` + `data`, the plan to `b`, run. Fails the test when planning fails.
    Applied apply(const QString& a, const QString& data, const QString& b, const RenameHints& hints = {})
    {
        Applied out;
        out.db = m_dir.makeDb(QStringLiteral("t%1.db").arg(++m_n), a + data);
        auto c = Connection::open(out.db);
        if (!c)
            qFatal("%s", qPrintable(c.error().message()));
        auto planned = planSchemaChange(schemaOfDb(*c.value()), schemaOf(b), hints);
        if (!planned)
            qFatal("%s", qPrintable(planned.error().message()));
        out.plan = planned.value();
        if (!c.value()->exec(QStringLiteral("PRAGMA foreign_keys=ON")).ok())
            qFatal("foreign keys");
        out.run = PlanRunner::run(*c.value(), out.plan.plan);
        return out;
    }

    // QVERIFY2 evaluates its message even when the check passes: never touch error() of a success.
    template <class T> static QString why(const Result<T>& r)
    {
        return r.ok() ? QString() : r.error().message();
    }

    static void expectSchema(const QString& db, const QString& b)
    {
        auto c = Connection::open(db);
        QVERIFY(c.ok());
        QCOMPARE(schemaShape(schemaOfDb(*c.value())), schemaShape(schemaOf(b)));
        QCOMPARE(queryRaw(db, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM pragma_foreign_key_check")),
                 QStringLiteral("0"));
    }

    static bool planHas(const SchemaPlan& p, const QString& fragment)
    {
        for (const PlanStatement& s : p.plan.statements)
            if (s.sql.contains(fragment, Qt::CaseInsensitive))
                return true;
        return false;
    }

private Q_SLOTS:
    void normalizerIgnoresWhatSqliteIgnores()
    {
        QCOMPARE(normalizeSql(QStringLiteral("CHECK ( `Age` >  0 ) -- c")),
                 normalizeSql(QStringLiteral("check(age>0)")));
        QCOMPARE(normalizeSql(QStringLiteral("(0)")), QStringLiteral("0"));
        QVERIFY(normalizeSql(QStringLiteral("'A'")) != normalizeSql(QStringLiteral("'a'")));
        QCOMPARE(normalizeType(QStringLiteral("varchar ( 20 )")), QStringLiteral("VARCHAR(20)"));
        QVERIFY(normalizeType(QStringLiteral("INT")) != normalizeType(QStringLiteral("INTEGER")));
        QCOMPARE(normalizeSql(QStringLiteral("\"my table\"")), QStringLiteral("\"my table\""));
    }

    void columnTextsAndRename()
    {
        const QString sql =
            QStringLiteral("CREATE TABLE \"t\" (a INTEGER PRIMARY KEY, b TEXT DEFAULT 'x,y', "
                           "c NUMERIC CHECK (c IN (1, 2)), UNIQUE (b, c), FOREIGN KEY (c) REFERENCES p(id))");
        QCOMPARE(columnDefinitionTexts(sql),
                 (QStringList{QStringLiteral("a INTEGER PRIMARY KEY"), QStringLiteral("b TEXT DEFAULT 'x,y'"),
                              QStringLiteral("c NUMERIC CHECK (c IN (1, 2))")}));
        QVERIFY(withTableName(sql, QStringLiteral("new t"))
                    .startsWith(QStringLiteral("CREATE TABLE \"new t\" (a")));
        QVERIFY(withTableName(QStringLiteral("CREATE TABLE IF NOT EXISTS main.x(a)"), QStringLiteral("y"))
                    .startsWith(QStringLiteral("CREATE TABLE IF NOT EXISTS \"y\"(a)")));
    }

    void sameSchemaWrittenDifferentlyIsNoChange()
    {
        const Schema a = schemaOf(
            QStringLiteral("CREATE TABLE Users (id integer primary key, name text not null "
                           "default 'x', CHECK (length(name) > 0)); CREATE INDEX i ON Users(name);"));
        const Schema b = schemaOf(
            QStringLiteral("create table \"users\"(\n  \"id\" INTEGER PRIMARY KEY,\n  `name` TEXT NOT "
                           "NULL DEFAULT ('x'),\n  check ( length( \"name\" ) > 0 ));\n"
                           "create index \"i\" on users ( name );"));
        auto p = planSchemaChange(a, b);
        QVERIFY(p.ok());
        QVERIFY2(p->isEmpty(), qPrintable(planText(p->plan)));
    }

    void addNullableColumnIsAlter()
    {
        const QString a = QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);");
        const QString b = QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, age INTEGER, "
                                         "nick TEXT NOT NULL DEFAULT 'n');");
        Applied r = apply(a, QStringLiteral("INSERT INTO t VALUES (1,'a'),(2,'b');"), b);
        QVERIFY2(r.run.ok(), qPrintable(why(r.run)));
        QCOMPARE(r.plan.plan.statements.size(), 2);
        QVERIFY(planHas(r.plan, QStringLiteral("ADD COLUMN age INTEGER")));
        QVERIFY(!r.plan.plan.foreignKeysOff);
        QVERIFY(!r.plan.losesData);
        expectSchema(r.db, b);
        QCOMPARE(queryRaw(r.db, QStringLiteral("SELECT group_concat(name||nick) FROM t")),
                 QStringLiteral("an,bn"));
    }

    void addNotNullWithoutDefaultRebuildsAndFailsOnRows()
    {
        const QString a = QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY);");
        const QString b = QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, must TEXT NOT NULL);");
        Applied empty = apply(a, QString(), b);
        QVERIFY(planHas(empty.plan, QStringLiteral("__sluice_new_t")));
        QVERIFY2(empty.run.ok(), qPrintable(why(empty.run)));
        expectSchema(empty.db, b);

        Applied full = apply(a, QStringLiteral("INSERT INTO t VALUES (1);"), b);
        QVERIFY(!full.run.ok());
        QVERIFY(full.run.error().sqliteMessage.contains(QStringLiteral("NOT NULL")));
        QVERIFY(!full.plan.warnings.filter(QStringLiteral("NOT NULL without a default")).isEmpty());
        QCOMPARE(queryRaw(full.db, QStringLiteral("SELECT count(*) FROM t")), QStringLiteral("1"));
        QVERIFY(!queryRaw(full.db, QStringLiteral("SELECT sql FROM sqlite_schema WHERE name='t'"))
                     .contains(QStringLiteral("must")));
    }

    void dropColumnIsAlterAndLosesData()
    {
        const QString a = QStringLiteral(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT); CREATE INDEX ib ON t(b);");
        const QString b = QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);");
        Applied r = apply(a, QStringLiteral("INSERT INTO t VALUES (1,'x','y');"), b);
        QVERIFY2(r.run.ok(), qPrintable(why(r.run)));
        QVERIFY(planHas(r.plan, QStringLiteral("DROP INDEX \"ib\"")));
        QVERIFY(planHas(r.plan, QStringLiteral("DROP COLUMN \"b\"")));
        QVERIFY(r.plan.losesData);
        QCOMPARE(r.plan.renameCandidates.size(), 0);
        expectSchema(r.db, b);
        QCOMPARE(queryRaw(r.db, QStringLiteral("SELECT a FROM t")), QStringLiteral("x"));
    }

    void changedTypeRebuildsKeepingValues()
    {
        const QString a = QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, n TEXT, keep TEXT);");
        const QString b = QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, keep TEXT);");
        Applied r =
            apply(a, QStringLiteral("INSERT INTO t VALUES (1,'12','k'),(2,'abc','l'),(3,NULL,'m');"), b);
        QVERIFY2(r.run.ok(), qPrintable(why(r.run)));
        QVERIFY(planHas(r.plan, QStringLiteral("CREATE TABLE \"__sluice_new_t\"")));
        expectSchema(r.db, b);
        // Affinity converts '12' losslessly and leaves 'abc' as it is: nothing is lost.
        QCOMPARE(
            queryRaw(r.db, QStringLiteral("SELECT group_concat(typeof(n)||':'||ifnull(n,'-')||keep) FROM t")),
            QStringLiteral("integer:12k,text:abcl,null:-m"));
    }

    void rebuildingAParentKeepsCascadeChildren()
    {
        // The data-loss pitfall: a rebuild inside a transaction with foreign keys on would cascade.
        const QString a =
            QStringLiteral("CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT);"
                           "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id) ON DELETE "
                           "CASCADE);");
        const QString b =
            QStringLiteral("CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT '');"
                           "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id) ON DELETE "
                           "CASCADE);");
        Applied r = apply(
            a,
            QStringLiteral("INSERT INTO p VALUES (1,'a'),(2,NULL); INSERT INTO c VALUES (1,1),(2,1),(3,2);"),
            b);
        QVERIFY2(r.run.ok(), qPrintable(why(r.run)));
        QVERIFY(r.plan.plan.foreignKeysOff);
        expectSchema(r.db, b);
        QCOMPARE(queryRaw(r.db, QStringLiteral("SELECT count(*) FROM c")), QStringLiteral("3"));
        QCOMPARE(queryRaw(r.db, QStringLiteral("SELECT quote(name) FROM p WHERE id=2")),
                 QStringLiteral("''"));
    }

    void renameColumnNeedsAnAnswer()
    {
        const QString a = QStringLiteral("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);");
        const QString b = QStringLiteral("CREATE TABLE users (id INTEGER PRIMARY KEY, full_name TEXT);");
        Applied guess = apply(a, QStringLiteral("INSERT INTO users VALUES (1,'Ann');"), b);
        QVERIFY(guess.run.ok());
        QCOMPARE(guess.plan.renameCandidates.size(), 1);
        QCOMPARE(guess.plan.renameCandidates.first().from, QStringLiteral("name"));
        QCOMPARE(guess.plan.renameCandidates.first().to, QStringLiteral("full_name"));
        QVERIFY(guess.plan.losesData);
        QCOMPARE(queryRaw(guess.db, QStringLiteral("SELECT quote(full_name) FROM users")),
                 QStringLiteral("NULL"));

        auto hints = RenameHints::parse({QStringLiteral("users.name=full_name")}, {});
        QVERIFY(hints.ok());
        Applied r = apply(a, QStringLiteral("INSERT INTO users VALUES (1,'Ann');"), b, hints.value());
        QVERIFY2(r.run.ok(), qPrintable(why(r.run)));
        QVERIFY(planHas(r.plan, QStringLiteral("RENAME COLUMN \"name\" TO \"full_name\"")));
        QVERIFY(!r.plan.losesData);
        expectSchema(r.db, b);
        QCOMPARE(queryRaw(r.db, QStringLiteral("SELECT full_name FROM users")), QStringLiteral("Ann"));
    }

    void renameChainsAndSwaps()
    {
        // Column chain (name → full_name, email → name) and swap (a ↔ b), table swap (x ↔ y): SQLite
        // refuses a rename onto a name still in use, so the plan orders them and moves one aside.
        const QString a = QStringLiteral(
            "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, email TEXT, a INTEGER, b TEXT);"
            "CREATE TABLE x (id INTEGER PRIMARY KEY, v TEXT); CREATE TABLE y (id INTEGER PRIMARY KEY, w "
            "TEXT);");
        const QString b = QStringLiteral(
            "CREATE TABLE users (id INTEGER PRIMARY KEY, full_name TEXT, name TEXT, b INTEGER, a TEXT);"
            "CREATE TABLE y (id INTEGER PRIMARY KEY, v TEXT); CREATE TABLE x (id INTEGER PRIMARY KEY, w "
            "TEXT);");
        auto hints =
            RenameHints::parse({QStringLiteral("users.name=full_name"), QStringLiteral("users.email=name"),
                                QStringLiteral("users.a=b"), QStringLiteral("users.b=a")},
                               {QStringLiteral("x=y"), QStringLiteral("y=x")});
        QVERIFY(hints.ok());
        Applied r =
            apply(a,
                  QStringLiteral("INSERT INTO users VALUES (1,'Ann','ann@x',7,'t');"
                                 "INSERT INTO x VALUES (1,'from x'); INSERT INTO y VALUES (1,'from y');"),
                  b, hints.value());
        QVERIFY2(r.run.ok(), qPrintable(why(r.run)));
        QVERIFY(!r.plan.losesData);
        QVERIFY(planHas(r.plan, QStringLiteral("__sluice_rename_1")));
        expectSchema(r.db, b);
        QCOMPARE(queryRaw(r.db, QStringLiteral(
                                    "SELECT full_name || '|' || name || '|' || b || '|' || a FROM users")),
                 QStringLiteral("Ann|ann@x|7|t"));
        QCOMPARE(queryRaw(r.db, QStringLiteral("SELECT v FROM y")), QStringLiteral("from x"));
        QCOMPARE(queryRaw(r.db, QStringLiteral("SELECT w FROM x")), QStringLiteral("from y"));
    }

    void renameTableRepointsChildren()
    {
        const QString a =
            QStringLiteral("CREATE TABLE authors (id INTEGER PRIMARY KEY);"
                           "CREATE TABLE books (id INTEGER PRIMARY KEY, a INTEGER REFERENCES authors(id));");
        const QString b =
            QStringLiteral("CREATE TABLE writers (id INTEGER PRIMARY KEY);"
                           "CREATE TABLE books (id INTEGER PRIMARY KEY, a INTEGER REFERENCES writers(id));");
        auto hints = RenameHints::parse({}, {QStringLiteral("authors=writers")});
        QVERIFY(hints.ok());
        Applied r =
            apply(a, QStringLiteral("INSERT INTO authors VALUES (7); INSERT INTO books VALUES (1,7);"), b,
                  hints.value());
        QVERIFY2(r.run.ok(), qPrintable(why(r.run)));
        QCOMPARE(r.plan.plan.statements.size(), 1);
        expectSchema(r.db, b);
        QCOMPARE(queryRaw(r.db, QStringLiteral("SELECT a FROM books")), QStringLiteral("7"));

        Applied guess = apply(a, QString(), b);
        QCOMPARE(guess.plan.renameCandidates.size(), 1);
        QCOMPARE(guess.plan.renameCandidates.first().kind, RenameCandidate::Kind::Table);
    }

    void viewsTriggersAndIndexesSurviveARebuild()
    {
        const QString a = QStringLiteral(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, w INTEGER);"
            "CREATE TABLE log (msg TEXT);"
            "CREATE INDEX tv ON t(v) WHERE v IS NOT NULL; CREATE INDEX tl ON t(lower(v));"
            "CREATE VIEW tv1 AS SELECT id, v FROM t; CREATE VIEW tv2 AS SELECT count(*) AS n FROM tv1;"
            "CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.v); END;"
            "CREATE TRIGGER log_ins AFTER INSERT ON log BEGIN SELECT count(*) FROM t; END;");
        QString b = a;
        b.replace(QStringLiteral("w INTEGER"), QStringLiteral("w TEXT"));
        Applied r = apply(a, QStringLiteral("INSERT INTO t VALUES (1,'A',1),(2,NULL,2);"), b);
        QVERIFY2(r.run.ok(), qPrintable(why(r.run)));
        expectSchema(r.db, b);
        execRaw(r.db, QStringLiteral("INSERT INTO t (v) VALUES ('z')"));
        // 'A' was logged by the set-up insert; the rebuild's copy did not fire the trigger again.
        QCOMPARE(queryRaw(r.db, QStringLiteral("SELECT group_concat(msg) FROM log")), QStringLiteral("A,z"));
        QCOMPARE(queryRaw(r.db, QStringLiteral("SELECT n FROM tv2")), QStringLiteral("3"));
    }

    // A trigger that uses a column the target drops. Plain SQLite would refuse the DROP COLUMN
    // ("error in trigger tr after drop column: no such column: new.b"); the plan drops triggers before
    // it and recreates them as the target has them, which SQLite accepts, so the plan would apply and
    // leave a trigger that fails every time it fires. The plan reports exactly that before anything
    // runs, naming trigger and column, and the applied database behaves so.
    void triggerUsingADroppedColumnIsReported()
    {
        const QString a = QStringLiteral(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT); CREATE TABLE log (x TEXT);"
            "CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.b); END;");
        QString b = a;
        b.replace(QStringLiteral(", b TEXT"), QString());
        const QString plainDb = m_dir.makeDb(QStringLiteral("plain.db"), a);
        auto plain = Connection::open(plainDb);
        QVERIFY(plain.ok());
        Status refused = plain.value()->exec(QStringLiteral("ALTER TABLE t DROP COLUMN b"));
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message().contains(QStringLiteral("error in trigger tr after drop column")),
                 qPrintable(refused.error().message()));

        Applied r = apply(a, QStringLiteral("INSERT INTO t VALUES (1, 'x', 'y');"), b);
        QVERIFY(planHas(r.plan, QStringLiteral("DROP COLUMN")));
        QVERIFY(r.plan.needsAttention());
        QCOMPARE(r.plan.blockers.size(), 1);
        const QString blocker = r.plan.blockers.first();
        QVERIFY2(blocker.contains(QStringLiteral("Trigger tr on t")) &&
                     blocker.contains(QStringLiteral("no such column: new.b")),
                 qPrintable(blocker));
        QVERIFY(r.plan.warnings.contains(blocker));
        QVERIFY2(r.run.ok(), qPrintable(why(r.run)));
        auto c = Connection::open(r.db);
        QVERIFY(c.ok());
        Status fired = c.value()->exec(QStringLiteral("INSERT INTO t (a) VALUES ('z')"));
        QVERIFY(!fired.ok());
        QVERIFY2(fired.error().message().contains(QStringLiteral("no such column: new.b")),
                 qPrintable(fired.error().message()));
    }

    // The same trigger when the table is rebuilt: it is dropped and recreated as the target has it,
    // which SQLite accepts, but it fails every time it fires. The plan says that, naming the trigger
    // and the column, and the database after applying behaves exactly so.
    void triggerUsingADroppedColumnBreaksAfterARebuild()
    {
        const QString a = QStringLiteral(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT); CREATE TABLE log (x TEXT);"
            "CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.b); END;");
        const QString b =
            QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER NOT NULL DEFAULT 0); CREATE "
                           "TABLE log (x TEXT);"
                           "CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.b); END;");
        Applied r = apply(a, QStringLiteral("INSERT INTO t VALUES (1, '5', 'y');"), b);
        QVERIFY(planHas(r.plan, QStringLiteral("CREATE TABLE")));
        QCOMPARE(r.plan.blockers.size(), 1);
        const QString blocker = r.plan.blockers.first();
        QVERIFY2(blocker.contains(QStringLiteral("Trigger tr on t")) &&
                     blocker.contains(QStringLiteral("no such column: new.b")),
                 qPrintable(blocker));
        QVERIFY2(r.run.ok(), qPrintable(why(r.run)));
        QCOMPARE(queryRaw(r.db, QStringLiteral("SELECT a FROM t")), QStringLiteral("5"));
        auto c = Connection::open(r.db);
        QVERIFY(c.ok());
        Status fired = c.value()->exec(QStringLiteral("INSERT INTO t (a) VALUES (6)"));
        QVERIFY(!fired.ok());
        QVERIFY2(fired.error().message().contains(QStringLiteral("no such column: new.b")),
                 qPrintable(fired.error().message()));
    }

    // A column renamed away without saying so is a drop and an add. A trigger on another table that
    // still writes the old name: SQLite's DROP COLUMN does not look into UPDATE … SET, so the plan
    // would apply and leave the trigger failing; it is reported instead.
    void triggerOnAnotherTableUsingARenamedAwayColumn()
    {
        const QString a =
            QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, b TEXT); CREATE TABLE log (x TEXT);"
                           "CREATE TRIGGER tr2 AFTER INSERT ON log BEGIN UPDATE t SET b = new.x; END;");
        QString b = a;
        b.replace(QStringLiteral("b TEXT"), QStringLiteral("c TEXT"));
        Applied r = apply(a, QStringLiteral("INSERT INTO t VALUES (1, 'y');"), b);
        QCOMPARE(r.plan.renameCandidates.size(), 1);
        QCOMPARE(r.plan.blockers.size(), 1);
        QVERIFY2(r.plan.blockers.first().contains(QStringLiteral("Trigger tr2 on log")) &&
                     r.plan.blockers.first().contains(QStringLiteral("no such column: b")),
                 qPrintable(r.plan.blockers.first()));
        // With the rename given, SQLite rewrites the trigger and nothing is left broken.
        RenameHints hints;
        hints.columns[QStringLiteral("t")][QStringLiteral("b")] = QStringLiteral("c");
        QString fixedB = b;
        fixedB.replace(QStringLiteral("SET b"), QStringLiteral("SET c"));
        Applied renamed = apply(a, QStringLiteral("INSERT INTO t VALUES (1, 'y');"), fixedB, hints);
        QVERIFY2(renamed.plan.blockers.isEmpty(), qPrintable(renamed.plan.blockers.join(QLatin1Char('\n'))));
        QVERIFY2(renamed.run.ok(), qPrintable(why(renamed.run)));
        expectSchema(renamed.db, fixedB);
    }

    // A view over a column the target drops, by DROP COLUMN or in a rebuild: the plan recreates the
    // view as the target has it, which SQLite accepts but cannot read. Reported, and so it is.
    void viewUsingADroppedColumnIsReported()
    {
        const QString a = QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT);"
                                         "CREATE VIEW vb AS SELECT id, b FROM t;");
        QString b = a;
        b.replace(QStringLiteral(", b TEXT"), QString());
        QString rebuiltB = b;
        rebuiltB.replace(QStringLiteral("a TEXT"), QStringLiteral("a TEXT NOT NULL DEFAULT ''"));
        for (const QString& target : {b, rebuiltB}) {
            Applied r = apply(a, QStringLiteral("INSERT INTO t VALUES (1, 'x', 'y');"), target);
            QCOMPARE(r.plan.blockers.size(), 1);
            QVERIFY2(r.plan.blockers.first().contains(QStringLiteral("View vb")) &&
                         r.plan.blockers.first().contains(QStringLiteral("no such column: b")),
                     qPrintable(r.plan.blockers.first()));
            QVERIFY2(r.run.ok(), qPrintable(why(r.run)));
            auto c = Connection::open(r.db);
            QVERIFY(c.ok());
            auto read = c.value()->scalar(QStringLiteral("SELECT count(*) FROM vb"));
            QVERIFY(!read.ok());
        }
    }

    // Views over tables that are rebuilt (a join of two, and a view over that view) are dropped
    // before and recreated after, and read the kept rows.
    void viewsOverRebuiltTablesAreRecreated()
    {
        const QString a =
            QStringLiteral("CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT);"
                           "CREATE TABLE c (id INTEGER PRIMARY KEY, p INTEGER REFERENCES p(id), n TEXT);"
                           "CREATE VIEW pc AS SELECT p.name, c.n FROM p JOIN c ON c.p = p.id;"
                           "CREATE VIEW pc_count AS SELECT count(*) AS k FROM pc;");
        QString b = a;
        b.replace(QStringLiteral("name TEXT"), QStringLiteral("name TEXT NOT NULL DEFAULT ''"));
        b.replace(QStringLiteral("n TEXT"), QStringLiteral("n TEXT COLLATE NOCASE"));
        Applied r = apply(
            a,
            QStringLiteral("INSERT INTO p VALUES (1, 'P'); INSERT INTO c VALUES (1, 1, 'x'), (2, 1, 'y');"),
            b);
        QVERIFY(r.plan.blockers.isEmpty());
        QVERIFY2(r.run.ok(), qPrintable(why(r.run)));
        expectSchema(r.db, b);
        QCOMPARE(queryRaw(r.db, QStringLiteral("SELECT group_concat(name || n) FROM pc")),
                 QStringLiteral("Px,Py"));
        QCOMPARE(queryRaw(r.db, QStringLiteral("SELECT k FROM pc_count")), QStringLiteral("2"));
    }

    // Two tables that reference each other, and a table referencing itself: created, rebuilt with
    // their rows, with foreign keys on and checked (expectSchema runs foreign_key_check).
    void cyclicForeignKeys()
    {
        const QString a = QStringLiteral("CREATE TABLE keep (id INTEGER PRIMARY KEY);");
        const QString cycle = QStringLiteral(
            "CREATE TABLE x (id INTEGER PRIMARY KEY, y INTEGER REFERENCES y(id) ON DELETE CASCADE, v TEXT);"
            "CREATE TABLE y (id INTEGER PRIMARY KEY, x INTEGER REFERENCES x(id) ON DELETE SET NULL, v TEXT);"
            "CREATE TABLE node (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES node(id) ON DELETE "
            "CASCADE, "
            "v TEXT);");
        Applied created = apply(a, QString(), a + cycle);
        QVERIFY2(created.run.ok(), qPrintable(why(created.run)));
        expectSchema(created.db, a + cycle);

        const QString data =
            QStringLiteral("INSERT INTO x VALUES (1, NULL, '1'), (2, NULL, '2');"
                           "INSERT INTO y VALUES (1, 1, 'a'), (2, 2, 'b');"
                           "UPDATE x SET y = id;"
                           "INSERT INTO node VALUES (1, NULL, 'root'), (2, 1, 'kid'), (3, 2, 'leaf');");
        QString changed = a + cycle;
        changed.replace(QStringLiteral("v TEXT);"), QStringLiteral("v INTEGER);")); // every table rebuilt
        Applied rebuilt = apply(a + cycle, data, changed);
        QVERIFY(planHas(rebuilt.plan, QStringLiteral("\"__sluice")) ||
                planHas(rebuilt.plan, QStringLiteral("CREATE TABLE")));
        QVERIFY(rebuilt.plan.plan.foreignKeysOff);
        QVERIFY2(rebuilt.run.ok(), qPrintable(why(rebuilt.run)));
        expectSchema(rebuilt.db, changed);
        QCOMPARE(queryRaw(rebuilt.db, QStringLiteral("SELECT group_concat(id || ':' || y) FROM x")),
                 QStringLiteral("1:1,2:2"));
        QCOMPARE(queryRaw(rebuilt.db, QStringLiteral("SELECT group_concat(id || ':' || x) FROM y")),
                 QStringLiteral("1:1,2:2"));
        QCOMPARE(queryRaw(rebuilt.db,
                          QStringLiteral("SELECT group_concat(id || ':' || ifnull(parent, '-')) FROM node")),
                 QStringLiteral("1:-,2:1,3:2"));
        // The foreign keys are enforced afterwards: deleting the root cascades through the tree.
        execRaw(rebuilt.db, QStringLiteral("PRAGMA foreign_keys=ON; DELETE FROM node WHERE id = 1;"));
        QCOMPARE(queryRaw(rebuilt.db, QStringLiteral("SELECT count(*) FROM node")), QStringLiteral("0"));
    }

    void autoincrementCounterAndRowidsSurvive()
    {
        const QString a = QStringLiteral("CREATE TABLE s (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);"
                                         "CREATE TABLE r (v TEXT, n INT);");
        const QString b = QStringLiteral(
            "CREATE TABLE s (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT NOT NULL DEFAULT '');"
            "CREATE TABLE r (v TEXT, n TEXT);");
        Applied r =
            apply(a,
                  QStringLiteral("INSERT INTO s (v) VALUES ('a'),('b'),('c'); DELETE FROM s WHERE id=3;"
                                 "INSERT INTO r (rowid, v, n) VALUES (10,'x',1),(20,'y',2);"),
                  b);
        QVERIFY2(r.run.ok(), qPrintable(why(r.run)));
        expectSchema(r.db, b);
        QCOMPARE(queryRaw(r.db, QStringLiteral("SELECT seq FROM sqlite_sequence WHERE name='s'")),
                 QStringLiteral("3"));
        execRaw(r.db, QStringLiteral("INSERT INTO s (v) VALUES ('d')"));
        QCOMPARE(queryRaw(r.db, QStringLiteral("SELECT max(id) FROM s")), QStringLiteral("4"));
        QCOMPARE(queryRaw(r.db, QStringLiteral("SELECT group_concat(rowid) FROM r")),
                 QStringLiteral("10,20"));
    }

    void tableOptionsChange()
    {
        const QString a = QStringLiteral("CREATE TABLE k (a TEXT PRIMARY KEY, b INTEGER);");
        const QString b =
            QStringLiteral("CREATE TABLE k (a TEXT PRIMARY KEY, b INTEGER) WITHOUT ROWID, STRICT;");
        Applied r = apply(a, QStringLiteral("INSERT INTO k VALUES ('x', 1), ('y', 2);"), b);
        QVERIFY2(r.run.ok(), qPrintable(why(r.run)));
        expectSchema(r.db, b);
        QCOMPARE(queryRaw(r.db, QStringLiteral("SELECT group_concat(a||b) FROM k")), QStringLiteral("x1,y2"));
    }

    void droppedTablesGoChildrenFirstEvenInACycle()
    {
        const QString a = QStringLiteral(
            "CREATE TABLE keep (id INTEGER PRIMARY KEY);"
            "CREATE TABLE x (id INTEGER PRIMARY KEY, y INTEGER REFERENCES y(id) ON DELETE CASCADE);"
            "CREATE TABLE y (id INTEGER PRIMARY KEY, x INTEGER REFERENCES x(id) ON DELETE CASCADE);");
        const QString b = QStringLiteral("CREATE TABLE keep (id INTEGER PRIMARY KEY);");
        Applied r = apply(
            a,
            QStringLiteral(
                "INSERT INTO keep VALUES (1); INSERT INTO x VALUES (1, NULL); INSERT INTO y VALUES (1, 1);"),
            b);
        QVERIFY2(r.run.ok(), qPrintable(why(r.run)));
        QVERIFY(r.plan.losesData);
        QCOMPARE(r.plan.warnings.size(), 2);
        expectSchema(r.db, b);
    }

    void newTablesComeParentsFirst()
    {
        const QString a = QStringLiteral("CREATE TABLE z (id INTEGER PRIMARY KEY);");
        const QString b =
            QStringLiteral("CREATE TABLE z (id INTEGER PRIMARY KEY);"
                           "CREATE TABLE a_child (id INTEGER PRIMARY KEY, p INTEGER REFERENCES b_parent(id));"
                           "CREATE TABLE b_parent (id INTEGER PRIMARY KEY);");
        Applied r = apply(a, QString(), b);
        QVERIFY2(r.run.ok(), qPrintable(why(r.run)));
        QVERIFY(r.plan.plan.statements.at(0).sql.contains(QStringLiteral("b_parent")));
        expectSchema(r.db, b);
    }

    void schemasNamingJsonFunctions()
    {
        // trusted_schema is off on every Sluice connection; JSON functions in a schema still work.
        const QString a =
            QStringLiteral("CREATE TABLE d (id INTEGER PRIMARY KEY, doc TEXT CHECK (json_valid(doc)), "
                           "k TEXT GENERATED ALWAYS AS (json_extract(doc, '$.k')) VIRTUAL);");
        const QString b =
            QStringLiteral("CREATE TABLE d (id INTEGER PRIMARY KEY, doc TEXT NOT NULL DEFAULT '{}' CHECK "
                           "(json_valid(doc)), k TEXT GENERATED ALWAYS AS (json_extract(doc, '$.k')) "
                           "VIRTUAL);");
        Applied r = apply(a, QStringLiteral("INSERT INTO d (doc) VALUES ('{\"k\":\"v\"}'), ('[]');"), b);
        QVERIFY2(r.run.ok(), qPrintable(why(r.run)));
        expectSchema(r.db, b);
        QCOMPARE(queryRaw(r.db, QStringLiteral("SELECT group_concat(ifnull(k, '-')) FROM d")),
                 QStringLiteral("v,-"));
    }

    void scriptErrorsNameTheLine()
    {
        auto s = schemaFromScript(QStringLiteral("CREATE TABLE a (x);\n\nCREATE TABLE b (y,, z);\n"),
                                  QStringLiteral("s.sql"));
        QVERIFY(!s.ok());
        QCOMPARE(s.error().line, 3);
        QVERIFY(s.error().message().contains(QStringLiteral("s.sql")));
    }

    void badRenameHints()
    {
        QVERIFY(!RenameHints::parse({QStringLiteral("nodot=x")}, {}).ok());
        QVERIFY(!RenameHints::parse({}, {QStringLiteral("noequals")}).ok());
        auto h = RenameHints::parse({}, {QStringLiteral("missing=other")});
        QVERIFY(h.ok());
        auto p = planSchemaChange(schemaOf(QStringLiteral("CREATE TABLE a(x);")),
                                  schemaOf(QStringLiteral("CREATE TABLE b(x);")), h.value());
        QVERIFY(!p.ok());
        QVERIFY(p.error().message().contains(QStringLiteral("missing")));
    }
};

QTEST_GUILESS_MAIN(TestSchemaPlan)
#include "tst_schemaplan.moc"
