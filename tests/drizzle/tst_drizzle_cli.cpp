// `sluice status` and `sluice doctor` run as real processes: exit codes, text, JSON, and that the
// database is never written.
#include "DrizzleTestUtil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace sluice;
using namespace sluice::test;

namespace {

QJsonObject parseJson(const ProcessResult& r)
{
    QJsonParseError e;
    const QJsonDocument d = QJsonDocument::fromJson(r.out.toUtf8(), &e);
    if (e.error != QJsonParseError::NoError)
        qWarning("not JSON: %s\n%s", qPrintable(e.errorString()), qPrintable(r.out));
    return d.object();
}

QStringList findingKinds(const QJsonObject& o)
{
    QStringList kinds;
    for (const QJsonValue& f : o.value(QStringLiteral("findings")).toArray())
        kinds.append(f.toObject().value(QStringLiteral("kind")).toString());
    return kinds;
}

} // namespace

class TestDrizzleCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void statusDemoPending()
    {
        TempDir dir;
        const QString root = dir.path(QStringLiteral("proj"));
        copyDemoProject(root);
        const QString db = root + QStringLiteral("/data/demo.db");
        QVERIFY(makeDemoDb(db, 2));
        const QByteArray before = fileSha256(db);

        // Project discovered from the database's location (data/ → its parent has the config).
        ProcessResult r = runSluice({QStringLiteral("status"), db});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("4 applied, 2 pending")));
        QVERIFY(r.out.contains(QRegularExpression(QStringLiteral("✓ applied\\s+0000_init"))));
        QVERIFY(r.out.contains(QRegularExpression(QStringLiteral("→ pending\\s+0005_add_sessions"))));

        r = runSluice({QStringLiteral("status"), db, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 1);
        const QJsonObject o = parseJson(r);
        QCOMPARE(o.value(QStringLiteral("layout")).toString(), QStringLiteral("journal"));
        QCOMPARE(o.value(QStringLiteral("counts")).toObject().value(QStringLiteral("applied")).toInt(), 4);
        QCOMPARE(o.value(QStringLiteral("counts")).toObject().value(QStringLiteral("pending")).toInt(), 2);
        QCOMPARE(o.value(QStringLiteral("counts")).toObject().value(QStringLiteral("out-of-order")).toInt(),
                 0);
        QCOMPARE(o.value(QStringLiteral("upToDate")).toBool(), false);
        QCOMPARE(o.value(QStringLiteral("lastCreatedAt")).toInteger(), Q_INT64_C(1795303298557));
        const QJsonArray items = o.value(QStringLiteral("migrations")).toArray();
        QCOMPARE(items.size(), 6);
        const QJsonObject first = items.first().toObject();
        QCOMPARE(first.value(QStringLiteral("name")).toString(), QStringLiteral("0000_init"));
        QCOMPARE(first.value(QStringLiteral("hash")).toString(),
                 QString::fromLatin1(fileSha256(root + QStringLiteral("/drizzle/0000_init.sql"))));
        QCOMPARE(first.value(QStringLiteral("recordedHash")).toString(),
                 first.value(QStringLiteral("hash")).toString());
        QCOMPARE(first.value(QStringLiteral("createdAt")).toInteger(), Q_INT64_C(1795303295616));
        QVERIFY(first.value(QStringLiteral("rowid")).toInteger() == 1);
        QCOMPARE(items.last().toObject().value(QStringLiteral("state")).toString(),
                 QStringLiteral("pending"));
        QCOMPARE(fileSha256(db), before); // read-only

        // Everything applied: exit 0.
        QVERIFY(makeDemoDb(db, 0));
        r = runSluice({QStringLiteral("status"), db, QStringLiteral("--migrations"),
                       root + QStringLiteral("/drizzle")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("6 applied, 0 pending")));
        QVERIFY(r.out.contains(QStringLiteral("Up to date.")));
    }

    void statusMissingDatabaseIsAFirstDeploy()
    {
        TempDir dir;
        const QString root = dir.path(QStringLiteral("proj"));
        copyDemoProject(root);
        const QString db = root + QStringLiteral("/data/not-yet.db");
        ProcessResult r = runSluice({QStringLiteral("status"), db});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.contains(QStringLiteral("does not exist yet")));
        QVERIFY(r.out.contains(QStringLiteral("0 applied, 6 pending")));
        QVERIFY(!QFileInfo::exists(db)); // not created
        r = runSluice({QStringLiteral("status"), db, QStringLiteral("--json")});
        QCOMPARE(parseJson(r).value(QStringLiteral("databaseExists")).toBool(), false);
    }

    void statusCannotRun()
    {
        TempDir dir;
        // No config anywhere around and no --migrations.
        const QString db = dir.makeDb(QStringLiteral("lone.db"), QStringLiteral("CREATE TABLE t (x);"));
        ProcessResult r = runSluice({QStringLiteral("status"), db});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("--migrations")));
        // Malformed journal.
        putFile(dir.path(QString()), QStringLiteral("m/meta/_journal.json"), "{ \"entries\": [ }");
        r = runSluice(
            {QStringLiteral("status"), db, QStringLiteral("--migrations"), dir.path(QStringLiteral("m"))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("_journal.json")));
        QVERIFY(r.err.contains(QStringLiteral("line 1")));
        // Not a database.
        putFile(dir.path(QString()), QStringLiteral("m2/meta/_journal.json"), "{\"entries\": []}");
        const QString notDb = putFile(dir.path(QString()), QStringLiteral("junk.db"), QByteArray(4096, 'x'));
        r = runSluice({QStringLiteral("status"), notDb, QStringLiteral("--migrations"),
                       dir.path(QStringLiteral("m2"))});
        QCOMPARE(r.exitCode, 2);
        // Help lists both verbs.
        r = runSluice({QStringLiteral("--help")});
        QVERIFY(r.out.contains(QStringLiteral("status DB")));
        QVERIFY(r.out.contains(QStringLiteral("doctor DIR")));
    }

    void statusFolderLayoutByName()
    {
        TempDir dir;
        const QString root = dir.path(QStringLiteral("m"));
        putFile(root, QStringLiteral("20250101120000_init/migration.sql"), "CREATE TABLE a (x);");
        putFile(root, QStringLiteral("20250102120000_more/migration.sql"), "CREATE TABLE b (x);");
        const QString db =
            dir.makeDb(QStringLiteral("x.db"),
                       QStringLiteral("CREATE TABLE __drizzle_migrations (id INTEGER PRIMARY KEY, hash "
                                      "text NOT NULL, created_at numeric, name text, applied_at TEXT);"
                                      "INSERT INTO __drizzle_migrations (hash, created_at, name) VALUES "
                                      "('%1', 1735732800000, '20250101120000_init');")
                           .arg(QString::fromLatin1(
                               fileSha256(root + QStringLiteral("/20250101120000_init/migration.sql")))));
        ProcessResult r = runSluice(
            {QStringLiteral("status"), db, QStringLiteral("--migrations"), root, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 1);
        const QJsonObject o = parseJson(r);
        QCOMPARE(o.value(QStringLiteral("layout")).toString(), QStringLiteral("folder-per-migration"));
        QCOMPARE(o.value(QStringLiteral("counts")).toObject().value(QStringLiteral("applied")).toInt(), 1);
        QCOMPARE(o.value(QStringLiteral("counts")).toObject().value(QStringLiteral("pending")).toInt(), 1);
    }

    void doctorMountDisagreesWithEnv()
    {
        TempDir dir;
        const QString root = dir.path(QStringLiteral("app"));
        copyDemoProject(root); // config: process.env.DATABASE_URL ?? 'file:./data/demo.db'; .env the same
        QDir().mkpath(root + QStringLiteral("/data"));
        putFile(root, QStringLiteral("docker-compose.yml"),
                "services:\n  web:\n    build: .\n    env_file:\n      - production.env\n    volumes:\n"
                "      - ./db:/app/data   # the database lives here\n");
        putFile(root, QStringLiteral("production.env"), "DATABASE_URL=file:/app/data/demo.db\n");
        putFile(root, QStringLiteral("Dockerfile"),
                "FROM node:20\nWORKDIR /app\nENV DATABASE_URL=file:./data/demo.db\nCMD [\"node\", "
                "\"server.js\"]\n");
        QDir().mkpath(root + QStringLiteral("/db"));

        ProcessResult r = runSluice({QStringLiteral("doctor"), root, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 1);
        const QJsonObject o = parseJson(r);
        QCOMPARE(findingKinds(o), QStringList{QStringLiteral("paths-disagree")});
        const QJsonObject f = o.value(QStringLiteral("findings")).toArray().first().toObject();
        const QString message = f.value(QStringLiteral("message")).toString();
        QVERIFY2(message.contains(root + QStringLiteral("/db/demo.db")), qPrintable(message));
        QVERIFY(message.contains(root + QStringLiteral("/data/demo.db")));
        QVERIFY(message.contains(QStringLiteral("docker-compose.yml line 7")));
        const QStringList files = f.value(QStringLiteral("files")).toVariant().toStringList();
        QVERIFY(files.contains(root + QStringLiteral("/production.env")));
        QVERIFY(files.contains(root + QStringLiteral("/.env")));
        QVERIFY(files.contains(root + QStringLiteral("/docker-compose.yml")));

        // Text output names the same things.
        r = runSluice({QStringLiteral("doctor"), root});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.contains(QStringLiteral("paths-disagree")));
        QVERIFY(r.out.contains(QStringLiteral("1 problem(s) found.")));

        // Fix the mount: no findings.
        putFile(root, QStringLiteral("docker-compose.yml"),
                "services:\n  web:\n    build: .\n    env_file: production.env\n    volumes:\n"
                "      - ./data:/app/data\n");
        r = runSluice({QStringLiteral("doctor"), root});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("No problems found.")));
    }

    void doctorPushEntrypointAndMissingFolder()
    {
        TempDir dir;
        const QString root = dir.path(QStringLiteral("app"));
        copyDemoProject(root); // has drizzle/ migrations; data/ does not exist in the copy
        putFile(root, QStringLiteral("docker-entrypoint.sh"),
                "#!/bin/sh\nset -e\n# apply the schema\nnpx drizzle-kit push --force\nexec node server.js\n");
        ProcessResult r = runSluice({QStringLiteral("doctor"), root, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 1);
        const QJsonObject o = parseJson(r);
        const QStringList kinds = findingKinds(o);
        QVERIFY2(kinds.contains(QStringLiteral("push-with-migrations")),
                 qPrintable(kinds.join(QLatin1Char(','))));
        QVERIFY(kinds.contains(QStringLiteral("folder-missing")));
        for (const QJsonValue& v : o.value(QStringLiteral("findings")).toArray()) {
            const QJsonObject f = v.toObject();
            if (f.value(QStringLiteral("kind")).toString() == QLatin1String("push-with-migrations")) {
                QVERIFY(f.value(QStringLiteral("message"))
                            .toString()
                            .contains(QStringLiteral("docker-entrypoint.sh line 4")));
                QVERIFY(f.value(QStringLiteral("message"))
                            .toString()
                            .contains(QStringLiteral("__drizzle_migrations")));
            }
        }
        // compose `command:` too.
        QFile::remove(root + QStringLiteral("/docker-entrypoint.sh"));
        QDir().mkpath(root + QStringLiteral("/data"));
        putFile(root, QStringLiteral("compose.yaml"),
                "services:\n  app:\n    image: app\n    command: sh -c \"npx drizzle-kit push && node "
                "server.js\"\n"
                "    environment:\n      - DATABASE_URL=file:/data/demo.db\n    volumes:\n      - "
                "./data:/data\n");
        r = runSluice({QStringLiteral("doctor"), root, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(findingKinds(parseJson(r)), QStringList{QStringLiteral("push-with-migrations")});

        // Host-side files that disagree, and a container database on no volume.
        QFile::remove(root + QStringLiteral("/compose.yaml"));
        putFile(root, QStringLiteral(".env"), "DATABASE_URL=file:./data/other.db\n");
        putFile(root, QStringLiteral("docker-compose.yml"),
                "services:\n  app:\n    image: app\n    environment:\n      DATABASE_URL: "
                "\"file:/srv/app.db\"\n");
        r = runSluice({QStringLiteral("doctor"), root, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 1);
        const QJsonObject o2 = parseJson(r);
        QCOMPARE(findingKinds(o2),
                 (QStringList{QStringLiteral("not-on-volume"), QStringLiteral("paths-disagree")}));
        for (const QJsonValue& v : o2.value(QStringLiteral("findings")).toArray()) {
            const QString m = v.toObject().value(QStringLiteral("message")).toString();
            if (v.toObject().value(QStringLiteral("kind")).toString() == QLatin1String("paths-disagree")) {
                QVERIFY(m.contains(QStringLiteral(".env line 1: DATABASE_URL=file:./data/other.db")));
                QVERIFY(m.contains(QStringLiteral(
                    "drizzle.config.ts line 8: dbCredentials.url fallback=file:./data/demo.db")));
            } else {
                QVERIFY(m.contains(QStringLiteral("/srv/app.db")));
            }
        }

        // Not a folder: cannot run.
        r = runSluice({QStringLiteral("doctor"), root + QStringLiteral("/nope")});
        QCOMPARE(r.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestDrizzleCli)
#include "tst_drizzle_cli.moc"
