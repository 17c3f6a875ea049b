// "Save as migration" (saveCustomMigration, `sluice diff --save-migration`) against what the real
// drizzle-kit writes for `generate --custom` (tests/fixtures/drizzle/custom-output, recorded by its
// regenerate.sh with drizzle-kit 0.x and 1.0), and against drizzle-orm's own migrator, which must apply
// the saved migration after which `sluice status` agrees that everything is applied.
#include "TestSupport.h"
#include "drizzle/CustomMigration.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>
#include <QUuid>

using namespace sluice;
using namespace sluice::test;

namespace {

QString fixture(const QString& rel)
{
    return QDir(sourceDir()).filePath(QStringLiteral("tests/fixtures/drizzle/custom-output/") + rel);
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QJsonObject readJson(const QString& path)
{
    return QJsonDocument::fromJson(readAll(path)).object();
}

bool copyTree(const QString& from, const QString& to)
{
    QDirIterator it(from, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString src = it.next();
        const QString dst = to + QLatin1Char('/') + QDir(from).relativeFilePath(src);
        QDir().mkpath(QFileInfo(dst).absolutePath());
        if (!QFile::copy(src, dst))
            return false;
    }
    return true;
}

// Every file and folder below `root` (relative path) with the files' contents: to prove nothing changed.
QMap<QString, QByteArray> tree(const QString& root)
{
    QMap<QString, QByteArray> out;
    QDirIterator it(root, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString p = it.next();
        out.insert(QDir(root).relativeFilePath(p), QFileInfo(p).isDir() ? QByteArray("<dir>") : readAll(p));
    }
    return out;
}

QString onlyNew(const QString& before, const QString& after)
{
    const QMap<QString, QByteArray> a = tree(before), b = tree(after);
    QStringList added;
    for (auto it = b.cbegin(); it != b.cend(); ++it)
        if (!a.contains(it.key()))
            added << it.key();
    return added.join(QLatin1Char(','));
}

QJsonObject withoutIds(QJsonObject o)
{
    o.remove(QStringLiteral("id"));
    o.remove(QStringLiteral("prevId"));
    o.remove(QStringLiteral("prevIds"));
    return o;
}

bool isUuidV4(const QString& s)
{
    const QUuid u = QUuid::fromString(s);
    return !u.isNull() && u.version() == QUuid::Random && s == u.toString(QUuid::WithoutBraces);
}

const QString kCustomSql = QStringLiteral("-- Custom SQL migration file, put your code below! --");

} // namespace

class CustomMigrationTest : public QObject
{
    Q_OBJECT

    QString m_node, m_modules, m_nodeMissing;

    // drizzle-orm's migrator (tests/interop/run-migrator.mjs) on `db`; "" on success, else why not.
    QString runMigrator(const QString& db, const QString& folder, bool v1)
    {
        QProcess p;
        p.setProcessEnvironment(QProcessEnvironment::systemEnvironment());
        p.start(m_node, {QDir(sourceDir()).filePath(QStringLiteral("tests/interop/run-migrator.mjs")), db,
                         folder, QStringLiteral("--orm"), v1 ? QStringLiteral("1") : QStringLiteral("0")});
        if (!p.waitForFinished(120000))
            return QStringLiteral("run-migrator did not finish");
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        if (p.exitCode() != 0 ||
            !QJsonDocument::fromJson(out.toUtf8()).object().value(QStringLiteral("ok")).toBool())
            return out + QString::fromUtf8(p.readAllStandardError());
        return {};
    }

    // Sluice writes the fixture's custom migration into a copy of the `before` folder; returns that copy.
    QString saveIntoCopy(TempDir& tmp, const QString& layout, SavedMigration* saved)
    {
        const QString folder = tmp.path(QStringLiteral("drizzle"));
        if (!copyTree(fixture(layout + QStringLiteral("/before")), folder))
            return {};
        auto r = saveCustomMigration(folder, QStringLiteral("hand_written"), kCustomSql);
        if (!r) {
            qWarning("%s", qPrintable(r.error().message()));
            return {};
        }
        *saved = r.value();
        return folder;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_node = qEnvironmentVariable("SLUICE_NODE");
        m_modules = qEnvironmentVariable("SLUICE_INTEROP_MODULES");
        if (m_node.isEmpty())
            m_nodeMissing = QStringLiteral("node not found at configure time");
        for (const char* module : {"drizzle-orm", "drizzle-orm-v1", "better-sqlite3"})
            if (m_nodeMissing.isEmpty() &&
                !QFileInfo::exists(QDir(m_modules).filePath(
                    QStringLiteral("node_modules/%1/package.json").arg(QLatin1String(module)))))
                m_nodeMissing =
                    QStringLiteral("%1 is not installed in %2/node_modules (./dev test installs it)")
                        .arg(QLatin1String(module), m_modules);
        QVERIFY(QFileInfo::exists(fixture(QStringLiteral("journal/after/meta/_journal.json"))));
    }

    // Journal layout: the same files as drizzle-kit 0.x, the journal identical but for `when`, the
    // snapshot identical but for id and prevId (prevId = the previous snapshot's id).
    void journalLayoutMatchesDrizzleKit()
    {
        TempDir tmp;
        SavedMigration saved;
        const qint64 started = QDateTime::currentMSecsSinceEpoch();
        const QString folder = saveIntoCopy(tmp, QStringLiteral("journal"), &saved);
        QVERIFY(!folder.isEmpty());
        const QString kit = fixture(QStringLiteral("journal/after"));
        QCOMPARE(QStringList(tree(folder).keys()), QStringList(tree(kit).keys()));
        QCOMPARE(saved.tag, QStringLiteral("0001_hand_written"));
        QCOMPARE(saved.sqlPath, QDir(folder).filePath(QStringLiteral("0001_hand_written.sql")));
        QCOMPARE(saved.snapshotPath, QDir(folder).filePath(QStringLiteral("meta/0001_snapshot.json")));
        QCOMPARE(saved.journalPath, QDir(folder).filePath(QStringLiteral("meta/_journal.json")));
        QCOMPARE(readAll(saved.sqlPath), readAll(kit + QStringLiteral("/0001_hand_written.sql")));

        static const QRegularExpression when(QStringLiteral("\"when\": \\d+"));
        const QString ours = QString::fromUtf8(readAll(saved.journalPath));
        const QString theirs = QString::fromUtf8(readAll(kit + QStringLiteral("/meta/_journal.json")));
        QCOMPARE(QString(ours).replace(when, QStringLiteral("\"when\": W")),
                 QString(theirs).replace(when, QStringLiteral("\"when\": W")));
        const QJsonArray entries = readJson(saved.journalPath).value(QStringLiteral("entries")).toArray();
        const qint64 newWhen = qint64(entries[1].toObject().value(QStringLiteral("when")).toDouble());
        QVERIFY(newWhen > qint64(entries[0].toObject().value(QStringLiteral("when")).toDouble()));
        QVERIFY(newWhen >= started && newWhen <= QDateTime::currentMSecsSinceEpoch());

        const QJsonObject prev = readJson(QDir(folder).filePath(QStringLiteral("meta/0000_snapshot.json")));
        const QJsonObject mine = readJson(saved.snapshotPath);
        const QJsonObject kits = readJson(kit + QStringLiteral("/meta/0001_snapshot.json"));
        QCOMPARE(withoutIds(mine), withoutIds(kits));
        QCOMPARE(mine.value(QStringLiteral("prevId")), prev.value(QStringLiteral("id")));
        QCOMPARE(kits.value(QStringLiteral("prevId")),
                 readJson(kit + QStringLiteral("/meta/0000_snapshot.json")).value(QStringLiteral("id")));
        QVERIFY(isUuidV4(mine.value(QStringLiteral("id")).toString()));
        QVERIFY(mine.value(QStringLiteral("id")) != prev.value(QStringLiteral("id")));
        // Written as JSON.stringify(x, null, 2), no trailing newline: the first lines are drizzle-kit's.
        const QByteArray text = readAll(saved.snapshotPath);
        QVERIFY(text.startsWith("{\n  \"id\": \""));
        QVERIFY(text.endsWith("\n}"));
    }

    // Folder layout: <14-digit UTC second>_hand_written/{migration.sql, snapshot.json} as drizzle-kit
    // 1.0 writes them; the snapshot identical but for id and prevIds.
    void folderLayoutMatchesDrizzleKit()
    {
        TempDir tmp;
        SavedMigration saved;
        const QString folder = saveIntoCopy(tmp, QStringLiteral("folders"), &saved);
        QVERIFY(!folder.isEmpty());
        const QString kit = fixture(QStringLiteral("folders/after"));
        static const QRegularExpression stamp(QStringLiteral("^\\d{14}_"));
        auto shape = [](const QMap<QString, QByteArray>& t) {
            QStringList keys = t.keys();
            for (QString& k : keys)
                k.replace(stamp, QStringLiteral("T_"));
            keys.sort();
            return keys;
        };
        QCOMPARE(shape(tree(folder)), shape(tree(kit)));
        QVERIFY(saved.journalPath.isEmpty());
        QVERIFY2(QRegularExpression(QStringLiteral("^\\d{14}_hand_written$")).match(saved.tag).hasMatch(),
                 qPrintable(saved.tag));
        const QString now = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddHHmmss"));
        QVERIFY(saved.tag.left(14) <= now);
        QVERIFY(saved.tag.left(14) >
                QDateTime::currentDateTimeUtc().addSecs(-60).toString(QStringLiteral("yyyyMMddHHmmss")));

        QString kitCustom, prevName;
        for (const QString& d : QDir(kit).entryList(QDir::Dirs | QDir::NoDotAndDotDot))
            if (d.endsWith(QLatin1String("_hand_written")))
                kitCustom = d;
            else
                prevName = d;
        QCOMPARE(readAll(saved.sqlPath),
                 readAll(kit + QLatin1Char('/') + kitCustom + QStringLiteral("/migration.sql")));
        const QJsonObject prev = readJson(QDir(folder).filePath(prevName + QStringLiteral("/snapshot.json")));
        const QJsonObject mine = readJson(saved.snapshotPath);
        const QJsonObject kits =
            readJson(kit + QLatin1Char('/') + kitCustom + QStringLiteral("/snapshot.json"));
        QCOMPARE(withoutIds(mine), withoutIds(kits));
        QCOMPARE(mine.value(QStringLiteral("prevIds")).toArray(),
                 QJsonArray{prev.value(QStringLiteral("id"))});
        QCOMPARE(kits.value(QStringLiteral("prevIds")).toArray().size(), 1);
        QVERIFY(isUuidV4(mine.value(QStringLiteral("id")).toString()));
    }

    // A folder whose last migration is stamped in the future (another machine's clock): the new one
    // still sorts after it, so drizzle 1.0 applies it last.
    void folderLayoutStaysAfterAFutureStamp()
    {
        TempDir tmp;
        const QString folder = tmp.path(QStringLiteral("drizzle"));
        QVERIFY(copyTree(fixture(QStringLiteral("folders/before")), folder));
        const QString old = QDir(folder).entryList(QDir::Dirs | QDir::NoDotAndDotDot).first();
        const QString future = QStringLiteral("29990101000000_init");
        QVERIFY(QDir(folder).rename(old, future));
        auto r = saveCustomMigration(folder, QStringLiteral("later"), QStringLiteral("SELECT 1;"));
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message()));
        QCOMPARE(r->tag, QStringLiteral("29990101000001_later"));
    }

    // Bad input is refused with the reason, and the folder is left exactly as it was.
    void refusals_data()
    {
        QTest::addColumn<QString>("layout");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("prepare"); // what to do to the folder first
        QTest::addColumn<QString>("expected");
        QTest::newRow("slash") << "journal"
                               << "a/b"
                               << ""
                               << "path separator";
        QTest::newRow("backslash") << "folders"
                                   << "a\\b"
                                   << ""
                                   << "path separator";
        QTest::newRow("dotdot") << "journal"
                                << ".."
                                << ""
                                << "path separator";
        QTest::newRow("empty") << "journal"
                               << " "
                               << ""
                               << "name is empty";
        QTest::newRow("no SQL") << "journal"
                                << "x"
                                << "nosql"
                                << "has no SQL";
        QTest::newRow("not a migrations folder") << "empty"
                                                 << "x"
                                                 << ""
                                                 << "is not a Drizzle migrations folder";
        QTest::newRow("stray file with the tag") << "journal"
                                                 << "x"
                                                 << "stray"
                                                 << "already exists";
        QTest::newRow("existing tag in the journal") << "journal"
                                                     << "x"
                                                     << "entry"
                                                     << "already has a migration";
        QTest::newRow("no previous snapshot") << "journal"
                                              << "x"
                                              << "nosnapshot"
                                              << "is missing";
        QTest::newRow("no previous snapshot (folders)") << "folders"
                                                        << "x"
                                                        << "nosnapshot"
                                                        << "has no snapshot.json";
        QTest::newRow("broken journal") << "journal"
                                        << "x"
                                        << "badjournal"
                                        << "is not a Drizzle migrations folder";
        QTest::newRow("name too long for a file name") << "journal" << QString(260, QLatin1Char('n')) << ""
                                                       << "cannot create";
        QTest::newRow("name too long (folders)") << "folders" << QString(260, QLatin1Char('n')) << ""
                                                 << "cannot create";
    }
    void refusals()
    {
        QFETCH(QString, layout);
        QFETCH(QString, name);
        QFETCH(QString, prepare);
        QFETCH(QString, expected);
        TempDir tmp;
        const QString folder = tmp.path(QStringLiteral("drizzle"));
        QDir().mkpath(folder);
        if (layout != QLatin1String("empty"))
            QVERIFY(copyTree(fixture(layout + QStringLiteral("/before")), folder));
        const QDir d(folder);
        auto write = [&](const QString& rel, const QByteArray& data) {
            QFile f(d.filePath(rel));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(data);
        };
        if (prepare == QLatin1String("stray"))
            write(QStringLiteral("0001_x.sql"), "SELECT 1;");
        if (prepare == QLatin1String("entry")) {
            // A hand-edited journal that already lists 0001_x (without its file).
            QJsonObject j = readJson(d.filePath(QStringLiteral("meta/_journal.json")));
            QJsonArray entries = j.value(QStringLiteral("entries")).toArray();
            QJsonObject e = entries[0].toObject();
            e.insert(QStringLiteral("tag"), QStringLiteral("0001_x"));
            entries.append(e);
            j.insert(QStringLiteral("entries"), entries);
            write(QStringLiteral("meta/_journal.json"), QJsonDocument(j).toJson());
        }
        if (prepare == QLatin1String("nosnapshot")) {
            if (layout == QLatin1String("journal"))
                QVERIFY(QFile::remove(d.filePath(QStringLiteral("meta/0000_snapshot.json"))));
            else
                QVERIFY(QFile::remove(d.filePath(d.entryList(QDir::Dirs | QDir::NoDotAndDotDot).first() +
                                                 QStringLiteral("/snapshot.json"))));
        }
        if (prepare == QLatin1String("badjournal"))
            write(QStringLiteral("meta/_journal.json"), "{ \"version\": \"7\", ");
        const QMap<QString, QByteArray> before = tree(folder);
        auto r = saveCustomMigration(folder, name,
                                     prepare == QLatin1String("nosql") ? QStringLiteral(" \n") : kCustomSql);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message().contains(expected), qPrintable(r.error().message()));
        QCOMPARE(tree(folder), before);
    }

    // drizzle-orm's migrator applies what `sluice diff --save-migration` wrote (a real change: a new
    // table and a new column), keeps the existing rows, and `sluice status` then says all is applied.
    void drizzleAppliesTheSavedMigration_data()
    {
        QTest::addColumn<bool>("v1");
        QTest::newRow("drizzle-orm 0.x, journal") << false;
        QTest::newRow("drizzle-orm 1.0, folders") << true;
    }
    void drizzleAppliesTheSavedMigration()
    {
        QFETCH(bool, v1);
        if (!m_nodeMissing.isEmpty())
            QSKIP(qPrintable(m_nodeMissing));
        TempDir tmp;
        const QString folder = tmp.path(QStringLiteral("drizzle"));
        QVERIFY(copyTree(fixture(v1 ? QStringLiteral("folders/before") : QStringLiteral("journal/before")),
                         folder));
        const QString db = tmp.path(QStringLiteral("app.db"));
        QString e = runMigrator(db, folder, v1);
        QVERIFY2(e.isEmpty(), qPrintable(e));
        execRaw(db, QStringLiteral("INSERT INTO users(email, name) VALUES ('a@x', 'Ann'), ('b@x', 'Bob');"));

        // The wanted schema: the database plus an audit table and a column.
        const QString target = tmp.path(QStringLiteral("target.db"));
        QVERIFY(QFile::copy(db, target));
        execRaw(target,
                QStringLiteral("CREATE TABLE audit (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES "
                               "users(id) ON DELETE CASCADE, note TEXT NOT NULL DEFAULT '');"
                               "CREATE INDEX audit_user_idx ON audit(user_id);"
                               "ALTER TABLE users ADD COLUMN nickname TEXT;"));
        const ProcessResult saved =
            runSluice({QStringLiteral("diff"), db, target, QStringLiteral("--save-migration"), folder,
                       QStringLiteral("--name"), QStringLiteral("add_audit")});
        QVERIFY2(saved.exitCode == 0, qPrintable(saved.out + saved.err));
        QVERIFY2(saved.out.contains(QStringLiteral("_add_audit")), qPrintable(saved.out));
        QVERIFY2(saved.out.contains(v1 ? QStringLiteral("snapshot.json") : QStringLiteral("_journal.json")),
                 qPrintable(saved.out));

        e = runMigrator(db, folder, v1);
        QVERIFY2(e.isEmpty(), qPrintable(e));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM __drizzle_migrations")),
                 QStringLiteral("2"));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT group_concat(name, ',') FROM users")),
                 QStringLiteral("Ann,Bob"));
        QCOMPARE(queryRaw(db, QStringLiteral(
                                  "SELECT count(*) FROM pragma_table_info('users') WHERE name = 'nickname'")),
                 QStringLiteral("1"));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE name IN ('audit', "
                                             "'audit_user_idx')")),
                 QStringLiteral("2"));

        const ProcessResult status = runSluice(
            {QStringLiteral("status"), db, QStringLiteral("--migrations"), folder, QStringLiteral("--json")});
        QVERIFY2(status.exitCode == 0, qPrintable(status.out + status.err));
        const QJsonObject s = QJsonDocument::fromJson(status.out.toUtf8()).object();
        QVERIFY(s.value(QStringLiteral("upToDate")).toBool());
        const QJsonArray items = s.value(QStringLiteral("migrations")).toArray();
        QCOMPARE(items.size(), 2);
        QVERIFY(items[1]
                    .toObject()
                    .value(QStringLiteral("name"))
                    .toString()
                    .endsWith(QLatin1String("_add_audit")));
        QCOMPARE(items[1].toObject().value(QStringLiteral("state")).toString(), QStringLiteral("applied"));
        QCOMPARE(items[1].toObject().value(QStringLiteral("recordedHash")),
                 items[1].toObject().value(QStringLiteral("hash")));

        // And the schemas now agree: nothing left to migrate.
        const ProcessResult again = runSluice({QStringLiteral("diff"), db, target});
        QVERIFY2(again.exitCode == 0, qPrintable(again.out + again.err));
    }

    // The CLI refuses what makes no sense, and writes nothing then.
    void cliRefusals()
    {
        TempDir tmp;
        const QString folder = tmp.path(QStringLiteral("drizzle"));
        QVERIFY(copyTree(fixture(QStringLiteral("journal/before")), folder));
        const QString a = tmp.path(QStringLiteral("a.sql")), b = tmp.path(QStringLiteral("b.sql"));
        QFile fa(a), fb(b);
        QVERIFY(fa.open(QIODevice::WriteOnly) && fb.open(QIODevice::WriteOnly));
        fa.write("CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT);");
        fb.write("CREATE TABLE t (id INTEGER PRIMARY KEY);");
        fa.close();
        fb.close();
        const QMap<QString, QByteArray> before = tree(folder);
        const QString save = QStringLiteral("--save-migration");
        ProcessResult r = runSluice({QStringLiteral("diff"), a, b, save, folder});
        QVERIFY2(r.exitCode != 0 && r.err.contains(QStringLiteral("--name")), qPrintable(r.err));
        r = runSluice(
            {QStringLiteral("diff"), a, b, save, folder, QStringLiteral("--name"), QStringLiteral("drop_x")});
        QVERIFY2(r.exitCode != 0 && r.err.contains(QStringLiteral("drops data")), qPrintable(r.err));
        QCOMPARE(tree(folder), before);
        r = runSluice({QStringLiteral("diff"), a, b, save, folder, QStringLiteral("--name"),
                       QStringLiteral("drop_x"), QStringLiteral("--apply"),
                       tmp.path(QStringLiteral("x.db"))});
        QVERIFY2(r.exitCode != 0 && r.err.contains(QStringLiteral("do not go together")), qPrintable(r.err));
        QCOMPARE(tree(folder), before);
        r = runSluice({QStringLiteral("diff"), a, b, QStringLiteral("--name"), QStringLiteral("drop_x")});
        QVERIFY2(r.exitCode != 0 && r.err.contains(QStringLiteral("--save-migration")), qPrintable(r.err));
        // With --yes it is saved; the file holds the drizzle form of the plan.
        r = runSluice({QStringLiteral("diff"), a, b, save, folder, QStringLiteral("--name"),
                       QStringLiteral("drop_x"), QStringLiteral("--yes")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        const QByteArray sql = readAll(QDir(folder).filePath(QStringLiteral("0001_drop_x.sql")));
        QVERIFY2(sql.contains("DROP COLUMN"), sql.constData());
        QVERIFY(!sql.contains("BEGIN"));
        QCOMPARE(onlyNew(fixture(QStringLiteral("journal/before")), folder),
                 QStringLiteral("0001_drop_x.sql,meta/0001_snapshot.json"));
    }
};

QTEST_GUILESS_MAIN(CustomMigrationTest)
#include "tst_custom_migration.moc"
