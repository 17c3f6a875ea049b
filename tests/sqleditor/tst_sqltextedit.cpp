#include "common/SqlTextEdit.h"
#include "schema/Schema.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHelpEvent>
#include <QTest>
#include <QToolTip>

using namespace sluice;
using namespace sluice::ui;

namespace {

Schema ordersSchema()
{
    Schema s;
    Table t;
    t.name = QStringLiteral("orders");
    for (const char* n : {"id", "customer_id", "total"}) {
        Column c;
        c.name = QString::fromLatin1(n);
        t.columns << c;
    }
    s.tables << t;
    return s;
}

void putCaretAtEnd(SqlTextEdit& e)
{
    const int last = e.lines() - 1;
    e.setCursorPosition(last, int(e.text(last).size()));
}

} // namespace

class TestSqlTextEdit : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void marksAndTooltips()
    {
        SqlTextEdit e;
        e.resize(600, 400);
        e.setText(QStringLiteral("SELECT 1;\nSELECT 2;\nSELECT 3;\n"));
        e.show();
        QVERIFY(QTest::qWaitForWindowExposed(&e));
        e.markLine(2, SqlTextEdit::MarkKind::Warning, QStringLiteral("full scan"));
        e.markLine(3, SqlTextEdit::MarkKind::Error, QStringLiteral("syntax error"));
        e.markLine(99, SqlTextEdit::MarkKind::Error, QStringLiteral("ignored: no such line"));
        QCOMPARE(e.marks().size(), 2);
        QVERIFY(e.hasMarker(2, SqlTextEdit::MarkKind::Warning));
        QVERIFY(!e.hasMarker(2, SqlTextEdit::MarkKind::Error));
        QVERIFY(e.hasMarker(3, SqlTextEdit::MarkKind::Error));
        QVERIFY(!e.hasMarker(1, SqlTextEdit::MarkKind::Error));
        QCOMPARE(e.markTooltip(3), QStringLiteral("syntax error"));
        QCOMPARE(e.markTooltip(1), QString());

        // Hovering the margin beside line 3 shows its tooltip.
        const long pos = e.SendScintilla(QsciScintillaBase::SCI_POSITIONFROMLINE, 2UL);
        const int y =
            int(e.SendScintilla(QsciScintillaBase::SCI_POINTYFROMPOSITION, 0UL, pos)) + e.textHeight(2) / 2;
        const QPoint at(e.marginWidth(0) + 4, y);
        QHelpEvent help(QEvent::ToolTip, at, e.viewport()->mapToGlobal(at));
        QApplication::sendEvent(e.viewport(), &help);
        QTRY_COMPARE(QToolTip::text(), QStringLiteral("syntax error"));

        e.clearMarks();
        QVERIFY(e.marks().isEmpty());
        QVERIFY(!e.hasMarker(3, SqlTextEdit::MarkKind::Error));
    }

    void readOnlyStillCopies()
    {
        SqlTextEdit e;
        const QString ddl = QStringLiteral("CREATE TABLE t(\n  id INTEGER PRIMARY KEY\n);");
        e.setText(ddl);
        e.setReadOnly(true);
        e.show();
        QVERIFY(QTest::qWaitForWindowExposed(&e));
        e.setFocus();
        QTest::keyClicks(&e, QStringLiteral("zzz"));
        QCOMPARE(e.text(), ddl);
        e.selectAll();
        e.copy();
        QCOMPARE(QApplication::clipboard()->text(), ddl);
    }

    void colorsFollowThePalette()
    {
        SqlTextEdit e;
        QVERIFY(!e.isDarkScheme() || QApplication::palette().color(QPalette::Window).lightness() < 128);
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x30));
        dark.setColor(QPalette::Base, QColor(0x1e, 0x1f, 0x22));
        dark.setColor(QPalette::Text, QColor(0xdd, 0xdd, 0xdd));
        e.setPalette(dark);
        QVERIFY(e.isDarkScheme());
        QCOMPARE(e.lexer()->paper(QsciLexerSQL::Default), QColor(0x1e, 0x1f, 0x22));
        QCOMPARE(e.lexer()->color(QsciLexerSQL::Default), QColor(0xdd, 0xdd, 0xdd));
        QPalette light;
        light.setColor(QPalette::Window, QColor(0xf0, 0xf0, 0xf0));
        light.setColor(QPalette::Base, Qt::white);
        e.setPalette(light);
        QVERIFY(!e.isDarkScheme());
        QCOMPARE(e.lexer()->paper(QsciLexerSQL::Keyword), QColor(Qt::white));
        QCOMPARE(e.lexer()->font(QsciLexerSQL::Default).family(),
                 QFontDatabase::systemFont(QFontDatabase::FixedFont).family());
    }

    void highlightsSqliteKeywords()
    {
        SqlTextEdit e;
        e.setText(QStringLiteral("CREATE TABLE t(x) STRICT, WITHOUT ROWID;"));
        e.show();
        QVERIFY(QTest::qWaitForWindowExposed(&e));
        auto styleAt = [&](int pos) {
            return int(e.SendScintilla(QsciScintillaBase::SCI_GETSTYLEAT, static_cast<unsigned long>(pos)));
        };
        QTRY_COMPARE(styleAt(0), int(QsciLexerSQL::Keyword)); // CREATE
        QCOMPARE(styleAt(26), int(QsciLexerSQL::Keyword));    // WITHOUT (SQLite's list)
    }

    void completesTablesColumnsAndKeywords()
    {
        SqlTextEdit e;
        e.setSchema(ordersSchema());
        e.show();
        QVERIFY(QTest::qWaitForWindowExposed(&e));

        e.setText(QStringLiteral("SELECT * FROM or"));
        putCaretAtEnd(e);
        QStringList words = e.completionsAtCaret();
        QVERIFY(words.contains(QStringLiteral("orders")));
        QVERIFY(words.contains(QStringLiteral("ORDER")));
        QVERIFY(!words.contains(QStringLiteral("SELECT")));

        e.setText(QStringLiteral("SELECT orders.c"));
        putCaretAtEnd(e);
        QCOMPARE(e.completionsAtCaret(), QStringList{QStringLiteral("customer_id")});

        // The popup inserts the chosen word in place of what was typed.
        e.setText(QStringLiteral("SELECT * FROM ord"));
        putCaretAtEnd(e);
        e.showCompletions();
        QVERIFY(e.SendScintilla(QsciScintillaBase::SCI_AUTOCACTIVE));
        e.SendScintilla(QsciScintillaBase::SCI_AUTOCSELECT, 0UL, "orders");
        e.SendScintilla(QsciScintillaBase::SCI_AUTOCCOMPLETE);
        QCOMPARE(e.text(), QStringLiteral("SELECT * FROM orders"));

        // Typing opens it by itself after two letters, and after "table.".
        e.setText(QString());
        e.setFocus();
        QTest::keyClicks(&e, QStringLiteral("SELECT orders."));
        QVERIFY(e.SendScintilla(QsciScintillaBase::SCI_AUTOCACTIVE));
        e.SendScintilla(QsciScintillaBase::SCI_AUTOCCANCEL);
        // Not inside a string.
        e.setText(QString());
        QTest::keyClicks(&e, QStringLiteral("SELECT 'or"));
        QVERIFY(!e.SendScintilla(QsciScintillaBase::SCI_AUTOCACTIVE));
    }
};

QTEST_MAIN(TestSqlTextEdit)
#include "tst_sqltextedit.moc"
