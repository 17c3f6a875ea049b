#include "sql/StatementSplitter.h"

#include <QTest>

using namespace sluice;

class TestSplitter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void simpleStatements()
    {
        const auto s = splitStatements(QStringLiteral("SELECT 1;\nSELECT 2;  SELECT 3"));
        QCOMPARE(s.size(), 3);
        QCOMPARE(s[0].text, QStringLiteral("SELECT 1;"));
        QCOMPARE(s[1].text, QStringLiteral("SELECT 2;"));
        QCOMPARE(s[1].firstLine, 2);
        QCOMPARE(s[2].text, QStringLiteral("SELECT 3"));
        QVERIFY(!s[2].terminated);
    }

    void semicolonsInStringsAndIdentifiers()
    {
        const QString sql = QStringLiteral("INSERT INTO \"a;b\" VALUES ('x;y', `c;d`, [e;f]);\nSELECT ';';");
        const auto s = splitStatements(sql);
        QCOMPARE(s.size(), 2);
        QVERIFY(s[0].text.startsWith(QStringLiteral("INSERT")));
        QVERIFY(s[0].text.endsWith(QStringLiteral("[e;f]);")));
        QCOMPARE(s[1].text, QStringLiteral("SELECT ';';"));
    }

    void comments()
    {
        const QString sql = QStringLiteral("-- leading; comment\nSELECT 1; /* block; comment */\n"
                                           "SELECT 2 -- trailing;\n;\n-- only a comment;\n");
        const auto s = splitStatements(sql);
        QCOMPARE(s.size(), 2);
        QCOMPARE(s[0].text, QStringLiteral("SELECT 1;"));
        QCOMPARE(s[0].firstLine, 2);
        QCOMPARE(s[1].text, QStringLiteral("SELECT 2 -- trailing;\n;"));
        QCOMPARE(s[1].firstLine, 3);
        QCOMPARE(s[1].lastLine, 4);
    }

    void triggerBodyIsOneStatement()
    {
        const QString sql = QStringLiteral("CREATE TABLE t(a);\n"
                                           "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n"
                                           "  UPDATE t SET a = a + 1;\n"
                                           "  DELETE FROM t WHERE a > 10;\n"
                                           "END;\n"
                                           "SELECT 1;");
        const auto s = splitStatements(sql);
        QCOMPARE(s.size(), 3);
        QVERIFY(s[1].text.startsWith(QStringLiteral("CREATE TRIGGER")));
        QVERIFY(s[1].text.endsWith(QStringLiteral("END;")));
        QCOMPARE(s[1].firstLine, 2);
        QCOMPARE(s[1].lastLine, 5);
        QCOMPARE(s[2].firstLine, 6);
    }

    void utf8OffsetsAreBytes()
    {
        const QString sql = QStringLiteral("SELECT 'é';SELECT 2;");
        const auto s = splitStatements(sql);
        QCOMPARE(s.size(), 2);
        QCOMPARE(s[0].utf8Begin, 0);
        QCOMPARE(s[0].utf8End, 12); // 'é' is two bytes
        QCOMPARE(s[1].utf8Begin, 12);
    }

    void blank()
    {
        QVERIFY(splitStatements(QStringLiteral("  \n-- nothing\n/* at all */ ;; ")).isEmpty());
        QVERIFY(isBlankSql(QStringLiteral("-- Custom SQL migration file, put your code below! --")));
        QVERIFY(!isBlankSql(QStringLiteral("-- c\nSELECT 1")));
        QVERIFY(splitStatements(QString()).isEmpty());
    }

    void unterminatedString()
    {
        const auto s = splitStatements(QStringLiteral("SELECT 1; SELECT 'open;"));
        QCOMPARE(s.size(), 2);
        QCOMPARE(s[1].text, QStringLiteral("SELECT 'open;"));
        QVERIFY(!s[1].terminated);
    }
};

QTEST_GUILESS_MAIN(TestSplitter)
#include "tst_splitter.moc"
