// Staged edits on real SQLite files: the SQL they become (odd names, rowid aliases, shadowed rowid,
// WITHOUT ROWID), applying them, conflicts with other connections, constraint errors mapped to the
// cell with nothing written, STRICT type refusal.
#include "core/Connection.h"
#include "edit/BoundStatement.h"
#include "edit/EditApplier.h"
#include "edit/EditPlan.h"
#include "edit/StagedChanges.h"
#include "edit/StrictTypes.h"
#include "schema/SchemaReader.h"

#include "TestSupport.h"

#include <QtTest>

using namespace sluice;
using sluice::test::execRaw;
using sluice::test::fileSha256;
using sluice::test::queryRaw;
using sluice::test::TempDir;

namespace {

struct Opened
{
    std::unique_ptr<Connection> connection;
    Schema schema;
    const Table& table(const QString& name) const
    {
        const Table* t = schema.table(name);
        if (!t)
            qFatal("no table %s", qPrintable(name));
        return *t;
    }
};

Opened openDb(const QString& path)
{
    auto c = Connection::open(path);
    if (!c)
        qFatal("open failed: %s", qPrintable(c.error().message()));
    auto s = readSchema(**c);
    if (!s)
        qFatal("schema failed: %s", qPrintable(s.error().message()));
    return {std::move(c.value()), s->schema};
}

// The row as the grid would hand it over: every column, read in full.
QList<LoadedCell> loadRow(Connection& c, const QString& sql)
{
    BoundStatement st(c, sql, QStringLiteral("test load"));
    if (!st.ok())
        qFatal("%s", qPrintable(st.error().message()));
    Result<bool> r = st.step();
    if (!r || !r.value())
        qFatal("no row for %s", qPrintable(sql));
    QList<LoadedCell> out;
    for (int i = 0; i < st.columnCount(); ++i) {
        const SqlValue v = st.value(i);
        Cell cell;
        cell.storage = v.storage();
        cell.value = v.toBind();
        cell.length = v.storage() == Cell::Storage::Text   ? v.toText().toUcs4().size()
                      : v.storage() == Cell::Storage::Blob ? v.toBlob().size()
                                                           : 0;
        out << LoadedCell{st.columnName(i), cell};
    }
    return out;
}

} // namespace

class TestEdit : public QObject
{
    Q_OBJECT
    TempDir m_tmp;

private Q_SLOTS:
    void sqlValueKeepsNullEmptyAndExactIntegers();
    void sqlForRowidAliasAndOddNames();
    void sqlForNoPrimaryKeyAndShadowedRowid();
    void sqlForWithoutRowid();
    void reviewTextShowsParameters();
    void stagingMergesRevertsAndDeletes();
    void duplicateLeavesKeyAndGeneratedColumns();
    void generatedColumnRefused();
    void applyWritesExactValues();
    void applyWithoutRowidAndNoPk();
    void constraintErrorsMapToCell_data();
    void constraintErrorsMapToCell();
    void foreignKeyOrderDoesNotMatterAndDanglingIsMapped();
    void conflictWhenRowChangedElsewhere();
    void conflictWhenRowDeletedElsewhere();
    void conflictOnTruncatedPrefix();
    void strictTypesRefusedBeforeTransaction();
};

void TestEdit::sqlValueKeepsNullEmptyAndExactIntegers()
{
    QVERIFY(SqlValue::null().isNull());
    QVERIFY(!SqlValue::text(QString()).isNull());
    QVERIFY(!SqlValue::text(QString()).toBind().isNull());
    QVERIFY(SqlValue::text(QString()) != SqlValue::null());
    QVERIFY(!SqlValue::blob(QByteArray()).toBind().toByteArray().isNull());
    QCOMPARE(SqlValue::integer(9007199254740993LL).toSqlLiteral(), QStringLiteral("9007199254740993"));
    QCOMPARE(SqlValue::real(3).toSqlLiteral(), QStringLiteral("3.0"));
    QCOMPARE(SqlValue::text(QStringLiteral("it's")).toSqlLiteral(), QStringLiteral("'it''s'"));
    QCOMPARE(SqlValue::blob(QByteArray("\x00\xff", 2)).toSqlLiteral(), QStringLiteral("X'00FF'"));
    QCOMPARE(SqlValue::fromVariant(QVariant(qlonglong(1) << 62)).toInteger(), qint64(1) << 62);
}

void TestEdit::sqlForRowidAliasAndOddNames()
{
    const QString db = m_tmp.makeDb(QStringLiteral("odd.db"), QStringLiteral(R"(
        CREATE TABLE "we ird ""t"""("id" INTEGER PRIMARY KEY, "na me" TEXT, "select" INT, "ü名" TEXT);
        INSERT INTO "we ird ""t""" VALUES (1, 'a', 2, 'x'), (5, 'b', 3, 'y');)"));
    Opened o = openDb(db);
    const Table& t = o.table(QStringLiteral("we ird \"t\""));
    StagedChanges s(t.name);
    s.setCell(RowIdentity::rowid(1), {}, QStringLiteral("na me"), SqlValue::text(QStringLiteral("b")));
    s.setCell(RowIdentity::rowid(1), {}, QStringLiteral("select"), SqlValue::integer(7));
    s.insertRow({{QStringLiteral("ü名"), SqlValue::text(QStringLiteral("y"))}});
    s.deleteRow(RowIdentity::rowid(5), {});
    Result<EditPlan> p = buildEditPlan(t, s);
    QVERIFY2(p.ok(), p.ok() ? "" : qPrintable(p.error().message()));
    const QList<PlanStatement>& st = p->plan.statements;
    QCOMPARE(st.size(), 3);
    // Deletions first, then updates, then inserts.
    QCOMPARE(st.at(0).sql, QStringLiteral(R"(DELETE FROM "we ird ""t""" WHERE "id" = ?)"));
    QCOMPARE(st.at(0).binds, QVariantList{qlonglong(5)});
    QCOMPARE(st.at(1).sql,
             QStringLiteral(R"(UPDATE "we ird ""t""" SET "na me" = ?, "select" = ? WHERE "id" = ?)"));
    QCOMPARE(st.at(1).binds, (QVariantList{QStringLiteral("b"), qlonglong(7), qlonglong(1)}));
    QCOMPARE(st.at(2).sql, QStringLiteral(R"(INSERT INTO "we ird ""t""" ("ü名") VALUES (?))"));
    QCOMPARE(p->plan.steps.at(0).name, QStringLiteral("Delete id = 5"));
    QCOMPARE(p->editIdOfStep.size(), 3);
    // The SQL really runs on the odd names.
    ApplyReport r = applyStagedEdits(*o.connection, t, s);
    QVERIFY2(r.committed, r.error ? qPrintable(r.error->message()) : "");
    QCOMPARE(
        queryRaw(db, QStringLiteral(R"(SELECT "na me" || '|' || "select" FROM "we ird ""t""" WHERE id = 1)")),
        QStringLiteral("b|7"));
    QCOMPARE(queryRaw(db, QStringLiteral(R"(SELECT "ü名" FROM "we ird ""t""" WHERE id = 2)")),
             QStringLiteral("y"));
    QCOMPARE(r.insertedRowids.size(), 1);
    QCOMPARE(r.insertedRowids.first().second, qint64(2)); // 5 was deleted first: max(rowid) + 1
    QCOMPARE(
        queryRaw(db, QStringLiteral(R"(SELECT count(*) FROM "we ird ""t""" WHERE "ü名" = 'y' AND id = 5)")),
        QStringLiteral("0"));
}

void TestEdit::sqlForNoPrimaryKeyAndShadowedRowid()
{
    const QString db = m_tmp.makeDb(QStringLiteral("nopk.db"), QStringLiteral(R"(
        CREATE TABLE nopk(a, b);
        CREATE TABLE shadow(rowid TEXT, x);
        CREATE TABLE shadow3(rowid TEXT, _rowid_ TEXT, oid TEXT);
        CREATE TABLE textpk(code TEXT PRIMARY KEY, n INT);)"));
    Opened o = openDb(db);
    StagedChanges s(QStringLiteral("nopk"));
    s.setCell(RowIdentity::rowid(3), {}, QStringLiteral("a"), SqlValue::integer(1));
    Result<EditPlan> p = buildEditPlan(o.table(QStringLiteral("nopk")), s);
    QVERIFY(p.ok());
    QCOMPARE(p->plan.statements.first().sql, QStringLiteral(R"(UPDATE "nopk" SET "a" = ? WHERE rowid = ?)"));
    QCOMPARE(p->plan.steps.first().name, QStringLiteral("Update rowid 3 (a)"));

    Result<EditPlan> sh = buildEditPlan(o.table(QStringLiteral("shadow")), s);
    QVERIFY(!sh.ok()); // "a" is not a column of shadow
    StagedChanges s2(QStringLiteral("shadow"));
    s2.setCell(RowIdentity::rowid(3), {}, QStringLiteral("rowid"), SqlValue::text(QStringLiteral("r")));
    sh = buildEditPlan(o.table(QStringLiteral("shadow")), s2);
    QVERIFY(sh.ok());
    QCOMPARE(sh->plan.statements.first().sql,
             QStringLiteral(R"(UPDATE "shadow" SET "rowid" = ? WHERE _rowid_ = ?)"));

    Result<EditPlan> s3 =
        buildEditPlan(o.table(QStringLiteral("shadow3")), StagedChanges(QStringLiteral("shadow3")));
    QVERIFY(!s3.ok());
    QVERIFY(s3.error().message().contains(QStringLiteral("rowid, _rowid_ and oid")));

    // A TEXT primary key does not alias the rowid: rows are still addressed by rowid.
    StagedChanges s4(QStringLiteral("textpk"));
    s4.deleteRow(RowIdentity::rowid(1), {});
    Result<EditPlan> p4 = buildEditPlan(o.table(QStringLiteral("textpk")), s4);
    QVERIFY(p4.ok());
    QCOMPARE(p4->plan.statements.first().sql, QStringLiteral(R"(DELETE FROM "textpk" WHERE rowid = ?)"));
}

void TestEdit::sqlForWithoutRowid()
{
    const QString db = m_tmp.makeDb(QStringLiteral("wr.db"), QStringLiteral(R"(
        CREATE TABLE wr(v, "k 2" INT, k1 TEXT, PRIMARY KEY(k1, "k 2")) WITHOUT ROWID;)"));
    Opened o = openDb(db);
    StagedChanges s(QStringLiteral("wr"));
    RowIdentity id{{SqlValue::text(QStringLiteral("a")), SqlValue::integer(2)}};
    s.setCell(id, {}, QStringLiteral("v"), SqlValue::null());
    Result<EditPlan> p = buildEditPlan(o.table(QStringLiteral("wr")), s);
    QVERIFY(p.ok());
    QCOMPARE(p->plan.statements.first().sql,
             QStringLiteral(R"(UPDATE "wr" SET "v" = ? WHERE "k1" = ? AND "k 2" = ?)"));
    QCOMPARE(p->plan.steps.first().name, QStringLiteral("Update k1 = 'a', k 2 = 2 (v)"));
    // A wrong-sized identity is refused rather than matching the wrong rows.
    StagedChanges bad(QStringLiteral("wr"));
    bad.deleteRow(RowIdentity::rowid(1), {});
    QVERIFY(!buildEditPlan(o.table(QStringLiteral("wr")), bad).ok());
}

void TestEdit::reviewTextShowsParameters()
{
    PlanStatement st;
    st.sql = QStringLiteral(R"(UPDATE "t" SET "a" = ?, "b" = ? WHERE "id" = ?)");
    st.binds = {QStringLiteral("it's ?"), QVariant(), qlonglong(4)};
    QCOMPARE(reviewText(st), QStringLiteral("UPDATE \"t\" SET \"a\" = ?, \"b\" = ? WHERE \"id\" = ?;\n"
                                            "--   ?1 = 'it''s ?'\n--   ?2 = NULL\n--   ?3 = 4"));
    QCOMPARE(withLiterals(st),
             QStringLiteral(R"(UPDATE "t" SET "a" = 'it''s ?', "b" = NULL WHERE "id" = 4)"));
    PlanStatement q;
    q.sql = QStringLiteral(R"(INSERT INTO "a?b" ("?") VALUES (?))");
    q.binds = {QByteArray("\x01", 1)};
    QCOMPARE(withLiterals(q), QStringLiteral(R"(INSERT INTO "a?b" ("?") VALUES (X'01'))"));
}

void TestEdit::stagingMergesRevertsAndDeletes()
{
    StagedChanges s(QStringLiteral("t"));
    Cell c;
    c.storage = Cell::Storage::Text;
    c.value = QStringLiteral("old");
    c.length = 3;
    const QList<LoadedCell> loaded{{QStringLiteral("name"), c}};
    const RowIdentity r = RowIdentity::rowid(1);
    s.setCell(r, loaded, QStringLiteral("name"), SqlValue::text(QStringLiteral("new")));
    s.setCell(r, loaded, QStringLiteral("other"), SqlValue::integer(1));
    QCOMPARE(s.pendingCount(), 2);
    QCOMPARE(s.edits().size(), 1);
    QCOMPARE(*s.stagedValue(r, QStringLiteral("NAME")), SqlValue::text(QStringLiteral("new")));
    // Back to the loaded value: the change disappears.
    s.setCell(r, loaded, QStringLiteral("name"), SqlValue::text(QStringLiteral("old")));
    QCOMPARE(s.pendingCount(), 1);
    s.revertCell(r, QStringLiteral("other"));
    QVERIFY(s.isEmpty());
    // NULL is a change from empty text.
    c.value = QString(QLatin1String(""));
    c.length = 0;
    s.setCell(r, {{QStringLiteral("name"), c}}, QStringLiteral("name"), SqlValue::null());
    QCOMPARE(s.pendingCount(), 1);
    const StagedChanges snapshot = s;
    s.deleteRow(r, {});
    QVERIFY(s.isDeleted(r));
    QCOMPARE(s.pendingCount(), 1);
    QVERIFY(!s.setCell(r, {}, QStringLiteral("name"), SqlValue::integer(1)));
    QVERIFY(!(s == snapshot));
    s.restoreRow(r);
    QVERIFY(s.isEmpty());
    const int id = s.insertRow();
    s.setInsertedCell(id, QStringLiteral("a"), SqlValue::integer(1));
    s.setInsertedCell(id, QStringLiteral("a"), SqlValue::integer(2));
    QCOMPARE(s.edit(id)->changes.size(), 1);
    s.clearInsertedCell(id, QStringLiteral("a"));
    QVERIFY(s.edit(id)->changes.isEmpty());
    s.removeEdit(id);
    QVERIFY(s.isEmpty());
}

void TestEdit::duplicateLeavesKeyAndGeneratedColumns()
{
    const QString db = m_tmp.makeDb(QStringLiteral("dup.db"), QStringLiteral(R"(
        CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT, n INT,
                       twice INT GENERATED ALWAYS AS (n * 2) STORED);
        INSERT INTO t(name, n) VALUES ('a', 21);)"));
    Opened o = openDb(db);
    const Table& t = o.table(QStringLiteral("t"));
    StagedChanges s(t.name);
    const int id = s.duplicateRow(t, {{QStringLiteral("id"), SqlValue::integer(1)},
                                      {QStringLiteral("name"), SqlValue::text(QStringLiteral("a"))},
                                      {QStringLiteral("n"), SqlValue::integer(21)},
                                      {QStringLiteral("twice"), SqlValue::integer(42)}});
    QCOMPARE(s.edit(id)->changes.size(), 2);
    ApplyReport r = applyStagedEdits(*o.connection, t, s);
    QVERIFY2(r.committed, r.error ? qPrintable(r.error->message()) : "");
    QCOMPARE(queryRaw(db, QStringLiteral("SELECT group_concat(id || name || twice, ',') FROM t")),
             QStringLiteral("1a42,2a42"));
}

void TestEdit::generatedColumnRefused()
{
    const QString db = m_tmp.makeDb(QStringLiteral("gen.db"), QStringLiteral(R"(
        CREATE TABLE t(n INT, twice INT GENERATED ALWAYS AS (n * 2));)"));
    Opened o = openDb(db);
    StagedChanges s(QStringLiteral("t"));
    s.insertRow({{QStringLiteral("twice"), SqlValue::integer(1)}});
    Result<EditPlan> p = buildEditPlan(o.table(QStringLiteral("t")), s);
    QVERIFY(!p.ok());
    QVERIFY(p.error().message().contains(QStringLiteral("generated column")));
}

void TestEdit::applyWritesExactValues()
{
    const QString db = m_tmp.makeDb(QStringLiteral("exact.db"), QStringLiteral(R"(
        CREATE TABLE t(id INTEGER PRIMARY KEY, a, b TEXT DEFAULT 'dflt', c BLOB, created TEXT DEFAULT CURRENT_TIMESTAMP);
        INSERT INTO t(id, a, b, c) VALUES (1, 'x', 'y', x'01'), (2, 'gone', 'g', NULL);)"));
    Opened o = openDb(db);
    const Table& t = o.table(QStringLiteral("t"));
    StagedChanges s(t.name);
    const QList<LoadedCell> row1 = loadRow(*o.connection, QStringLiteral("SELECT * FROM t WHERE id = 1"));
    s.setCell(RowIdentity::rowid(1), row1, QStringLiteral("a"), SqlValue::integer(9223372036854775807LL));
    s.setCell(RowIdentity::rowid(1), row1, QStringLiteral("b"), SqlValue::text(QString()));
    s.setCell(RowIdentity::rowid(1), row1, QStringLiteral("c"), SqlValue::blob(QByteArray()));
    s.deleteRow(RowIdentity::rowid(2),
                loadRow(*o.connection, QStringLiteral("SELECT * FROM t WHERE id = 2")));
    s.insertRow({{QStringLiteral("a"), SqlValue::null()}});
    s.insertRow();
    ApplyReport r = applyStagedEdits(*o.connection, t, s);
    QVERIFY2(r.committed, r.error ? qPrintable(r.error->message()) : "");
    QCOMPARE(r.statementsRun, 4);
    QCOMPARE(queryRaw(db, QStringLiteral("SELECT typeof(a) || a || '|' || typeof(b) || '[' || b || ']|' || "
                                         "typeof(c) || length(c) FROM t WHERE id = 1")),
             QStringLiteral("integer9223372036854775807|text[]|blob0"));
    QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM t WHERE a = 'gone'")), QStringLiteral("0"));
    // Inserted rows got the DEFAULTs (constant and CURRENT_TIMESTAMP, evaluated at insert).
    QCOMPARE(queryRaw(db, QStringLiteral("SELECT group_concat(typeof(a) || b || (created IS NOT NULL), ',') "
                                         "FROM t WHERE id > 1")),
             QStringLiteral("nulldflt1,nulldflt1"));
    QCOMPARE(r.insertedRowids.size(), 2);
    // The connection's foreign-key setting is back to what it was (off by default).
    QCOMPARE(o.connection->scalar(QStringLiteral("PRAGMA foreign_keys"))->toInt(), 0);
}

void TestEdit::applyWithoutRowidAndNoPk()
{
    const QString db = m_tmp.makeDb(QStringLiteral("wr2.db"), QStringLiteral(R"(
        CREATE TABLE wr(k1 TEXT, k2 INT, v, PRIMARY KEY(k1, k2)) WITHOUT ROWID;
        INSERT INTO wr VALUES ('a', 1, 'one'), ('a', 2, 'two'), ('b', 1, 'three');
        CREATE TABLE nopk(a, b);
        INSERT INTO nopk VALUES (1, 1), (1, 1);)"));
    Opened o = openDb(db);
    StagedChanges s(QStringLiteral("wr"));
    s.setCell({{SqlValue::text(QStringLiteral("a")), SqlValue::integer(2)}}, {}, QStringLiteral("v"),
              SqlValue::text(QStringLiteral("TWO")));
    s.setCell({{SqlValue::text(QStringLiteral("b")), SqlValue::integer(1)}}, {}, QStringLiteral("k2"),
              SqlValue::integer(5));
    s.deleteRow({{SqlValue::text(QStringLiteral("a")), SqlValue::integer(1)}}, {});
    ApplyReport r = applyStagedEdits(*o.connection, o.table(QStringLiteral("wr")), s);
    QVERIFY2(r.committed, r.error ? qPrintable(r.error->message()) : "");
    QCOMPARE(
        queryRaw(db, QStringLiteral(
                         "SELECT group_concat(k1 || k2 || v, ',') FROM (SELECT * FROM wr ORDER BY 1, 2)")),
        QStringLiteral("a2TWO,b5three"));
    // Identical rows in a table without a key: only the addressed one changes.
    StagedChanges n(QStringLiteral("nopk"));
    n.setCell(RowIdentity::rowid(2), {}, QStringLiteral("b"), SqlValue::integer(2));
    r = applyStagedEdits(*o.connection, o.table(QStringLiteral("nopk")), n);
    QVERIFY(r.committed);
    QCOMPARE(
        queryRaw(db, QStringLiteral("SELECT group_concat(b, ',') FROM (SELECT b FROM nopk ORDER BY rowid)")),
        QStringLiteral("1,2"));
}

void TestEdit::constraintErrorsMapToCell_data()
{
    QTest::addColumn<QString>("column");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("message");
    QTest::newRow("not null") << QStringLiteral("email") << QVariant()
                              << QStringLiteral("NOT NULL constraint failed");
    QTest::newRow("unique") << QStringLiteral("email") << QVariant(QStringLiteral("b@x"))
                            << QStringLiteral("UNIQUE");
    QTest::newRow("check") << QStringLiteral("age") << QVariant(qlonglong(-1)) << QStringLiteral("CHECK");
    QTest::newRow("named check") << QStringLiteral("role") << QVariant(QStringLiteral("god"))
                                 << QStringLiteral("CHECK");
    QTest::newRow("foreign key") << QStringLiteral("team_id") << QVariant(qlonglong(99))
                                 << QStringLiteral("FOREIGN KEY");
}

void TestEdit::constraintErrorsMapToCell()
{
    QFETCH(QString, column);
    QFETCH(QVariant, value);
    QFETCH(QString, message);
    const QString db = m_tmp.makeDb(
        QStringLiteral("c_%1.db").arg(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('_')),
        QStringLiteral(R"(
        CREATE TABLE teams(id INTEGER PRIMARY KEY);
        INSERT INTO teams VALUES (1);
        CREATE TABLE users(id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, age INT CHECK (age >= 0),
                           role TEXT CONSTRAINT role_ok CHECK (role IN ('admin', 'user')),
                           team_id INT REFERENCES teams(id));
        INSERT INTO users VALUES (1, 'a@x', 30, 'user', 1), (2, 'b@x', 40, 'admin', 1);)"));
    const QByteArray before = fileSha256(db);
    Opened o = openDb(db);
    StagedChanges s(QStringLiteral("users"));
    // A harmless edit first: it must not survive the failure of the next one.
    s.setCell(RowIdentity::rowid(2), {}, QStringLiteral("age"), SqlValue::integer(41));
    s.setCell(RowIdentity::rowid(1), {}, column, SqlValue::fromVariant(value));
    const int failingId = s.findRow(RowIdentity::rowid(1))->id;
    ApplyReport r = applyStagedEdits(*o.connection, o.table(QStringLiteral("users")), s);
    QVERIFY(!r.committed);
    QVERIFY(r.error.has_value());
    QVERIFY2(r.error->message().contains(message), qPrintable(r.error->message()));
    QVERIFY2(r.error->message().contains(QStringLiteral("Nothing was changed")),
             qPrintable(r.error->message()));
    QCOMPARE(r.problems.size(), 1);
    QCOMPARE(r.problems.first().editId, failingId);
    QCOMPARE(r.problems.first().column, column);
    QCOMPARE(r.problems.first().rowText, QStringLiteral("id = 1"));
    QCOMPARE(fileSha256(db), before);
    QCOMPARE(queryRaw(db, QStringLiteral("SELECT age FROM users WHERE id = 2")), QStringLiteral("40"));
    // The connection is usable again: no transaction left open.
    QVERIFY(o.connection->exec(QStringLiteral("BEGIN")).ok());
    QVERIFY(o.connection->exec(QStringLiteral("ROLLBACK")).ok());
}

void TestEdit::foreignKeyOrderDoesNotMatterAndDanglingIsMapped()
{
    const QString db = m_tmp.makeDb(QStringLiteral("fk.db"), QStringLiteral(R"(
        CREATE TABLE parent(id INTEGER PRIMARY KEY, name TEXT);
        CREATE TABLE child(id INTEGER PRIMARY KEY, parent_id INT REFERENCES parent(id), note TEXT);
        INSERT INTO parent VALUES (1, 'p1'), (2, 'p2');
        INSERT INTO child VALUES (10, 1, 'c');)"));
    Opened o = openDb(db);
    // A child inserted before its parent in the same batch: fine, the check runs at COMMIT.
    StagedChanges c(QStringLiteral("child"));
    c.insertRow({{QStringLiteral("parent_id"), SqlValue::integer(3)}});
    ApplyReport r = applyStagedEdits(*o.connection, o.table(QStringLiteral("child")), c);
    QVERIFY(!r.committed); // parent 3 does not exist yet
    QCOMPARE(r.problems.size(), 1);
    QCOMPARE(r.problems.first().column, QStringLiteral("parent_id"));
    QCOMPARE(r.problems.first().rowText, QStringLiteral("new row"));
    QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM child")), QStringLiteral("1"));

    // Deleting a parent that a child still references: the deletion is blamed.
    StagedChanges p(QStringLiteral("parent"));
    p.deleteRow(RowIdentity::rowid(2), {});
    p.deleteRow(RowIdentity::rowid(1), {});
    r = applyStagedEdits(*o.connection, o.table(QStringLiteral("parent")), p);
    QVERIFY(!r.committed);
    QVERIFY(!r.problems.isEmpty());
    QCOMPARE(r.problems.first().editId, p.findRow(RowIdentity::rowid(1))->id);
    QVERIFY2(r.error->message().contains(QStringLiteral("child")), qPrintable(r.error->message()));
    QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM parent")), QStringLiteral("2"));
}

void TestEdit::conflictWhenRowChangedElsewhere()
{
    const QString db = m_tmp.makeDb(QStringLiteral("conflict.db"), QStringLiteral(R"(
        CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, n);
        INSERT INTO t VALUES (1, 'a', 1), (2, 'b', 2);)"));
    Opened o = openDb(db);
    const Table& t = o.table(QStringLiteral("t"));
    StagedChanges s(t.name);
    s.setCell(RowIdentity::rowid(1), loadRow(*o.connection, QStringLiteral("SELECT * FROM t WHERE id = 1")),
              QStringLiteral("name"), SqlValue::text(QStringLiteral("mine")));
    s.setCell(RowIdentity::rowid(2), loadRow(*o.connection, QStringLiteral("SELECT * FROM t WHERE id = 2")),
              QStringLiteral("name"), SqlValue::text(QStringLiteral("mine too")));
    // Another process changes row 1 (type only: 1 → '1' is a change too).
    execRaw(db, QStringLiteral("UPDATE t SET n = '1' WHERE id = 1"));
    const QByteArray before = fileSha256(db);
    ApplyReport r = applyStagedEdits(*o.connection, t, s);
    QVERIFY(!r.committed);
    QCOMPARE(r.conflicts.size(), 1);
    QCOMPARE(r.conflicts.first().rowText, QStringLiteral("id = 1"));
    QCOMPARE(r.conflicts.first().changedColumns, QStringList{QStringLiteral("n")});
    QVERIFY(!r.conflicts.first().deletedOnDisk);
    QVERIFY2(r.error->message().contains(QStringLiteral("changed on disk")), qPrintable(r.error->message()));
    QCOMPARE(fileSha256(db), before);
    // Overwrite on request.
    ApplyOptions force;
    force.overwriteConflicts = true;
    r = applyStagedEdits(*o.connection, t, s, force);
    QVERIFY(r.committed);
    QCOMPARE(r.conflicts.size(), 1);
    QCOMPARE(queryRaw(db, QStringLiteral("SELECT group_concat(name, ',') FROM t")),
             QStringLiteral("mine,mine too"));
}

void TestEdit::conflictWhenRowDeletedElsewhere()
{
    const QString db = m_tmp.makeDb(QStringLiteral("conflict2.db"), QStringLiteral(R"(
        CREATE TABLE t(k TEXT PRIMARY KEY, v) WITHOUT ROWID;
        INSERT INTO t VALUES ('a', 1), ('b', 2);)"));
    Opened o = openDb(db);
    const Table& t = o.table(QStringLiteral("t"));
    StagedChanges s(t.name);
    const RowIdentity a{{SqlValue::text(QStringLiteral("a"))}};
    s.deleteRow(a, loadRow(*o.connection, QStringLiteral("SELECT * FROM t WHERE k = 'a'")));
    s.setCell({{SqlValue::text(QStringLiteral("b"))}},
              loadRow(*o.connection, QStringLiteral("SELECT * FROM t WHERE k = 'b'")), QStringLiteral("v"),
              SqlValue::integer(3));
    execRaw(db, QStringLiteral("DELETE FROM t WHERE k = 'a'"));
    ApplyReport r = applyStagedEdits(*o.connection, t, s);
    QVERIFY(!r.committed);
    QCOMPARE(r.conflicts.size(), 1);
    QVERIFY(r.conflicts.first().deletedOnDisk);
    QCOMPARE(r.conflicts.first().rowText, QStringLiteral("k = 'a'"));
    QCOMPARE(r.problems.first().editId, s.findRow(a)->id);
    QCOMPARE(queryRaw(db, QStringLiteral("SELECT v FROM t WHERE k = 'b'")), QStringLiteral("2"));
    // Applying anyway: the deletion finds nothing to delete and says so.
    ApplyOptions force;
    force.overwriteConflicts = true;
    r = applyStagedEdits(*o.connection, t, s, force);
    QVERIFY(r.committed);
    QVERIFY2(r.notes.join(QString()).contains(QStringLiteral("Delete k = 'a' changed no row")),
             qPrintable(r.notes.join(QString())));
    QCOMPARE(queryRaw(db, QStringLiteral("SELECT v FROM t WHERE k = 'b'")), QStringLiteral("3"));
}

void TestEdit::conflictOnTruncatedPrefix()
{
    const QString db = m_tmp.makeDb(QStringLiteral("conflict3.db"), QStringLiteral(R"(
        CREATE TABLE t(id INTEGER PRIMARY KEY, body TEXT, data BLOB, n INT);
        INSERT INTO t VALUES (1, 'héllo wörld', zeroblob(100000), 0);)"));
    Opened o = openDb(db);
    const Table& t = o.table(QStringLiteral("t"));
    // What the grid holds: a prefix of the text, only the length of the large BLOB.
    Cell body{Cell::Storage::Text, QStringLiteral("héllo"), 11};
    Cell data{Cell::Storage::Blob, QByteArray(), 100000};
    const QList<LoadedCell> loaded{{QStringLiteral("body"), body}, {QStringLiteral("data"), data}};
    StagedChanges s(t.name);
    s.setCell(RowIdentity::rowid(1), loaded, QStringLiteral("n"), SqlValue::integer(1));
    ApplyReport r = applyStagedEdits(*o.connection, t, s);
    QVERIFY2(r.committed, r.error ? qPrintable(r.error->message()) : "");
    // Same prefix, different length → conflict; same length different prefix → conflict.
    execRaw(db, QStringLiteral("UPDATE t SET body = 'héllo wörld!' WHERE id = 1"));
    s.setCell(RowIdentity::rowid(1), loaded, QStringLiteral("n"), SqlValue::integer(2));
    r = applyStagedEdits(*o.connection, t, s);
    QVERIFY(!r.committed);
    QCOMPARE(r.conflicts.first().changedColumns, QStringList{QStringLiteral("body")});
    execRaw(db, QStringLiteral("UPDATE t SET body = 'hallo wörld', data = zeroblob(100001) WHERE id = 1"));
    r = applyStagedEdits(*o.connection, t, s);
    QVERIFY(!r.committed);
    QCOMPARE(r.conflicts.first().changedColumns,
             (QStringList{QStringLiteral("body"), QStringLiteral("data")}));
}

void TestEdit::strictTypesRefusedBeforeTransaction()
{
    const QString db = m_tmp.makeDb(QStringLiteral("strict.db"), QStringLiteral(R"(
        CREATE TABLE s(id INTEGER PRIMARY KEY, n INTEGER, r REAL, t TEXT, b BLOB, a ANY) STRICT;
        INSERT INTO s VALUES (1, 1, 1.5, 'x', x'00', 1);)"));
    Opened o = openDb(db);
    const Table& t = o.table(QStringLiteral("s"));
    StagedChanges ok(t.name);
    ok.setCell(RowIdentity::rowid(1), {}, QStringLiteral("n"), SqlValue::text(QStringLiteral(" 42 ")));
    ok.setCell(RowIdentity::rowid(1), {}, QStringLiteral("r"), SqlValue::integer(2));
    ok.setCell(RowIdentity::rowid(1), {}, QStringLiteral("t"), SqlValue::integer(3));
    ok.setCell(RowIdentity::rowid(1), {}, QStringLiteral("a"), SqlValue::blob("z"));
    QVERIFY(strictTypeProblems(t, ok).isEmpty());
    ApplyReport r = applyStagedEdits(*o.connection, t, ok);
    QVERIFY2(r.committed, r.error ? qPrintable(r.error->message()) : "");
    QCOMPARE(queryRaw(db, QStringLiteral("SELECT typeof(n) || n || typeof(r) || typeof(t) FROM s")),
             QStringLiteral("integer42realtext"));

    const QByteArray before = fileSha256(db);
    StagedChanges bad(t.name);
    bad.setCell(RowIdentity::rowid(1), {}, QStringLiteral("n"), SqlValue::text(QStringLiteral("forty")));
    bad.insertRow({{QStringLiteral("b"), SqlValue::integer(1)},
                   {QStringLiteral("r"), SqlValue::text(QStringLiteral("1.5e3"))}});
    const QList<CellProblem> problems = strictTypeProblems(t, bad);
    QCOMPARE(problems.size(), 2);
    QCOMPARE(problems.at(0).column, QStringLiteral("n"));
    QCOMPARE(problems.at(0).rowText, QStringLiteral("id = 1"));
    QVERIFY2(problems.at(0).message.contains(
                 QStringLiteral("text 'forty' cannot be stored in the INTEGER column s.n")),
             qPrintable(problems.at(0).message));
    QCOMPARE(problems.at(1).column, QStringLiteral("b"));
    r = applyStagedEdits(*o.connection, t, bad);
    QVERIFY(!r.committed);
    QCOMPARE(r.problems.size(), 2);
    QCOMPARE(fileSha256(db), before);
    // Real 2.5 into INTEGER is refused; 2.0 is accepted (SQLite converts it losslessly).
    QVERIFY(!strictTypeProblem(t, *t.column(QStringLiteral("n")), SqlValue::real(2.5)).isEmpty());
    QVERIFY(strictTypeProblem(t, *t.column(QStringLiteral("n")), SqlValue::real(2.0)).isEmpty());
}

QTEST_GUILESS_MAIN(TestEdit)
#include "tst_edit.moc"
