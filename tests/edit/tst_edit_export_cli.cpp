// `sluice export` as a real process: its output compared with the database read independently
// (sqlite3 C API), filters and order applied, bad input refused with a clear message and no file,
// and the child's peak RSS on a million rows close to its peak on a thousand.
#include "TestSupport.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <sys/resource.h>

using sluice::test::execRaw;
using sluice::test::queryRaw;
using sluice::test::runSluice;
using sluice::test::TempDir;

namespace {

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The largest peak RSS among the children this process has waited for, in KB.
long childrenPeakRssKb()
{
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    return usage.ru_maxrss;
}

} // namespace

class TestEditExportCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void csvFilteredAndSorted();
    void jsonEqualsDatabase();
    void sqlInsertsReload();
    void badInputChangesNothing();
    void millionRowsFlatMemory();

private:
    TempDir m_tmp;
    QString m_db;
};

void TestEditExportCli::initTestCase()
{
    m_db = m_tmp.makeDb(QStringLiteral("shop.db"), QStringLiteral(R"(
        CREATE TABLE "odd ""name"" t"(id INTEGER PRIMARY KEY, status TEXT, amount REAL, note TEXT, big INTEGER);
        INSERT INTO "odd ""name"" t" VALUES
          (1, 'open', 9.5, 'a, "quoted" note', 9007199254740993),
          (2, 'closed', 1.25, NULL, -1),
          (3, 'open', 100.0, 'line1
line2', 42),
          (4, 'open', 0.5, '', 7);)"));
}

void TestEditExportCli::csvFilteredAndSorted()
{
    const QString out = m_tmp.path(QStringLiteral("open.csv"));
    const auto r =
        runSluice({QStringLiteral("export"), m_db, QStringLiteral("odd \"name\" t"),
                   QStringLiteral("--where"), QStringLiteral("status=open"), QStringLiteral("--order-by"),
                   QStringLiteral("amount"), QStringLiteral("--desc"), QStringLiteral("--to"), out});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("3 rows")), qPrintable(r.err));
    // The rows the database gives for the same filter and order, as CSV written by hand.
    QCOMPARE(
        queryRaw(m_db, QStringLiteral("SELECT group_concat(id) FROM (SELECT id FROM \"odd \"\"name\"\" t\" "
                                      "WHERE status = 'open' ORDER BY amount DESC)")),
        QStringLiteral("3,1,4"));
    const QByteArray expected = "id,status,amount,note,big\r\n"
                                "3,open,100.0,\"line1\nline2\",42\r\n"
                                "1,open,9.5,\"a, \"\"quoted\"\" note\",9007199254740993\r\n"
                                "4,open,0.5,,7\r\n";
    QCOMPARE(readAll(out), expected);
}

void TestEditExportCli::jsonEqualsDatabase()
{
    // Standard output when there is no --to.
    const auto r = runSluice({QStringLiteral("export"), m_db, QStringLiteral("odd \"name\" t"),
                              QStringLiteral("--format"), QStringLiteral("json")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8(), &pe);
    QVERIFY2(pe.error == QJsonParseError::NoError, qPrintable(pe.errorString()));
    const QJsonArray rows = doc.array();
    QCOMPARE(rows.size(),
             queryRaw(m_db, QStringLiteral("SELECT count(*) FROM \"odd \"\"name\"\" t\"")).toInt());
    for (const QJsonValue& v : rows) {
        const QJsonObject o = v.toObject();
        const qint64 id = o.value(QStringLiteral("id")).toInteger();
        const QString where = QStringLiteral(" FROM \"odd \"\"name\"\" t\" WHERE id = %1").arg(id);
        QCOMPARE(o.value(QStringLiteral("status")).toString(),
                 queryRaw(m_db, QStringLiteral("SELECT status") + where));
        QCOMPARE(o.value(QStringLiteral("note")).isNull(),
                 queryRaw(m_db, QStringLiteral("SELECT note IS NULL") + where) == QLatin1String("1"));
    }
    // Integers beyond 2^53 stay exact in the text (QJsonDocument would round them).
    QVERIFY2(r.out.contains(QStringLiteral("9007199254740993")), qPrintable(r.out));
}

void TestEditExportCli::sqlInsertsReload()
{
    const QString out = m_tmp.path(QStringLiteral("rows.sql"));
    const auto r =
        runSluice({QStringLiteral("export"), m_db, QStringLiteral("odd \"name\" t"),
                   QStringLiteral("--format"), QStringLiteral("sql"), QStringLiteral("--to"), out});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QString copy = m_tmp.makeDb(
        QStringLiteral("copy.db"),
        QStringLiteral(
            "CREATE TABLE \"odd \"\"name\"\" t\"(id INTEGER PRIMARY KEY, status TEXT, amount REAL, note "
            "TEXT, big INTEGER);"));
    execRaw(copy, QString::fromUtf8(readAll(out)));
    const QString digest =
        QStringLiteral("SELECT group_concat(id || '|' || quote(status) || '|' || quote(amount) || '|' || "
                       "quote(note) || '|' || "
                       "quote(big), ';') FROM (SELECT * FROM \"odd \"\"name\"\" t\" ORDER BY id)");
    QCOMPARE(queryRaw(copy, digest), queryRaw(m_db, digest));
}

void TestEditExportCli::badInputChangesNothing()
{
    const QString out = m_tmp.path(QStringLiteral("never.csv"));
    struct Case
    {
        QStringList args;
        QString message;
    };
    const QString t = QStringLiteral("odd \"name\" t");
    const QList<Case> cases{
        {{m_db, QStringLiteral("nope")}, QStringLiteral("no table or view named 'nope'")},
        {{m_db, t, QStringLiteral("--where"), QStringLiteral("missing=1")},
         QStringLiteral("no column named 'missing'")},
        {{m_db, t, QStringLiteral("--where"), QStringLiteral("status")},
         QStringLiteral("is not COLUMN=VALUE")},
        {{m_db, t, QStringLiteral("--order-by"), QStringLiteral("zzz")},
         QStringLiteral("no column named 'zzz'")},
        {{m_db, t, QStringLiteral("--desc")}, QStringLiteral("--desc needs --order-by")},
        {{m_db, t, QStringLiteral("--format"), QStringLiteral("xml")},
         QStringLiteral("unknown --format 'xml'")},
        {{m_tmp.path(QStringLiteral("absent.db")), t}, QString()},
    };
    for (const Case& c : cases) {
        const auto r = runSluice(QStringList{QStringLiteral("export")} + c.args +
                                 QStringList{QStringLiteral("--to"), out});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(c.message), qPrintable(r.err));
        QVERIFY2(!QFileInfo::exists(out), qPrintable(c.args.join(QLatin1Char(' '))));
    }
    const auto help = runSluice({QStringLiteral("export"), QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY2(help.out.contains(QStringLiteral("--order-by")) && help.out.contains(QStringLiteral("--where")),
             qPrintable(help.out));
}

void TestEditExportCli::millionRowsFlatMemory()
{
#if defined(__SANITIZE_ADDRESS__)
    QSKIP("peak RSS is not meaningful under AddressSanitizer");
#endif
    const QString db = m_tmp.makeDb(QStringLiteral("million.db"), QStringLiteral(R"(
        CREATE TABLE m(id INTEGER PRIMARY KEY, name TEXT, n INT);
        WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 1000000)
        INSERT INTO m SELECT i, 'name number ' || i, i * 7 FROM s;)"));
    const auto small =
        runSluice({QStringLiteral("export"), db, QStringLiteral("m"), QStringLiteral("--where"),
                   QStringLiteral("n=7"), QStringLiteral("--to"), m_tmp.path(QStringLiteral("one.csv"))});
    QVERIFY2(small.exitCode == 0, qPrintable(small.err));
    const long smallPeak = childrenPeakRssKb();
    const QString big = m_tmp.path(QStringLiteral("million.csv"));
    const auto r = runSluice({QStringLiteral("export"), db, QStringLiteral("m"), QStringLiteral("--order-by"),
                              QStringLiteral("n"), QStringLiteral("--desc"), QStringLiteral("--to"), big},
                             180000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const long bigPeak = childrenPeakRssKb();
    qInfo("sluice export: peak RSS %ld KB for 1 row, %ld KB for 1M rows (%lld bytes)", smallPeak, bigPeak,
          QFileInfo(big).size());
    QVERIFY2(bigPeak - smallPeak < 30 * 1024,
             qPrintable(QStringLiteral("grew by %1 KB").arg(bigPeak - smallPeak)));
    QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM m")), QStringLiteral("1000000"));
    // header + one line per row
    QFile f(big);
    QVERIFY(f.open(QIODevice::ReadOnly));
    qint64 lines = 0;
    QByteArray first;
    while (!f.atEnd()) {
        const QByteArray line = f.readLine();
        if (lines == 1)
            first = line;
        ++lines;
    }
    QCOMPARE(lines, 1000001);
    QCOMPARE(first, QByteArray("1000000,name number 1000000,7000000\r\n"));
}

QTEST_GUILESS_MAIN(TestEditExportCli)
#include "tst_edit_export_cli.moc"
