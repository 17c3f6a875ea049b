// applySchemaPlan, the one apply path of generated schema changes (sluice diff --apply, the schema
// change review, the table designer), on real files: backup first, the plan in one transaction, a
// plan gone stale under the write lock refused, blockers refused, failures leaving the file as it was.
#include "PlanTestSupport.h"
#include "TestSupport.h"
#include "schemaplan/SchemaChangeApply.h"
#include "schemaplan/SchemaShape.h"

#include <QDir>
#include <QFileInfo>
#include <QTest>

using namespace sluice;
using namespace sluice::test;

namespace {

const char* kFrom = "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, nickname TEXT);"
                    "INSERT INTO users VALUES (1, 'ada', 'a'), (2, 'grace', NULL);";

} // namespace

class TestSchemaChangeApply : public QObject
{
    Q_OBJECT

    TempDir m_dir;
    int m_n = 0;

    struct Case
    {
        QString db;
        Schema from;
        SchemaPlan plan;
    };

    Case prepare(const QString& target)
    {
        Case c;
        c.db = m_dir.makeDb(QStringLiteral("a%1.db").arg(++m_n), QString::fromUtf8(kFrom));
        auto conn = Connection::open(c.db);
        if (!conn)
            qFatal("open");
        c.from = schemaOfDb(*conn.value());
        auto planned = planSchemaChange(c.from, schemaOf(target));
        if (!planned)
            qFatal("%s", qPrintable(planned.error().message()));
        c.plan = planned.value();
        return c;
    }

private Q_SLOTS:
    void appliesAfterABackup()
    {
        const QString target =
            QStringLiteral("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                           "nickname TEXT, email TEXT UNIQUE);");
        Case c = prepare(target);
        auto conn = Connection::open(c.db);
        QVERIFY(conn.ok());
        SchemaChangeApplyOptions options;
        options.backupFolder = m_dir.path(QStringLiteral("backups%1").arg(m_n));
        auto applied = applySchemaPlan(*conn.value(), c.plan, c.from, options);
        QVERIFY2(applied.ok(), qPrintable(applied.ok() ? QString() : applied.error().message()));
        QVERIFY(QFileInfo::exists(applied->backupPath));
        QVERIFY(applied->backupPath.startsWith(options.backupFolder));
        QCOMPARE(
            queryRaw(applied->backupPath, QStringLiteral("SELECT count(*) FROM pragma_table_info('users')")),
            QStringLiteral("3"));
        QCOMPARE(schemaShape(schemaOfDb(*conn.value())), schemaShape(schemaOf(target)));
        QCOMPARE(queryRaw(c.db, QStringLiteral("SELECT group_concat(name) FROM users")),
                 QStringLiteral("ada,grace"));
    }

    void aStalePlanIsRefusedUnderTheLock()
    {
        Case c = prepare(QStringLiteral("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"));
        // Another process changes the schema after the plan was made.
        execRaw(c.db, QStringLiteral("CREATE TABLE audit (what TEXT)"));
        const QByteArray before = fileSha256(c.db);
        auto conn = Connection::open(c.db);
        QVERIFY(conn.ok());
        auto applied = applySchemaPlan(*conn.value(), c.plan, c.from);
        QVERIFY(!applied.ok());
        QVERIFY2(applied.error().message().contains(QStringLiteral("changed after the change was planned")),
                 qPrintable(applied.error().message()));
        conn.value().reset();
        QCOMPARE(fileSha256(c.db), before);
    }

    void aFailureNamesTheBackupAndChangesNothing()
    {
        // A NOT NULL column without a default cannot be filled for the existing rows.
        Case c = prepare(QStringLiteral("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                                        "nickname TEXT, born INTEGER NOT NULL);"));
        const QByteArray before = fileSha256(c.db);
        auto conn = Connection::open(c.db);
        QVERIFY(conn.ok());
        SchemaChangeApplyOptions options;
        options.backupFolder = m_dir.path(QStringLiteral("backups%1").arg(m_n));
        auto applied = applySchemaPlan(*conn.value(), c.plan, c.from, options);
        QVERIFY(!applied.ok());
        const QStringList backups = QDir(options.backupFolder).entryList({QStringLiteral("*.sqlite3")});
        QCOMPARE(backups.size(), 1);
        QVERIFY2(applied.error().message().contains(backups.first()), qPrintable(applied.error().message()));
        conn.value().reset();
        QCOMPARE(fileSha256(c.db), before);
    }

    void blockersAreRefusedBeforeAnything()
    {
        Case c = prepare(QStringLiteral("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
                                        "CREATE TABLE log (v TEXT);"
                                        "CREATE TRIGGER users_nick AFTER INSERT ON users BEGIN "
                                        "INSERT INTO log VALUES (new.nickname); END;"));
        QVERIFY(c.plan.needsAttention());
        const QByteArray before = fileSha256(c.db);
        auto conn = Connection::open(c.db);
        QVERIFY(conn.ok());
        SchemaChangeApplyOptions options;
        options.backupFolder = m_dir.path(QStringLiteral("backups%1").arg(m_n));
        auto applied = applySchemaPlan(*conn.value(), c.plan, c.from, options);
        QVERIFY(!applied.ok());
        QVERIFY2(applied.error().message().contains(QStringLiteral("users_nick")),
                 qPrintable(applied.error().message()));
        QVERIFY(!QFileInfo::exists(options.backupFolder)); // not even a backup
        conn.value().reset();
        QCOMPARE(fileSha256(c.db), before);
    }
};

QTEST_GUILESS_MAIN(TestSchemaChangeApply)
#include "tst_schema_change_apply.moc"
