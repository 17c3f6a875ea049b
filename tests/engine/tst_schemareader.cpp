#include "TestSupport.h"
#include "core/Connection.h"
#include "schema/CreateStatementParser.h"
#include "schema/SchemaReader.h"

#include <QTest>

#include <sqlite3.h>

using namespace sluice;
using namespace sluice::test;

class TestSchemaReader : public QObject
{
    Q_OBJECT

    Schema read(const QString& sql)
    {
        auto c = Connection::openMemory();
        if (!c)
            qFatal("no memory db");
        for (const QString& stmt : sql.split(QStringLiteral(";\n"), Qt::SkipEmptyParts)) {
            auto r = (*c)->exec(stmt);
            if (!r)
                qFatal("%s", qPrintable(r.error().message()));
        }
        auto s = readSchema(**c);
        if (!s)
            qFatal("%s", qPrintable(s.error().message()));
        return s->schema;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // The first SQLite use of this process goes through Connection, which turns SQLite's
        // memory statistics off before the library initialises (a mutex per malloc saved).
        auto c = Connection::openMemory();
        QVERIFY(c);
        QVERIFY((*c)->exec(QStringLiteral("CREATE TABLE t(x)")));
        QVERIFY((*c)->exec(QStringLiteral("INSERT INTO t VALUES (randomblob(100000))")));
        QCOMPARE(sqlite3_memory_used(), 0);
    }

    void tablesColumnsAndFlags()
    {
        const Schema s = read(QStringLiteral(
            "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL UNIQUE COLLATE "
            "NOCASE, "
            "age INT CHECK (age >= 0), score REAL DEFAULT 0.5, created_at INTEGER DEFAULT (unixepoch()), "
            "data BLOB, n NUMERIC, full TEXT GENERATED ALWAYS AS (email || '!') VIRTUAL, "
            "stored INT AS (age * 2) STORED, CHECK (length(email) > 3));\n"
            "CREATE TABLE kv (k TEXT, v ANY, PRIMARY KEY (k)) WITHOUT ROWID, STRICT;\n"
            "INSERT INTO users(email) VALUES ('a@b.c');\n"));
        QCOMPARE(s.tables.size(), 2);
        const Table* u = s.table(QStringLiteral("users"));
        QVERIFY(u);
        QVERIFY(u->autoincrement);
        QVERIFY(u->sequence.has_value());
        QCOMPARE(*u->sequence, 1);
        QVERIFY(!u->withoutRowid);
        QCOMPARE(u->rowidAlias().value_or(QString()), QStringLiteral("id"));
        QCOMPARE(u->columns.size(), 9);
        QCOMPARE(u->column(QStringLiteral("email"))->collation, QStringLiteral("NOCASE"));
        QVERIFY(u->column(QStringLiteral("email"))->notNull);
        QCOMPARE(u->column(QStringLiteral("age"))->check, QStringLiteral("age >= 0"));
        QCOMPARE(u->column(QStringLiteral("age"))->affinity, Affinity::Integer);
        QCOMPARE(u->column(QStringLiteral("score"))->affinity, Affinity::Real);
        QCOMPARE(u->column(QStringLiteral("score"))->defaultSql.value_or(QString()), QStringLiteral("0.5"));
        QCOMPARE(u->column(QStringLiteral("created_at"))->defaultSql.value_or(QString()),
                 QStringLiteral("unixepoch()"));
        QCOMPARE(u->column(QStringLiteral("data"))->affinity, Affinity::Blob);
        QCOMPARE(u->column(QStringLiteral("n"))->affinity, Affinity::Numeric);
        QCOMPARE(u->column(QStringLiteral("full"))->kind, Column::Kind::GeneratedVirtual);
        QCOMPARE(u->column(QStringLiteral("full"))->generatedExpression, QStringLiteral("email || '!'"));
        QCOMPARE(u->column(QStringLiteral("stored"))->kind, Column::Kind::GeneratedStored);
        QCOMPARE(u->checks, QStringList{QStringLiteral("length(email) > 3")});
        QCOMPARE(u->column(QStringLiteral("id"))->pkPosition, 1);
        // UNIQUE constraint shows up as an automatic index
        bool foundUnique = false;
        for (const Index& i : u->indexes)
            foundUnique |= i.unique && i.origin == QLatin1String("u") && i.isAutomatic();
        QVERIFY(foundUnique);

        const Table* kv = s.table(QStringLiteral("kv"));
        QVERIFY(kv->withoutRowid);
        QVERIFY(kv->strict);
        QVERIFY(!kv->hasRowid());
        QCOMPARE(kv->primaryKey(), QStringList{QStringLiteral("k")});
        QVERIFY(!kv->rowidAlias());
        QVERIFY(s.internalTables.contains(QStringLiteral("sqlite_sequence")));
    }

    void indexesPartialAndExpression()
    {
        const Schema s =
            read(QStringLiteral("CREATE TABLE t (a INTEGER, b TEXT, c TEXT);\n"
                                "CREATE INDEX t_ab ON t (a DESC, b COLLATE NOCASE);\n"
                                "CREATE UNIQUE INDEX t_lower ON t (lower(b), a) WHERE c IS NOT NULL;\n"));
        const Table* t = s.table(QStringLiteral("t"));
        QCOMPARE(t->indexes.size(), 2);
        const Index& ab = t->indexes[0];
        QCOMPARE(ab.name, QStringLiteral("t_ab"));
        QCOMPARE(ab.columns.size(), 2);
        QVERIFY(ab.columns[0].descending);
        QCOMPARE(ab.columns[1].collation, QStringLiteral("NOCASE"));
        const Index& low = t->indexes[1];
        QVERIFY(low.unique);
        QVERIFY(low.partial);
        QCOMPARE(low.where, QStringLiteral("c IS NOT NULL"));
        QVERIFY(low.columns[0].isExpression());
        QCOMPARE(low.columns[0].name, QStringLiteral("lower(b)"));
        QCOMPARE(low.columns[1].name, QStringLiteral("a"));
        QCOMPARE(s.indexes.size(), 2);
    }

    void foreignKeys()
    {
        const Schema s =
            read(QStringLiteral("CREATE TABLE p (id INTEGER PRIMARY KEY, k1 INT, k2 INT, UNIQUE (k1, k2));\n"
                                "CREATE TABLE c (id INTEGER PRIMARY KEY, "
                                "p_id INT REFERENCES p(id) ON DELETE CASCADE ON UPDATE SET NULL, "
                                "x INT, y INT, z INT REFERENCES p DEFERRABLE INITIALLY DEFERRED, "
                                "FOREIGN KEY (x, y) REFERENCES p (k1, k2) ON DELETE SET NULL);\n"));
        const Table* c = s.table(QStringLiteral("c"));
        QCOMPARE(c->foreignKeys.size(), 3);
        const ForeignKey* pid = nullptr;
        const ForeignKey* xy = nullptr;
        const ForeignKey* z = nullptr;
        for (const ForeignKey& fk : c->foreignKeys) {
            if (fk.fromColumns == QStringList{QStringLiteral("p_id")})
                pid = &fk;
            else if (fk.fromColumns.size() == 2)
                xy = &fk;
            else
                z = &fk;
        }
        QVERIFY(pid && xy && z);
        QCOMPARE(pid->targetTable, QStringLiteral("p"));
        QCOMPARE(pid->onDelete, QStringLiteral("CASCADE"));
        QCOMPARE(pid->onUpdate, QStringLiteral("SET NULL"));
        QVERIFY(!pid->deferrable);
        QCOMPARE(xy->targetColumns, (QStringList{QStringLiteral("k1"), QStringLiteral("k2")}));
        QCOMPARE(xy->onDelete, QStringLiteral("SET NULL"));
        QVERIFY(z->deferrable);
        QVERIFY(z->initiallyDeferred);
        QCOMPARE(z->targetColumns, QStringList{QString()}); // implicit: the parent's primary key
    }

    void viewsTriggersAndOriginalSql()
    {
        const QString createT = QStringLiteral("CREATE TABLE t ( a  INT ,b)");
        const Schema s =
            read(createT + QStringLiteral(";\n"
                                          "CREATE VIEW v AS SELECT a, a*2 AS b FROM t;\n"
                                          "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;\n"));
        QCOMPARE(s.table(QStringLiteral("t"))->sql, createT); // original text kept verbatim
        QCOMPARE(s.views.size(), 1);
        QCOMPARE(s.views[0].columns, (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
        QCOMPARE(s.triggers.size(), 1);
        QCOMPARE(s.triggers[0].table, QStringLiteral("t"));
        QVERIFY(s.sqlOf(QStringLiteral("tr")).contains(QStringLiteral("AFTER INSERT")));
    }

    void brokenViewIsReportedNotFatal()
    {
        auto c = Connection::openMemory();
        QVERIFY((*c)->exec(QStringLiteral("CREATE TABLE t(a)")));
        QVERIFY((*c)->exec(QStringLiteral("CREATE VIEW v AS SELECT a FROM t")));
        QVERIFY((*c)->exec(QStringLiteral("PRAGMA legacy_alter_table=ON")));
        QVERIFY((*c)->exec(QStringLiteral("DROP TABLE t")));
        auto s = readSchema(**c);
        QVERIFY(s);
        QCOMPARE(s->schema.views.size(), 1);
        QCOMPARE(s->problems.size(), 1);
        QVERIFY(s->problems[0].contains(QStringLiteral("no such table")));
    }

    void parserOddities()
    {
        const ParsedCreateTable p = parseCreateTable(
            QStringLiteral("CREATE TABLE \"x\"\"y\" ([a b] TEXT DEFAULT ('a,b') COLLATE \"RTRIM\", "
                           "`c` INT CONSTRAINT ck CHECK (c IN (1, 2)), -- comment, with comma\n"
                           "CONSTRAINT fk FOREIGN KEY (`c`) REFERENCES \"p q\" (id) NOT DEFERRABLE)"));
        QVERIFY(p.ok);
        QCOMPARE(p.columns.size(), 2);
        QCOMPARE(p.columns[0].name, QStringLiteral("a b"));
        QCOMPARE(p.columns[0].collation, QStringLiteral("RTRIM"));
        QCOMPARE(p.columns[1].check, QStringLiteral("c IN (1, 2)"));
        QCOMPARE(p.foreignKeys.size(), 1);
        QCOMPARE(p.foreignKeys[0].targetTable, QStringLiteral("p q"));
        QCOMPARE(p.foreignKeys[0].fromColumns, QStringList{QStringLiteral("c")});
        QVERIFY(!p.foreignKeys[0].deferrable);
        QVERIFY(!parseCreateTable(QStringLiteral("CREATE TABLE a AS SELECT 1")).ok);
    }
};

QTEST_GUILESS_MAIN(TestSchemaReader)
#include "tst_schemareader.moc"
