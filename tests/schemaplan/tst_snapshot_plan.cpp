// Drizzle snapshots as schemas, checked against the real drizzle-kit fixtures
// (tests/fixtures/drizzle, and tests/schemaplan/data/v7-features for drizzle-kit 1.0's version 7
// snapshots): for each migration N of each project,
//  - the schema Sluice builds from snapshot N equals the schema of a database made by running
//    migrations 0…N (so the snapshot is read as drizzle-kit means it), and
//  - plan(snapshot N−1 → snapshot N), with the renames recorded in snapshot N, applied to the
//    database made by migrations 0…N−1, yields the same schema as drizzle-kit's migration N.
// Column order is ignored (drizzle-kit appends added columns), and so are triggers (hand-written
// custom migrations add them; snapshots do not describe triggers).
#include "PlanTestSupport.h"
#include "TestSupport.h"
#include "drizzle/MigrationFolder.h"
#include "schemaplan/DrizzleSnapshotSchema.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

using namespace sluice;
using namespace sluice::test;

class TestSnapshotPlan : public QObject
{
    Q_OBJECT

    static QStringList shapeWithoutTriggers(const Schema& s)
    {
        QStringList out;
        for (const QString& line : schemaShape(s, true))
            if (!line.startsWith(QStringLiteral("trigger ")))
                out << line;
        return out;
    }

    static QStringList shapeOfDb(const QString& path)
    {
        auto c = Connection::open(path);
        if (!c)
            qFatal("%s", qPrintable(c.error().message()));
        Schema s = schemaOfDb(*c.value());
        return shapeWithoutTriggers(s);
    }

    static SnapshotSchema snapshot(const QString& path)
    {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            qFatal("cannot read %s", qPrintable(path));
        auto s = schemaFromDrizzleSnapshot(f.readAll(), path);
        if (!s)
            qFatal("%s", qPrintable(s.error().message()));
        return s.value();
    }

    static QString readText(const QString& path)
    {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            qFatal("cannot read %s", qPrintable(path));
        return QString::fromUtf8(f.readAll());
    }

private Q_SLOTS:
    void fixtures_data()
    {
        QTest::addColumn<QString>("project");
        QTest::newRow("blog") << QStringLiteral("tests/fixtures/drizzle/blog/drizzle");
        QTest::newRow("fk-actions") << QStringLiteral("tests/fixtures/drizzle/fk-actions/drizzle");
        // drizzle-kit 1.0: <timestamp>_<name>/migration.sql + snapshot.json (version 7)
        QTest::newRow("v1/blog") << QStringLiteral("tests/fixtures/drizzle/v1/blog/drizzle");
        // drizzle-kit 1.0 on every SQLite entity kind of a version 7 snapshot, then table rebuilds
        // (tests/schemaplan/data/v7-features/regenerate.sh)
        QTest::newRow("v7-features") << QStringLiteral("tests/schemaplan/data/v7-features/drizzle");
    }

    void fixtures()
    {
        QFETCH(QString, project);
        const QString dir = sourceDir() + QLatin1Char('/') + project;
        auto folder = readMigrationFolder(dir);
        QVERIFY(folder.ok());
        TempDir tmp;
        const QList<MigrationSource>& migrations = folder->migrations;
        QVERIFY(migrations.size() >= 2);
        QString previousDb;
        SnapshotSchema previousSnapshot;
        for (int n = 0; n < migrations.size(); ++n) {
            const QString tag = migrations.at(n).name;
            const bool v1 = folder->layout == MigrationLayout::FolderPerMigration;
            const QString snapshotPath =
                v1 ? QFileInfo(migrations.at(n).path).dir().filePath(QStringLiteral("snapshot.json"))
                   : dir + QStringLiteral("/meta/%1_snapshot.json").arg(n, 4, 10, QLatin1Char('0'));
            const SnapshotSchema snap = snapshot(snapshotPath);

            // The database drizzle-kit's migrations 0…n make (breakpoint markers are SQL comments).
            const QString db = tmp.path(QStringLiteral("m%1.db").arg(n));
            if (!previousDb.isEmpty())
                QVERIFY(QFile::copy(previousDb, db));
            execRaw(db, readText(migrations.at(n).path));
            QCOMPARE(shapeWithoutTriggers(snap.schema), shapeOfDb(db));

            if (n > 0) {
                auto planned = planSchemaChange(previousSnapshot.schema, snap.schema, snap.renames,
                                                SchemaPlanOptions{false});
                QVERIFY2(planned.ok(), qPrintable(tag));
                const QString planned_db = tmp.path(QStringLiteral("p%1.db").arg(n));
                QVERIFY(QFile::copy(previousDb, planned_db));
                auto c = Connection::open(planned_db);
                QVERIFY(c.ok());
                auto ran = PlanRunner::run(*c.value(), planned->plan);
                if (!ran)
                    QFAIL(qPrintable(tag + QStringLiteral(": ") + ran.error().message() + QLatin1Char('\n') +
                                     planText(planned->plan)));
                c.value().reset();
                QVERIFY2(shapeOfDb(planned_db) == shapeOfDb(db),
                         qPrintable(tag + QLatin1Char('\n') + planText(planned->plan)));
                // A rename drizzle-kit recorded is a rename here too: no data loss marked.
                if (!snap.renames.isEmpty())
                    QVERIFY2(!planned->losesData, qPrintable(tag));
            }
            previousDb = db;
            previousSnapshot = snap;
        }
    }

    void refusesWhatItCannotRead()
    {
        QVERIFY(
            !schemaFromDrizzleSnapshot("{\"version\":\"6\",\"dialect\":\"postgresql\",\"tables\":{}}").ok());
        auto v8 = schemaFromDrizzleSnapshot("{\"version\":\"8\",\"dialect\":\"sqlite\",\"ddl\":[]}");
        QVERIFY(!v8.ok());
        QVERIFY2(v8.error().message().contains(QStringLiteral("“8”")), qPrintable(v8.error().message()));
        auto v7 = schemaFromDrizzleSnapshot("{\"version\":\"7\",\"dialect\":\"sqlite\",\"tables\":{}}");
        QVERIFY(!v7.ok());
        QVERIFY2(v7.error().message().contains(QStringLiteral("ddl")), qPrintable(v7.error().message()));
        auto unknown = schemaFromDrizzleSnapshot("{\"version\":\"7\",\"dialect\":\"sqlite\",\"ddl\":[{"
                                                 "\"entityType\":\"policies\",\"name\":\"p\"}]}");
        QVERIFY(!unknown.ok());
        QVERIFY2(unknown.error().message().contains(QStringLiteral("policies")),
                 qPrintable(unknown.error().message()));
        auto broken = schemaFromDrizzleSnapshot("{\"version\":\"6\",", QStringLiteral("x.json"));
        QVERIFY(!broken.ok());
        QVERIFY(broken.error().message().contains(QStringLiteral("JSON")));
    }
};

QTEST_GUILESS_MAIN(TestSnapshotPlan)
#include "tst_snapshot_plan.moc"
