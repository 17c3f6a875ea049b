#pragma once
#include "QsciHeaders.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace sluice {
struct Schema;
}

namespace sluice::ui {

class SqliteLexer;

// The SQL view every part of the GUI shares: SQLite keywords highlighted in colors that follow the
// palette (a dark scheme when the window color is dark), monospace font, line numbers, a margin of
// error / warning marks with tooltips, brace matching, and completion of SQLite keywords and the
// schema's table and column names (typing two letters, after "table.", or Ctrl+Space).
// For a DDL viewer: setReadOnly(true); selecting and copying still work.
class SqlTextEdit : public QsciScintilla
{
    Q_OBJECT
public:
    enum class MarkKind { Error, Warning };
    struct LineMark
    {
        int line = 0; // 1-based
        MarkKind kind = MarkKind::Error;
        QString tooltip;
    };

    explicit SqlTextEdit(QWidget* parent = nullptr);
    ~SqlTextEdit() override;

    // Names offered by completion; call again when the schema changes.
    void setSchema(const Schema& schema);

    // Marks a 1-based line (as in DbError::line and StatementSpan) in the margin; the tooltip shows
    // when the pointer rests on the mark. Several marks on one line are allowed.
    void markLine(int line, MarkKind kind, const QString& tooltip);
    void clearMarks();
    const QList<LineMark>& marks() const { return m_marks; }
    // The tooltip text for a 1-based line ("" when it has no mark).
    QString markTooltip(int line) const;
    // Whether a mark of that kind is drawn on the 1-based line (what the margin shows).
    bool hasMarker(int line, MarkKind kind) const;

    // The caret as a UTF-8 byte offset into text() (what StatementSpan uses) and a 1-based line.
    int caretUtf8Position() const;
    int caretLine() const;
    // 1-based line of the selection's first character (0 when nothing is selected).
    int selectionFirstLine() const;
    // Selects a UTF-8 byte range (a StatementSpan) and scrolls it into view.
    void selectUtf8Range(int begin, int end);

    // Completion candidates for the word before the caret (what the popup would offer).
    QStringList completionsAtCaret() const;
    void showCompletions();

    bool isDarkScheme() const { return m_dark; }

protected:
    void changeEvent(QEvent* event) override;
    bool viewportEvent(QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    void applyColors();
    void onCharAdded(int ch);
    int markerNumber(MarkKind kind) const;
    // The word being typed before the caret, and the "qualifier." before it, if any.
    void wordBeforeCaret(QString* prefix, QString* qualifier) const;
    bool caretInStringOrComment() const;

    SqliteLexer* m_lexer = nullptr;
    QList<LineMark> m_marks;
    std::unique_ptr<Schema> m_schema; // a copy: completion must not depend on the session's lifetime
    bool m_dark = false;
};

} // namespace sluice::ui
