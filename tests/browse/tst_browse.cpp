// The row browser's engine on real SQLite files: keyset paging in every order (NULLs, duplicates,
// descending, WITHOUT ROWID, odd names), filters, the position index, large and odd values.
#include "browse/CellFetcher.h"
#include "browse/KeysetPager.h"
#include "browse/PositionIndex.h"
#include "browse/RowCount.h"
#include "core/Connection.h"
#include "schema/SchemaReader.h"

#include "TestSupport.h"

#include <QElapsedTimer>
#include <QtTest>

using namespace sluice;
using sluice::test::TempDir;

namespace {

struct Opened
{
    std::unique_ptr<Connection> connection;
    Schema schema;
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

KeysetPager pagerFor(const Schema& schema, const QString& table, SortSpec sort = {},
                     QList<ColumnFilter> filters = {})
{
    auto src = RowSource::fromSchema(schema, table);
    if (!src)
        qFatal("no such table %s", qPrintable(table));
    RowQueryBuilder b(*src, std::move(sort), std::move(filters));
    if (!b.problem().isEmpty())
        qFatal("%s", qPrintable(b.problem()));
    return KeysetPager(b);
}

QString locatorText(const RowKey& k)
{
    QStringList parts;
    for (const QVariant& v : k.locator)
        parts << v.toString();
    return parts.join(QLatin1Char('|'));
}

QStringList forward(Connection& c, const KeysetPager& p, int pageSize)
{
    QStringList out;
    Result<RowPage> page = p.first(c, pageSize);
    for (int guard = 0; guard < 100000; ++guard) {
        if (!page)
            qFatal("page failed: %s", qPrintable(page.error().message()));
        for (const RowKey& k : page->keys)
            out << locatorText(k);
        if (page->reachedEnd || page->keys.isEmpty())
            break;
        page = p.after(c, page->keys.last(), pageSize);
    }
    return out;
}

QStringList backward(Connection& c, const KeysetPager& p, int pageSize)
{
    QStringList out;
    Result<RowPage> page = p.last(c, pageSize);
    for (int guard = 0; guard < 100000; ++guard) {
        if (!page)
            qFatal("page failed: %s", qPrintable(page.error().message()));
        QStringList chunk;
        for (const RowKey& k : page->keys)
            chunk << locatorText(k);
        out = chunk + out;
        if (page->reachedEnd || page->keys.isEmpty())
            break;
        page = p.before(c, page->keys.first(), pageSize);
    }
    return out;
}

QStringList expected(const QString& db, const QString& locatorExpr, const QString& table,
                     const QString& orderBy, const QString& where = {})
{
    const QString sql =
        QStringLiteral("SELECT group_concat(k, char(10)) FROM (SELECT %1 AS k FROM %2 %3 ORDER BY %4)")
            .arg(locatorExpr, table, where.isEmpty() ? QString() : QStringLiteral("WHERE ") + where, orderBy);
    const QString all = test::queryRaw(db, sql);
    return all.isEmpty() ? QStringList{} : all.split(QLatin1Char('\n'));
}

qint64 countWith(Connection& c, const Schema& schema, const QString& table, ColumnFilter f)
{
    auto n = exactRowCount(c, pagerFor(schema, table, {}, {f}).builder());
    if (!n)
        qFatal("count failed: %s", qPrintable(n.error().message()));
    return *n;
}

// 500 rows; a: NULL for every 9th row, else one of 7 values (lots of duplicates);
// m: mixed storage classes (NULL, integers, short text, long text, BLOBs) for the inexact-key path.
const char* kMixedTable = R"(
CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, m, note TEXT);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
INSERT INTO t(id, a, m, note)
SELECT i * 3,
       CASE WHEN i % 9 = 0 THEN NULL ELSE i % 7 END,
       CASE i % 6 WHEN 0 THEN NULL WHEN 1 THEN i % 5 WHEN 2 THEN 'w' || (i % 4)
                  WHEN 3 THEN printf('%.*c', 1200 + i % 3, 'x') WHEN 4 THEN zeroblob(i % 3) ELSE NULL END,
       'row ' || i
FROM n;
)";

} // namespace

class TestBrowse : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void keysetNullsAndDuplicates_data();
    void keysetNullsAndDuplicates();
    void withoutRowidCompositeKey();
    void oddIdentifiers();
    void filters();
    void positionIndex();
    void hugeBlobIsNotRead();
    void invalidUtf8();
    void viewsPageByOffset();
    void estimates();

private:
    TempDir m_tmp;
};

void TestBrowse::keysetNullsAndDuplicates_data()
{
    QTest::addColumn<QString>("column");
    QTest::addColumn<bool>("ascending");
    QTest::addColumn<int>("pageSize");
    QTest::newRow("natural") << QString() << true << 13;
    QTest::newRow("a asc") << "a" << true << 13;
    QTest::newRow("a desc") << "a" << false << 13;
    QTest::newRow("a asc page 1") << "a" << true << 1;
    QTest::newRow("mixed asc") << "m" << true << 17;
    QTest::newRow("mixed desc") << "m" << false << 17;
    QTest::newRow("id desc") << "id" << false << 50;
}

void TestBrowse::keysetNullsAndDuplicates()
{
    QFETCH(QString, column);
    QFETCH(bool, ascending);
    QFETCH(int, pageSize);
    static const QString plain = m_tmp.makeDb(QStringLiteral("mixed.db"), QString::fromUtf8(kMixedTable));
    // The same rows with indexes on the sort columns: pages are then index seeks (other statements).
    static const QString indexed =
        m_tmp.makeDb(QStringLiteral("mixed-indexed.db"),
                     QString::fromUtf8(kMixedTable) +
                         QStringLiteral("CREATE INDEX t_a ON t(a); CREATE INDEX t_m ON t(m);"));
    for (const QString& db : {plain, indexed}) {
        Opened o = openDb(db);
        const KeysetPager p = pagerFor(o.schema, QStringLiteral("t"), {column, ascending});
        QCOMPARE(p.builder().orderIsIndexed(),
                 column.isEmpty() || column == QLatin1String("id") || db == indexed);
        const QString dir = ascending ? QStringLiteral(" ASC") : QStringLiteral(" DESC");
        const QString order =
            column.isEmpty() ? QStringLiteral("rowid") : column + dir + QStringLiteral(", rowid") + dir;
        const QStringList want = expected(db, QStringLiteral("id"), QStringLiteral("t"), order);
        QCOMPARE(want.size(), 500);
        QCOMPARE(forward(*o.connection, p, pageSize), want);
        QCOMPARE(backward(*o.connection, p, pageSize), want);
    }
}

void TestBrowse::withoutRowidCompositeKey()
{
    const QString db = m_tmp.makeDb(QStringLiteral("wr.db"), QStringLiteral(R"(
CREATE TABLE w(k1 TEXT, k2 INTEGER, v REAL, PRIMARY KEY(k1, k2)) WITHOUT ROWID;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
INSERT INTO w SELECT 'k' || (i % 11), i, CASE WHEN i % 5 = 0 THEN NULL ELSE (i % 4) * 0.5 END FROM n;
CREATE INDEX w_v ON w(v);
)"));
    Opened o = openDb(db);
    const QString loc = QStringLiteral("k1 || '|' || k2");
    for (const bool asc : {true, false}) {
        const QString dir = asc ? QStringLiteral(" ASC") : QStringLiteral(" DESC");
        const KeysetPager byV = pagerFor(o.schema, QStringLiteral("w"), {QStringLiteral("v"), asc});
        QVERIFY(byV.builder().orderIsIndexed());
        const QStringList want =
            expected(db, loc, QStringLiteral("w"), QStringLiteral("v%1, k1%1, k2%1").arg(dir));
        QCOMPARE(want.size(), 300);
        QCOMPARE(forward(*o.connection, byV, 7), want);
        QCOMPARE(backward(*o.connection, byV, 7), want);
    }
    const KeysetPager natural = pagerFor(o.schema, QStringLiteral("w"));
    const QStringList want = expected(db, loc, QStringLiteral("w"), QStringLiteral("k1, k2"));
    QCOMPARE(forward(*o.connection, natural, 10), want);
    QCOMPARE(backward(*o.connection, natural, 10), want);
}

void TestBrowse::oddIdentifiers()
{
    const QString db = m_tmp.makeDb(QStringLiteral("odd.db"), QStringLiteral(R"(
CREATE TABLE "select"("we""ird col" TEXT, "from" INTEGER, "naïve ünïcödé" TEXT, "sp ace" INTEGER);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120)
INSERT INTO "select" SELECT 'v' || (i % 13), CASE WHEN i % 4 = 0 THEN NULL ELSE i % 10 END, 'ü' || (i % 3), i FROM n;
CREATE INDEX "i""dx" ON "select"("from");
)"));
    Opened o = openDb(db);
    const auto src = RowSource::fromSchema(o.schema, QStringLiteral("select"));
    QVERIFY(src);
    QCOMPARE(src->columns().size(), 4);
    QVERIFY(src->hasOrderIndex(QStringLiteral("from")));
    QVERIFY(!src->hasOrderIndex(QStringLiteral("sp ace")));
    for (const QString& col :
         {QStringLiteral("we\"ird col"), QStringLiteral("from"), QStringLiteral("naïve ünïcödé")}) {
        const KeysetPager p = pagerFor(o.schema, QStringLiteral("select"), {col, false});
        const QString q =
            QStringLiteral("\"%1\"").arg(QString(col).replace(QLatin1Char('"'), QStringLiteral("\"\"")));
        const QStringList want = expected(db, QStringLiteral("rowid"), QStringLiteral("\"select\""),
                                          q + QStringLiteral(" DESC, rowid DESC"));
        QCOMPARE(forward(*o.connection, p, 9), want);
        QCOMPARE(backward(*o.connection, p, 9), want);
    }
    QCOMPARE(countWith(*o.connection, o.schema, QStringLiteral("select"),
                       {QStringLiteral("we\"ird col"), ColumnFilter::Op::Equals, QStringLiteral("v3")}),
             qint64(10));
    QCOMPARE(countWith(*o.connection, o.schema, QStringLiteral("select"),
                       {QStringLiteral("naïve ünïcödé"), ColumnFilter::Op::StartsWith, QStringLiteral("ü1")}),
             qint64(40));
}

void TestBrowse::filters()
{
    const QString db = m_tmp.makeDb(QStringLiteral("filters.db"), QStringLiteral(R"(
CREATE TABLE f(id INTEGER PRIMARY KEY, n INTEGER, s TEXT, u);
WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 20)
INSERT INTO f(n, u) SELECT i, i FROM k;
INSERT INTO f(s, u) VALUES ('100%', '5'), ('a_b', 'x'), ('aXb', NULL), ('ABC', NULL), ('abc', NULL),
                           ('50', NULL), ('9', NULL), ('a\b', NULL), ('Ünï', NULL);
)"));
    Opened o = openDb(db);
    Connection& c = *o.connection;
    using Op = ColumnFilter::Op;
    auto count = [&](const char* col, Op op, const QString& v = {}) {
        return countWith(c, o.schema, QStringLiteral("f"), {QString::fromUtf8(col), op, v});
    };
    QCOMPARE(count("n", Op::Greater, QStringLiteral("10")), 10);
    QCOMPARE(count("n", Op::Less, QStringLiteral("3")), 2);
    QCOMPARE(count("n", Op::Greater, QStringLiteral(" 2.5 ")), 18);
    QCOMPARE(count("n", Op::Equals, QStringLiteral("7")), 1);
    // No declared type: numbers compare as numbers, and equality also finds the text '5'.
    QCOMPARE(count("u", Op::Greater, QStringLiteral("10")),
             10 + 2); // 11..20, and texts '5' and 'x' (text > numbers)
    QCOMPARE(count("u", Op::Equals, QStringLiteral("5")), 2);
    QCOMPARE(count("u", Op::NotEquals, QStringLiteral("5")), 29 - 2); // NULLs are "not equal to 5"
    // TEXT affinity compares text: '9' > '50' > '100%'
    QCOMPARE(count("s", Op::Greater, QStringLiteral("6")),
             7); // '9', 'a_b', 'aXb', 'ABC', 'abc', 'a\b', 'Ünï'
    QCOMPARE(count("s", Op::Contains, QStringLiteral("%")), 1);
    QCOMPARE(count("s", Op::Contains, QStringLiteral("_")), 1);
    QCOMPARE(count("s", Op::Contains, QStringLiteral("\\")), 1);
    QCOMPARE(count("s", Op::Contains, QStringLiteral("0%")), 1);
    QCOMPARE(count("s", Op::StartsWith, QStringLiteral("ab")), 2); // ASCII letters ignore case
    QCOMPARE(count("s", Op::StartsWith, QStringLiteral("a_")), 1);
    QCOMPARE(count("s", Op::Contains, QStringLiteral("ünï")), 0); // non-ASCII letters keep their case
    QCOMPARE(count("s", Op::Contains, QStringLiteral("Ünï")), 1);
    QCOMPARE(count("s", Op::IsNull), 20);
    QCOMPARE(count("s", Op::IsNotNull), 9);
    QCOMPARE(count("s", Op::NotEquals, QStringLiteral("abc")), 28);

    // Filters combine with AND, and paging stays correct under them.
    const KeysetPager p = pagerFor(o.schema, QStringLiteral("f"), {QStringLiteral("u"), false},
                                   {{QStringLiteral("n"), Op::Greater, QStringLiteral("4")},
                                    {QStringLiteral("n"), Op::Less, QStringLiteral("15")}});
    const QStringList want = expected(db, QStringLiteral("id"), QStringLiteral("f"),
                                      QStringLiteral("u DESC, id DESC"), QStringLiteral("n > 4 AND n < 15"));
    QCOMPARE(want.size(), 10);
    QCOMPARE(forward(c, p, 3), want);
    QCOMPARE(backward(c, p, 3), want);
}

void TestBrowse::positionIndex()
{
    const QString plain = m_tmp.makeDb(QStringLiteral("pos.db"), QString::fromUtf8(kMixedTable));
    const QString indexed =
        m_tmp.makeDb(QStringLiteral("pos-indexed.db"),
                     QString::fromUtf8(kMixedTable) +
                         QStringLiteral("CREATE INDEX t_a ON t(a); CREATE INDEX t_m ON t(m);"));
    for (const QString& db : {plain, indexed}) {
        Opened o = openDb(db);
        for (const QString& col : {QString(), QStringLiteral("a"), QStringLiteral("m")}) {
            for (const bool asc : {true, false}) {
                const KeysetPager p =
                    pagerFor(o.schema, QStringLiteral("t"), {col, asc},
                             {{QStringLiteral("id"), ColumnFilter::Op::Greater, QStringLiteral("30")}});
                auto index = PositionIndex::build(*o.connection, p.builder(), nullptr, 0, 7);
                QVERIFY2(index, index ? "" : qPrintable(index.error().message()));
                const QString dir = asc ? QStringLiteral(" ASC") : QStringLiteral(" DESC");
                const QString order = col.isEmpty() ? QStringLiteral("rowid") + dir
                                                    : col + dir + QStringLiteral(", rowid") + dir;
                const QStringList want =
                    expected(db, QStringLiteral("id"), QStringLiteral("t"), order, QStringLiteral("id > 30"));
                QCOMPARE(index->rowCount(), qint64(want.size()));
                QCOMPARE(index->keyCount(), (want.size() + 6) / 7);
                for (const qint64 n : {qint64(0), qint64(1), qint64(6), qint64(7), qint64(8), qint64(250),
                                       qint64(want.size() - 1)}) {
                    const auto seek = index->seek(n);
                    QVERIFY(seek);
                    auto page = p.from(*o.connection, seek->key, seek->skip, 3);
                    QVERIFY(page);
                    QVERIFY(!page->keys.isEmpty());
                    QCOMPARE(locatorText(page->keys.first()), want.at(n));
                }
                QVERIFY(!index->seek(want.size()));
            }
        }
    }
}

void TestBrowse::hugeBlobIsNotRead()
{
    const QString db = m_tmp.makeDb(QStringLiteral("blob.db"), QStringLiteral(R"(
CREATE TABLE b(id INTEGER PRIMARY KEY, data BLOB, label TEXT);
INSERT INTO b VALUES (1, zeroblob(100 * 1024 * 1024), 'huge');
INSERT INTO b VALUES (2, x'89504E470D0A1A0A0000000D49484452000000100000001008060000001FF3FF61', 'png');
INSERT INTO b VALUES (3, NULL, printf('%.*c', 5000, 'y'));
)"));
    Opened o = openDb(db);
    const KeysetPager p = pagerFor(o.schema, QStringLiteral("b"));
    QElapsedTimer timer;
    timer.start();
    auto page = p.first(*o.connection, 10);
    const qint64 ms = timer.elapsed();
    QVERIFY(page);
    QVERIFY2(ms < 300, qPrintable(QStringLiteral("page took %1 ms").arg(ms)));
    QCOMPARE(page->rows.size(), 3);
    const Cell& huge = page->rows.at(0).at(1);
    QCOMPARE(huge.storage, Cell::Storage::Blob);
    QCOMPARE(huge.length, qint64(104857600));
    QVERIFY(huge.value.toByteArray().isEmpty());
    QCOMPARE(blobSummary(huge), QStringLiteral("BLOB 100.0 MB"));
    QCOMPARE(blobSummary(page->rows.at(1).at(1)), QStringLiteral("PNG image 16\u00d716, 33 B"));
    QVERIFY(page->rows.at(2).at(1).isNull());
    const Cell& longText = page->rows.at(2).at(2);
    QCOMPARE(longText.length, qint64(5000));
    QCOMPARE(longText.value.toString().size(), RowQueryBuilder::kTextPrefixChars);
    QVERIFY(longText.isTruncated());

    timer.restart();
    auto prefix = fetchCell(*o.connection, *RowSource::fromSchema(o.schema, QStringLiteral("b")), {1},
                            QStringLiteral("data"), 64);
    QVERIFY(prefix);
    QVERIFY(timer.elapsed() < 300);
    QCOMPARE(prefix->totalBytes, qint64(104857600));
    QCOMPARE(prefix->bytes, QByteArray(64, '\0'));
    QVERIFY(!prefix->complete());
    auto text = fetchCell(*o.connection, *RowSource::fromSchema(o.schema, QStringLiteral("b")), {3},
                          QStringLiteral("label"), 1 << 20);
    QVERIFY(text);
    QCOMPARE(text->storage, Cell::Storage::Text);
    QCOMPARE(text->bytes, QByteArray(5000, 'y'));
    QVERIFY(text->complete());
}

void TestBrowse::invalidUtf8()
{
    const QString db = m_tmp.makeDb(QStringLiteral("utf8.db"), QStringLiteral(R"(
CREATE TABLE u(id INTEGER PRIMARY KEY, s TEXT);
INSERT INTO u(s) VALUES (CAST(x'41ff42' AS TEXT)), ('A'), (CAST(x'41ff42' AS TEXT)), ('B'), (CAST(x'ff' AS TEXT));
)"));
    Opened o = openDb(db);
    const KeysetPager p = pagerFor(o.schema, QStringLiteral("u"), {QStringLiteral("s"), true});
    auto page = p.first(*o.connection, 10);
    QVERIFY(page);
    QCOMPARE(page->rows.size(), 5);
    bool sawReplacement = false;
    for (const auto& row : page->rows)
        sawReplacement |= row.at(1).value.toString().contains(QChar(0xFFFD));
    QVERIFY(sawReplacement);
    // The replaced text cannot be bound back, so the key re-reads the stored value.
    const QStringList want =
        expected(db, QStringLiteral("id"), QStringLiteral("u"), QStringLiteral("s, rowid"));
    QCOMPARE(forward(*o.connection, p, 1), want);
    QCOMPARE(backward(*o.connection, p, 2), want);
    auto bytes = fetchCell(*o.connection, *RowSource::fromSchema(o.schema, QStringLiteral("u")), {1},
                           QStringLiteral("s"), 100);
    QVERIFY(bytes);
    QCOMPARE(bytes->bytes, QByteArray("A\xff"
                                      "B"));
}

void TestBrowse::viewsPageByOffset()
{
    const QString db =
        m_tmp.makeDb(QStringLiteral("view.db"),
                     QString::fromUtf8(kMixedTable) +
                         QStringLiteral("CREATE VIEW v AS SELECT id, a, note FROM t WHERE a IS NOT NULL;"));
    Opened o = openDb(db);
    const auto src = RowSource::fromSchema(o.schema, QStringLiteral("v"));
    QVERIFY(src);
    QVERIFY(src->isView());
    QVERIFY(src->isReadOnly());
    const KeysetPager p = pagerFor(o.schema, QStringLiteral("v"), {QStringLiteral("id"), false});
    auto page = p.atOffset(*o.connection, 10, 5);
    QVERIFY(page);
    const QStringList want =
        expected(db, QStringLiteral("id"), QStringLiteral("v"), QStringLiteral("id DESC"));
    QCOMPARE(page->rows.size(), 5);
    QCOMPARE(page->rows.at(0).at(0).value.toString(), want.at(10));
    QVERIFY(!p.last(*o.connection, 5));
}

void TestBrowse::estimates()
{
    const QString db = m_tmp.makeDb(QStringLiteral("est.db"), QString::fromUtf8(kMixedTable));
    Opened o = openDb(db);
    const auto src = RowSource::fromSchema(o.schema, QStringLiteral("t"));
    auto range = readRowidRange(*o.connection, *src);
    QVERIFY(range && *range);
    QCOMPARE((*range)->min, qint64(3));
    QCOMPARE((*range)->max, qint64(1500));
    QCOMPARE(estimateRowCount(*o.connection, *src), std::optional<qint64>(1498));
    auto exact = exactRowCount(*o.connection, pagerFor(o.schema, QStringLiteral("t")).builder());
    QVERIFY(exact);
    QCOMPARE(*exact, qint64(500));
    const auto ts = unixTimeOf(1700000000);
    QVERIFY(ts);
    QCOMPARE(ts->date(), QDate(2023, 11, 14));
    QVERIFY(unixTimeOf(1700000000123));
    QVERIFY(!unixTimeOf(42));
}

QTEST_GUILESS_MAIN(TestBrowse)
#include "tst_browse.moc"
