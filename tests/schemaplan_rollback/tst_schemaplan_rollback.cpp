// Rollback plans on real files: a database with schema A and rows, the forward plan A → B applied
// with the one runner, then planRollback(A, B) applied: the schema is A again, the rows of every
// kept column are back where they were, and what the forward change dropped is reported (it comes
// back empty).
#include "PlanTestSupport.h"
#include "TestSupport.h"
#include "schemaplan/RollbackPlan.h"

using namespace sluice;
using namespace sluice::test;

class TestSchemaPlanRollback : public QObject
{
    Q_OBJECT

    TempDir m_dir;
    int m_n = 0;

    template <class T> static QString why(const Result<T>& r)
    {
        return r.ok() ? QString() : r.error().message();
    }

    // Applies a plan on `db` (foreign keys on, as the app runs it).
    static void run(const QString& db, const Plan& plan)
    {
        auto c = Connection::open(db);
        QVERIFY2(c.ok(), qPrintable(why(c)));
        QVERIFY(c.value()->exec(QStringLiteral("PRAGMA foreign_keys=ON")).ok());
        auto ran = PlanRunner::run(*c.value(), plan);
        QVERIFY2(ran.ok(), qPrintable(why(ran)));
    }

    static Schema live(const QString& db)
    {
        auto c = Connection::open(db);
        if (!c)
            qFatal("%s", qPrintable(c.error().message()));
        return schemaOfDb(*c.value());
    }

    // Forward A → B with `hints`, then the rollback; returns the rollback and leaves the database
    // at the rolled-back schema.
    RollbackPlan roundTrip(const QString& db, const QString& b, const RenameHints& hints = {})
    {
        const Schema before = live(db);
        auto forward = planSchemaChange(before, schemaOf(b), hints);
        if (!forward)
            qFatal("%s", qPrintable(forward.error().message()));
        run(db, forward->plan);
        const Schema after = live(db);
        [&] { QCOMPARE(schemaShape(after), schemaShape(schemaOf(b))); }();
        auto rollback = planRollback(before, after, hints);
        if (!rollback)
            qFatal("%s", qPrintable(rollback.error().message()));
        run(db, rollback->plan.plan);
        [&] {
            QCOMPARE(schemaShape(live(db)), schemaShape(before));
            QCOMPARE(queryRaw(db, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
            QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM pragma_foreign_key_check")),
                     QStringLiteral("0"));
        }();
        return rollback.value();
    }

private Q_SLOTS:
    void renamedColumnComesBackWithItsValues()
    {
        const QString db =
            m_dir.makeDb(QStringLiteral("r%1.db").arg(++m_n),
                         QStringLiteral("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
                                        "INSERT INTO users VALUES (1,'ada'),(2,'grace');"));
        auto hints = RenameHints::parse({QStringLiteral("users.name=full_name")}, {});
        QVERIFY(hints.ok());
        const RollbackPlan rollback = roundTrip(
            db, QStringLiteral("CREATE TABLE users(id INTEGER PRIMARY KEY, full_name TEXT NOT NULL);"),
            hints.value());
        QVERIFY2(rollback.notRestorable.isEmpty(),
                 qPrintable(rollback.notRestorable.join(QStringLiteral(", "))));
        QVERIFY(!rollback.plan.losesData);
        QVERIFY(planText(rollback.plan.plan).contains(QStringLiteral("RENAME COLUMN")));
        QCOMPARE(
            queryRaw(db, QStringLiteral(
                             "SELECT group_concat(name, ',') FROM (SELECT name FROM users ORDER BY id)")),
            QStringLiteral("ada,grace"));
    }

    void renamedTableComesBack()
    {
        const QString db =
            m_dir.makeDb(QStringLiteral("r%1.db").arg(++m_n),
                         QStringLiteral("CREATE TABLE Posts(id INTEGER PRIMARY KEY, title TEXT);"
                                        "INSERT INTO Posts VALUES (1,'a'),(2,'b'),(3,'c');"));
        auto hints = RenameHints::parse({}, {QStringLiteral("Posts=articles")});
        QVERIFY(hints.ok());
        const RollbackPlan rollback = roundTrip(
            db, QStringLiteral("CREATE TABLE articles(id INTEGER PRIMARY KEY, title TEXT);"), hints.value());
        QVERIFY(rollback.notRestorable.isEmpty());
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM Posts")), QStringLiteral("3"));
        // The inverted hint keeps the original spelling.
        const RenameHints inverse = invertRenameHints(
            hints.value(), schemaOf(QStringLiteral("CREATE TABLE Posts(id INTEGER PRIMARY KEY);")));
        QCOMPARE(inverse.tables.value(QStringLiteral("articles")), QStringLiteral("Posts"));
    }

    void droppedColumnAndTableAreReported()
    {
        const QString db = m_dir.makeDb(
            QStringLiteral("r%1.db").arg(++m_n),
            QStringLiteral("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, nickname TEXT);"
                           "CREATE TABLE audit(id INTEGER PRIMARY KEY, what TEXT);"
                           "INSERT INTO users VALUES (1,'ada','a'),(2,'grace','g');"
                           "INSERT INTO audit VALUES (1,'x');"));
        const RollbackPlan rollback =
            roundTrip(db, QStringLiteral("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT);"));
        QCOMPARE(rollback.notRestorable, (QStringList{QStringLiteral("table audit (all its rows)"),
                                                      QStringLiteral("column users.nickname")}));
        // Kept data survived both ways; dropped data did not come back.
        QCOMPARE(
            queryRaw(db, QStringLiteral(
                             "SELECT group_concat(name, ',') FROM (SELECT name FROM users ORDER BY id)")),
            QStringLiteral("ada,grace"));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM users WHERE nickname IS NOT NULL")),
                 QStringLiteral("0"));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM audit")), QStringLiteral("0"));
    }

    void typeChangeAndIndexRoundTrip()
    {
        const QString db = m_dir.makeDb(
            QStringLiteral("r%1.db").arg(++m_n),
            QStringLiteral(
                "CREATE TABLE parent(id INTEGER PRIMARY KEY);"
                "CREATE TABLE child(id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) ON "
                "DELETE CASCADE, qty TEXT);"
                "INSERT INTO parent VALUES (1),(2);"
                "INSERT INTO child VALUES (1,1,'5'),(2,2,'7'),(3,2,'9');"));
        const RollbackPlan rollback = roundTrip(
            db, QStringLiteral(
                    "CREATE TABLE parent(id INTEGER PRIMARY KEY);"
                    "CREATE TABLE child(id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) ON "
                    "DELETE CASCADE, qty INTEGER NOT NULL DEFAULT 0);"
                    "CREATE INDEX child_parent ON child(parent_id);"));
        QVERIFY(rollback.notRestorable.isEmpty());
        QCOMPARE(queryRaw(db, QStringLiteral(
                                  "SELECT group_concat(qty, ',') FROM (SELECT qty FROM child ORDER BY id)")),
                 QStringLiteral("5,7,9"));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM parent")), QStringLiteral("2"));
    }
};

QTEST_GUILESS_MAIN(TestSchemaPlanRollback)
#include "tst_schemaplan_rollback.moc"
