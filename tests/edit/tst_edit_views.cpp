// Editing a view through its INSTEAD OF triggers, on real files: the operations offered are
// exactly those with a trigger, rows are located by all their values (IS, so NULLs match), the SQL
// the edits become, the base table changed by the triggers, and refusals that change nothing (no
// trigger for the operation, values matching several rows, a row changed on disk).
#include "core/Connection.h"
#include "edit/BoundStatement.h"
#include "edit/EditApplier.h"
#include "edit/EditPlan.h"
#include "edit/ViewEditing.h"
#include "schema/SchemaReader.h"

#include "TestSupport.h"

#include <QtTest>

using namespace sluice;
using sluice::test::execRaw;
using sluice::test::queryRaw;
using sluice::test::TempDir;

namespace {

const char* kSchema = R"(
CREATE TABLE people(id INTEGER PRIMARY KEY, name TEXT NOT NULL, team TEXT, active INTEGER NOT NULL DEFAULT 1);
INSERT INTO people VALUES (1, 'ann', 'red', 1), (2, 'bob', NULL, 1), (3, 'cy', 'red', 0), (4, 'cy', 'red', 0);
CREATE VIEW "active ""people"""AS SELECT id, name, team FROM people WHERE active = 1;
CREATE TRIGGER upd INSTEAD   OF UPDATE OF name, team ON "active ""people"""
BEGIN UPDATE people SET name = NEW.name, team = NEW.team WHERE id = OLD.id; END;
CREATE TRIGGER ins INSTEAD OF INSERT ON "active ""people"""
BEGIN INSERT INTO people(name, team) VALUES (NEW.name, NEW.team); END;
CREATE VIEW names AS SELECT name, team FROM people;
CREATE TRIGGER del_names INSTEAD OF DELETE ON names
BEGIN DELETE FROM people WHERE name = OLD.name AND team IS OLD.team; END;
CREATE VIEW plain AS SELECT name FROM people;
CREATE TRIGGER not_instead AFTER INSERT ON people BEGIN SELECT 1; END;
)";

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
        cell.length = v.storage() == Cell::Storage::Text ? v.toText().toUcs4().size() : 0;
        out << LoadedCell{st.columnName(i), cell};
    }
    return out;
}

RowIdentity identityOf(const QList<LoadedCell>& row)
{
    RowIdentity id;
    for (const LoadedCell& c : row)
        id.key << SqlValue::fromCell(c.cell);
    return id;
}

} // namespace

class TestEditViews : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void accessFollowsTriggers();
    void sqlLocatesByEveryValue();
    void updateAndInsertThroughTriggers();
    void deleteThroughTriggerWithNulls();
    void missingTriggerRefused();
    void ambiguousRowRefused();
    void rowChangedOnDiskIsAConflict();

private:
    TempDir m_tmp;
    QString m_db;
    std::unique_ptr<Connection> m_c;
    Schema m_schema;
    Table view(const QString& name) const { return viewAsTable(*m_schema.view(name)); }
};

void TestEditViews::init()
{
    static int n = 0;
    m_db = m_tmp.makeDb(QStringLiteral("views%1.db").arg(++n), QString::fromLatin1(kSchema));
    auto c = Connection::open(m_db);
    QVERIFY(c.ok());
    m_c = std::move(c.value());
    auto s = readSchema(*m_c);
    QVERIFY(s.ok());
    m_schema = s->schema;
}

void TestEditViews::accessFollowsTriggers()
{
    const ViewWriteAccess active = viewWriteAccess(m_schema.triggers, QStringLiteral("active \"people\""));
    QVERIFY(active.insert && active.update && !active.remove);
    const ViewWriteAccess names = viewWriteAccess(m_schema.triggers, QStringLiteral("NAMES"));
    QVERIFY(!names.insert && !names.update && names.remove);
    const ViewWriteAccess plain = viewWriteAccess(m_schema.triggers, QStringLiteral("plain"));
    QVERIFY(!plain.any());
    QVERIFY(viewAccessText(QStringLiteral("plain"), plain)
                .contains(QStringLiteral("without INSTEAD OF triggers")));
    QVERIFY(viewAccessText(QStringLiteral("names"), names).contains(QStringLiteral("INSERT/UPDATE")));
    // The same read from the database.
    Result<ViewWriteAccess> read = readViewWriteAccess(*m_c, QStringLiteral("names"));
    QVERIFY(read.ok());
    QVERIFY(read->remove && !read->update && !read->insert);
    // A real table is not a view.
    QVERIFY(!isViewTable(*m_schema.table(QStringLiteral("people"))));
    QVERIFY(isViewTable(view(QStringLiteral("names"))));
}

void TestEditViews::sqlLocatesByEveryValue()
{
    const Table v = view(QStringLiteral("active \"people\""));
    Result<RowLocator> l = RowLocator::forTable(v);
    QVERIFY(l.ok());
    QVERIFY(l->byAllColumns && !l->byRowid);
    QCOMPARE(l->whereSql(), QStringLiteral("\"id\" IS ? AND \"name\" IS ? AND \"team\" IS ?"));

    const QList<LoadedCell> bob =
        loadRow(*m_c, QStringLiteral("SELECT * FROM \"active \"\"people\"\"\" WHERE id = 2"));
    StagedChanges s(v.name);
    QVERIFY(s.setCell(identityOf(bob), bob, QStringLiteral("team"), SqlValue::text(QStringLiteral("blue"))));
    s.insertRow({{QStringLiteral("name"), SqlValue::text(QStringLiteral("dee"))}});
    Result<EditPlan> plan = buildEditPlan(v, s);
    QVERIFY2(plan.ok(), plan.ok() ? "" : qPrintable(plan.error().message()));
    QCOMPARE(plan->plan.statements.size(), 2);
    QCOMPARE(plan->plan.statements.at(0).sql,
             QStringLiteral(
                 "UPDATE \"active \"\"people\"\"\" SET \"team\" = ? WHERE \"id\" IS ? AND \"name\" IS ? "
                 "AND \"team\" IS ?"));
    QCOMPARE(plan->plan.statements.at(0).binds.size(), 4);
    QVERIFY(plan->plan.statements.at(0).binds.at(3).isNull()); // bob's NULL team, matched with IS
    QCOMPARE(plan->plan.statements.at(1).sql,
             QStringLiteral("INSERT INTO \"active \"\"people\"\"\" (\"name\") VALUES (?)"));
}

void TestEditViews::updateAndInsertThroughTriggers()
{
    const Table v = view(QStringLiteral("active \"people\""));
    const QList<LoadedCell> bob =
        loadRow(*m_c, QStringLiteral("SELECT * FROM \"active \"\"people\"\"\" WHERE id = 2"));
    StagedChanges s(v.name);
    QVERIFY(s.setCell(identityOf(bob), bob, QStringLiteral("team"), SqlValue::text(QStringLiteral("blue"))));
    s.insertRow({{QStringLiteral("name"), SqlValue::text(QStringLiteral("dee"))},
                 {QStringLiteral("team"), SqlValue::text(QStringLiteral("green"))}});
    const ApplyReport r = applyStagedEdits(*m_c, v, s);
    QVERIFY2(r.committed, r.error ? qPrintable(r.error->message()) : "");
    QCOMPARE(queryRaw(m_db, QStringLiteral("SELECT team FROM people WHERE id = 2")), QStringLiteral("blue"));
    QCOMPARE(queryRaw(m_db, QStringLiteral("SELECT team || ',' || active FROM people WHERE name = 'dee'")),
             QStringLiteral("green,1"));
    QVERIFY(r.notes.isEmpty()); // no "changed no row" for trigger-driven changes
}

void TestEditViews::deleteThroughTriggerWithNulls()
{
    execRaw(m_db, QStringLiteral("INSERT INTO people VALUES (5, 'eve', NULL, 1)"));
    const Table v = view(QStringLiteral("names"));
    const QList<LoadedCell> eve = loadRow(*m_c, QStringLiteral("SELECT * FROM names WHERE name = 'eve'"));
    StagedChanges s(v.name);
    s.deleteRow(identityOf(eve), eve);
    const ApplyReport r = applyStagedEdits(*m_c, v, s);
    QVERIFY2(r.committed, r.error ? qPrintable(r.error->message()) : "");
    QCOMPARE(queryRaw(m_db, QStringLiteral("SELECT count(*) FROM people WHERE name = 'eve'")),
             QStringLiteral("0"));
    QCOMPARE(queryRaw(m_db, QStringLiteral("SELECT count(*) FROM people")), QStringLiteral("4"));
}

void TestEditViews::missingTriggerRefused()
{
    // names has only a DELETE trigger: an update is refused before anything runs.
    const Table v = view(QStringLiteral("names"));
    const QList<LoadedCell> ann = loadRow(*m_c, QStringLiteral("SELECT * FROM names WHERE name = 'ann'"));
    StagedChanges s(v.name);
    QVERIFY(s.setCell(identityOf(ann), ann, QStringLiteral("team"), SqlValue::text(QStringLiteral("x"))));
    const ApplyReport r = applyStagedEdits(*m_c, v, s);
    QVERIFY(!r.committed);
    QVERIFY(r.error.has_value());
    QVERIFY2(r.error->message().contains(QStringLiteral("no INSTEAD OF UPDATE trigger")),
             qPrintable(r.error->message()));
    QCOMPARE(queryRaw(m_db, QStringLiteral("SELECT team FROM people WHERE id = 1")), QStringLiteral("red"));
}

void TestEditViews::ambiguousRowRefused()
{
    // The two cy rows are identical through names: deleting "one" would delete both.
    execRaw(m_db, QStringLiteral("UPDATE people SET active = 1"));
    const Table v = view(QStringLiteral("names"));
    const QList<LoadedCell> cy = loadRow(*m_c, QStringLiteral("SELECT * FROM names WHERE name = 'cy'"));
    StagedChanges s(v.name);
    s.deleteRow(identityOf(cy), cy);
    const ApplyReport r = applyStagedEdits(*m_c, v, s);
    QVERIFY(!r.committed);
    QVERIFY(r.error.has_value());
    QVERIFY2(r.error->message().contains(QStringLiteral("2 rows of the view names")),
             qPrintable(r.error->message()));
    QVERIFY(!r.problems.isEmpty());
    QCOMPARE(queryRaw(m_db, QStringLiteral("SELECT count(*) FROM people WHERE name = 'cy'")),
             QStringLiteral("2"));
}

void TestEditViews::rowChangedOnDiskIsAConflict()
{
    const Table v = view(QStringLiteral("active \"people\""));
    const QList<LoadedCell> ann =
        loadRow(*m_c, QStringLiteral("SELECT * FROM \"active \"\"people\"\"\" WHERE id = 1"));
    StagedChanges s(v.name);
    QVERIFY(s.setCell(identityOf(ann), ann, QStringLiteral("name"), SqlValue::text(QStringLiteral("anna"))));
    execRaw(m_db, QStringLiteral("UPDATE people SET team = 'blue' WHERE id = 1")); // another process
    const ApplyReport r = applyStagedEdits(*m_c, v, s);
    QVERIFY(!r.committed);
    QCOMPARE(r.conflicts.size(), 1);
    QVERIFY(r.conflicts.first().deletedOnDisk); // its values no longer match: the row is gone as loaded
    QCOMPARE(queryRaw(m_db, QStringLiteral("SELECT name FROM people WHERE id = 1")), QStringLiteral("ann"));
}

QTEST_GUILESS_MAIN(TestEditViews)
#include "tst_edit_views.moc"
