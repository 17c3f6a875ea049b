#include "HealthTestData.h"
#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace sluice::test;

namespace {

QJsonObject parse(const ProcessResult& r)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("not JSON: %s\n%s", qPrintable(error.errorString()), qPrintable(r.out));
    return doc.object();
}

} // namespace

class TestHealthCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cleanDatabaseExitsZero()
    {
        TempDir dir;
        const QString db =
            dir.makeDb(QStringLiteral("clean.db"),
                       QStringLiteral("CREATE TABLE a(id INTEGER PRIMARY KEY);"
                                      "CREATE TABLE b(id INTEGER PRIMARY KEY, a_id REFERENCES a(id));"
                                      "INSERT INTO a VALUES (1); INSERT INTO b VALUES (1, 1);"));
        const QByteArray sha = fileSha256(db);
        const ProcessResult r = runSluice({QStringLiteral("check"), db});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY(r.out.contains(QStringLiteral("Integrity:  ok")));
        QVERIFY(r.out.contains(QStringLiteral("Foreign keys: ok")));
        QVERIFY(r.out.contains(QStringLiteral("Migrations: not checked")));
        QVERIFY(r.out.contains(QStringLiteral("Clean.")));
        QCOMPARE(fileSha256(db), sha); // a check never writes

        const ProcessResult j =
            runSluice({QStringLiteral("check"), db, QStringLiteral("--json"), QStringLiteral("--quick")});
        QCOMPARE(j.exitCode, 0);
        const QJsonObject o = parse(j);
        QCOMPARE(o.value(QStringLiteral("exitCode")).toInt(-1), 0);
        QCOMPARE(o.value(QStringLiteral("integrity"))[QStringLiteral("mode")].toString(),
                 QStringLiteral("quick_check"));
        QVERIFY(o.value(QStringLiteral("integrity"))[QStringLiteral("ok")].toBool());
        QVERIFY(o.value(QStringLiteral("foreignKeys"))[QStringLiteral("ok")].toBool());
        QVERIFY(o.value(QStringLiteral("migrations"))[QStringLiteral("note")].toString().contains(
            QStringLiteral("not checked")));
    }

    void corruptDatabaseExitsOne()
    {
        TempDir dir;
        const QString db = makeCorruptDb(dir, QStringLiteral("bad.db"));
        const ProcessResult r = runSluice({QStringLiteral("check"), db});
        QVERIFY2(r.exitCode == 1, qPrintable(r.out + r.err));
        QVERIFY(r.out.contains(QStringLiteral("✗ Integrity:")));
        QVERIFY(r.out.contains(QStringLiteral("Problems found.")));
        const ProcessResult j = runSluice({QStringLiteral("check"), db, QStringLiteral("--json"),
                                           QStringLiteral("--max-errors"), QStringLiteral("1")});
        QCOMPARE(j.exitCode, 1);
        const QJsonObject integrity = parse(j).value(QStringLiteral("integrity")).toObject();
        QVERIFY(!integrity.value(QStringLiteral("ok")).toBool(true));
        QCOMPARE(integrity.value(QStringLiteral("problems")).toArray().size(), 1);
        QCOMPARE(integrity.value(QStringLiteral("maxErrors")).toInt(), 1);
    }

    void foreignKeyViolationsExitOne()
    {
        TempDir dir;
        const QString db = makeForeignKeyViolationDb(dir, QStringLiteral("fk.db"));
        const ProcessResult r = runSluice({QStringLiteral("check"), db});
        QVERIFY2(r.exitCode == 1, qPrintable(r.out + r.err));
        QVERIFY2(
            r.out.contains(QStringLiteral("comments rowid 2: comments.post_id → posts.id (post_id = 42)")),
            qPrintable(r.out));
        const ProcessResult j = runSluice({QStringLiteral("check"), db, QStringLiteral("--json")});
        QCOMPARE(j.exitCode, 1);
        const QJsonArray rows =
            parse(j).value(QStringLiteral("foreignKeys"))[QStringLiteral("violations")].toArray();
        QCOMPARE(rows.size(), 3);
        QJsonObject first;
        for (const QJsonValue& row : rows)
            if (row[QStringLiteral("table")].toString() == QLatin1String("comments") && first.isEmpty())
                first = row.toObject();
        QCOMPARE(first.value(QStringLiteral("table")).toString(), QStringLiteral("comments"));
        QCOMPARE(first.value(QStringLiteral("rowid")).toInt(), 2);
        QCOMPARE(first.value(QStringLiteral("parentTable")).toString(), QStringLiteral("posts"));
        QCOMPARE(first.value(QStringLiteral("fkIndex")).toInt(-1), 0);
        QCOMPARE(first.value(QStringLiteral("columns")).toArray().first().toString(),
                 QStringLiteral("post_id"));
        QCOMPARE(first.value(QStringLiteral("parentColumns")).toArray().first().toString(),
                 QStringLiteral("id"));
        QCOMPARE(first.value(QStringLiteral("values")).toArray().first().toInt(), 42);
    }

    void notADatabaseExitsTwo()
    {
        TempDir dir;
        const QString path =
            dir.writeFile(QStringLiteral("notes.txt"), QByteArray("plain text, not SQLite\n").repeated(200));
        const QByteArray sha = fileSha256(path);
        const ProcessResult r = runSluice({QStringLiteral("check"), path});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("not a database"), Qt::CaseInsensitive), qPrintable(r.err));
        QCOMPARE(fileSha256(path), sha);
        const ProcessResult missing =
            runSluice({QStringLiteral("check"), dir.path(QStringLiteral("nope.db"))});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(missing.err.contains(QStringLiteral("no such file")));
        const ProcessResult badCap =
            runSluice({QStringLiteral("check"), path, QStringLiteral("--max-errors"), QStringLiteral("0")});
        QCOMPARE(badCap.exitCode, 2);
        QVERIFY(badCap.err.contains(QStringLiteral("--max-errors")));
    }

    void migrationsTableIsValidatedInsideAProject()
    {
        TempDir dir;
        const QString db = makeDrizzleProjectDb(dir);
        const ProcessResult ok = runSluice({QStringLiteral("check"), db});
        QVERIFY2(ok.exitCode == 0, qPrintable(ok.out + ok.err));
        QVERIFY2(ok.out.contains(QStringLiteral("✓ Migrations: ok: 10 applied, 0 pending")),
                 qPrintable(ok.out));
        execRaw(db, QStringLiteral("UPDATE __drizzle_migrations SET created_at = 'soon' WHERE rowid = 4;"));
        const ProcessResult bad = runSluice({QStringLiteral("check"), db, QStringLiteral("--json")});
        QCOMPARE(bad.exitCode, 1);
        const QJsonObject m = parse(bad).value(QStringLiteral("migrations")).toObject();
        QVERIFY(!m.value(QStringLiteral("ok")).toBool(true));
        QStringList found;
        for (const QJsonValue& f : m.value(QStringLiteral("findings")).toArray())
            found.append(f[QStringLiteral("code")].toString());
        QVERIFY2(found.contains(QStringLiteral("created-at-not-numeric")), qPrintable(found.join(',')));
        // An explicit folder that does not exist: the check cannot run as asked.
        const ProcessResult noFolder = runSluice({QStringLiteral("check"), db, QStringLiteral("--migrations"),
                                                  dir.path(QStringLiteral("missing"))});
        QVERIFY2(noFolder.exitCode == 2 || noFolder.exitCode == 1, qPrintable(noFolder.out + noFolder.err));
    }

    void helpDocumentsExitCodes()
    {
        const ProcessResult r = runSluice({QStringLiteral("check"), QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        for (const char* s : {"--json", "--quick", "--max-errors", "--migrations",
                              "Exit codes:", "  0  clean", "  1  problems found", "  2  could not run"})
            QVERIFY2(r.out.contains(QLatin1String(s)), s);
        QVERIFY(runSluice({QStringLiteral("--help")}).out.contains(QStringLiteral("check DB")));
    }
};

QTEST_GUILESS_MAIN(TestHealthCli)
#include "tst_health_cli.moc"
