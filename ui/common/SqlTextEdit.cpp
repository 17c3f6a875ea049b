#include "SqlTextEdit.h"

#include "SqliteLexer.h"
#include "query/SqlCompletions.h"
#include "schema/Schema.h"

#include <QFontDatabase>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QToolTip>

namespace sluice::ui {

namespace {

constexpr int kLineNumberMargin = 0;
constexpr int kMarkMargin = 1;
constexpr int kErrorMarker = 0;
constexpr int kWarningMarker = 1;
constexpr int kErrorLineMarker = 2; // background tint of an error line

struct SyntaxColors
{
    QColor keyword, comment, number, string, identifier, op, errorMark, warningMark, errorLine, brace;
};

SyntaxColors colorsFor(bool dark)
{
    if (dark)
        return {QColor(0xcf, 0x8e, 0x6d), QColor(0x7a, 0x7e, 0x85), QColor(0x2a, 0xac, 0xb8),
                QColor(0x6a, 0xab, 0x73), QColor(0xc7, 0x7d, 0xbb), QColor(0xbc, 0xbe, 0xc4),
                QColor(0xf7, 0x54, 0x64), QColor(0xe0, 0xb0, 0x40), QColor(0x4a, 0x22, 0x26),
                QColor(0x3b, 0x51, 0x4d)};
    return {QColor(0x00, 0x33, 0xb3), QColor(0x8c, 0x8c, 0x8c), QColor(0x17, 0x50, 0xeb),
            QColor(0x06, 0x7d, 0x17), QColor(0x87, 0x10, 0x94), QColor(0x33, 0x33, 0x33),
            QColor(0xd3, 0x2f, 0x2f), QColor(0xc7, 0x8a, 0x00), QColor(0xfd, 0xe7, 0xe9),
            QColor(0xc8, 0xe6, 0xc9)};
}

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_');
}

} // namespace

SqlTextEdit::SqlTextEdit(QWidget* parent) : QsciScintilla(parent), m_schema(std::make_unique<Schema>())
{
    setUtf8(true);
    m_lexer = new SqliteLexer(this);
    setLexer(m_lexer);

    setMarginType(kLineNumberMargin, NumberMargin);
    setMarginLineNumbers(kLineNumberMargin, true);
    setMarginType(kMarkMargin, SymbolMargin);
    setMarginMarkerMask(kLineNumberMargin, 0);
    setMarginMarkerMask(kMarkMargin, (1 << kErrorMarker) | (1 << kWarningMarker));
    setMarginWidth(kMarkMargin, 16);
    markerDefine(Circle, kErrorMarker);
    markerDefine(Circle, kWarningMarker);
    markerDefine(Background, kErrorLineMarker);

    setBraceMatching(SloppyBraceMatch);
    setAutoIndent(true);
    setIndentationsUseTabs(false);
    setTabWidth(4);
    setCaretLineVisible(true);
    // A horizontal scroll bar only when a line is wider than the view.
    SendScintilla(SCI_SETSCROLLWIDTH, 1);
    SendScintilla(SCI_SETSCROLLWIDTHTRACKING, 1);
    setAutoCompletionSource(AcsNone); // completion lists come from showCompletions()
    SendScintilla(SCI_AUTOCSETIGNORECASE, 1);
    SendScintilla(SCI_AUTOCSETCASEINSENSITIVEBEHAVIOUR, SC_CASEINSENSITIVEBEHAVIOUR_IGNORECASE);
    SendScintilla(SCI_AUTOCSETORDER, SC_ORDER_PERFORMSORT);
    SendScintilla(SCI_AUTOCSETMAXHEIGHT, 12);

    connect(this, &QsciScintillaBase::SCN_CHARADDED, this, &SqlTextEdit::onCharAdded);
    applyColors();
}

SqlTextEdit::~SqlTextEdit() = default;

void SqlTextEdit::setSchema(const Schema& schema)
{
    *m_schema = schema;
}

void SqlTextEdit::applyColors()
{
    const QPalette pal = palette();
    m_dark = pal.color(QPalette::Window).lightness() < 128;
    const SyntaxColors c = colorsFor(m_dark);

    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    const QColor paper = pal.color(QPalette::Base);
    const QColor text = pal.color(QPalette::Text);
    m_lexer->setDefaultFont(font);
    m_lexer->setDefaultPaper(paper);
    m_lexer->setDefaultColor(text);
    m_lexer->setFont(font, -1);
    m_lexer->setPaper(paper, -1);
    m_lexer->setColor(text, -1);

    QFont bold = font;
    bold.setBold(true);
    QFont italic = font;
    italic.setItalic(true);
    using L = QsciLexerSQL;
    m_lexer->setColor(c.keyword, L::Keyword);
    m_lexer->setFont(bold, L::Keyword);
    for (int s : {L::Comment, L::CommentLine, L::CommentDoc, L::CommentLineHash, L::PlusComment}) {
        m_lexer->setColor(c.comment, s);
        m_lexer->setFont(italic, s);
    }
    m_lexer->setColor(c.number, L::Number);
    m_lexer->setColor(c.string, L::SingleQuotedString);
    // In SQLite "…" and `…` quote identifiers, not strings.
    m_lexer->setColor(c.identifier, L::DoubleQuotedString);
    m_lexer->setColor(c.identifier, L::QuotedIdentifier);
    m_lexer->setColor(c.op, L::Operator);

    const QColor marginBack = pal.color(QPalette::Window);
    const QColor marginText = pal.color(QPalette::PlaceholderText);
    setMarginsBackgroundColor(marginBack);
    setMarginsForegroundColor(marginText);
    setMarginsFont(font);
    setMarginWidth(kLineNumberMargin, QFontMetrics(font).horizontalAdvance(QStringLiteral("00000")) + 6);
    setCaretForegroundColor(text);
    QColor caretLine = paper;
    caretLine = m_dark ? caretLine.lighter(125) : caretLine.darker(104);
    setCaretLineBackgroundColor(caretLine);
    setSelectionBackgroundColor(pal.color(QPalette::Highlight));
    setSelectionForegroundColor(pal.color(QPalette::HighlightedText));
    setMatchedBraceBackgroundColor(c.brace);
    setMatchedBraceForegroundColor(text);
    setUnmatchedBraceForegroundColor(c.errorMark);

    setMarkerBackgroundColor(c.errorMark, kErrorMarker);
    setMarkerForegroundColor(c.errorMark.darker(130), kErrorMarker);
    setMarkerBackgroundColor(c.warningMark, kWarningMarker);
    setMarkerForegroundColor(c.warningMark.darker(130), kWarningMarker);
    setMarkerBackgroundColor(c.errorLine, kErrorLineMarker);
    recolor();
}

void SqlTextEdit::changeEvent(QEvent* event)
{
    QsciScintilla::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        applyColors();
}

int SqlTextEdit::markerNumber(MarkKind kind) const
{
    return kind == MarkKind::Error ? kErrorMarker : kWarningMarker;
}

void SqlTextEdit::markLine(int line, MarkKind kind, const QString& tooltip)
{
    if (line < 1 || line > lines())
        return;
    markerAdd(line - 1, markerNumber(kind));
    if (kind == MarkKind::Error)
        markerAdd(line - 1, kErrorLineMarker);
    m_marks << LineMark{line, kind, tooltip};
}

void SqlTextEdit::clearMarks()
{
    markerDeleteAll(kErrorMarker);
    markerDeleteAll(kWarningMarker);
    markerDeleteAll(kErrorLineMarker);
    m_marks.clear();
}

QString SqlTextEdit::markTooltip(int line) const
{
    QStringList parts;
    for (const LineMark& m : m_marks)
        if (m.line == line && !m.tooltip.isEmpty())
            parts << m.tooltip;
    return parts.join(QLatin1Char('\n'));
}

bool SqlTextEdit::hasMarker(int line, MarkKind kind) const
{
    return line >= 1 && (markersAtLine(line - 1) & (1u << markerNumber(kind))) != 0;
}

bool SqlTextEdit::viewportEvent(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int marginsWidth = marginWidth(kLineNumberMargin) + marginWidth(kMarkMargin);
        if (help->pos().x() < marginsWidth) {
            // Scintilla margins are 0-based lines; take the line at the pointer's height.
            const long pos =
                SendScintilla(SCI_POSITIONFROMPOINT, static_cast<unsigned long>(marginsWidth + 1),
                              static_cast<long>(help->pos().y()));
            const int line = int(SendScintilla(SCI_LINEFROMPOSITION, static_cast<unsigned long>(pos))) + 1;
            const QString tip = markTooltip(line);
            if (!tip.isEmpty()) {
                QToolTip::showText(help->globalPos(), tip, viewport());
                return true;
            }
        }
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    return QsciScintilla::viewportEvent(event);
}

int SqlTextEdit::caretUtf8Position() const
{
    return int(SendScintilla(SCI_GETCURRENTPOS));
}

int SqlTextEdit::caretLine() const
{
    int line = 0, index = 0;
    getCursorPosition(&line, &index);
    return line + 1;
}

int SqlTextEdit::selectionFirstLine() const
{
    if (!hasSelectedText())
        return 0;
    int lineFrom = 0, indexFrom = 0, lineTo = 0, indexTo = 0;
    getSelection(&lineFrom, &indexFrom, &lineTo, &indexTo);
    return lineFrom + 1;
}

void SqlTextEdit::selectUtf8Range(int begin, int end)
{
    SendScintilla(SCI_SETSEL, static_cast<unsigned long>(begin), static_cast<long>(end));
    SendScintilla(SCI_SCROLLCARET);
}

void SqlTextEdit::wordBeforeCaret(QString* prefix, QString* qualifier) const
{
    const long pos = SendScintilla(SCI_GETCURRENTPOS);
    const long lineStart = SendScintilla(SCI_POSITIONFROMLINE, SendScintilla(SCI_LINEFROMPOSITION, pos));
    QByteArray raw = bytes(int(lineStart), int(pos));
    if (raw.endsWith('\0')) // QsciScintilla::bytes() includes the terminating NUL
        raw.chop(1);
    const QString before = QString::fromUtf8(raw);
    int i = int(before.size());
    while (i > 0 && isWordChar(before.at(i - 1)))
        --i;
    *prefix = before.mid(i);
    qualifier->clear();
    if (i > 0 && before.at(i - 1) == QLatin1Char('.')) {
        int end = i - 1;
        int j = end;
        if (j > 0 && before.at(j - 1) == QLatin1Char('"')) {
            // "quoted name".
            const int open = int(before.lastIndexOf(QLatin1Char('"'), j - 2));
            if (open >= 0)
                *qualifier = before.mid(open, end - open);
        } else {
            while (j > 0 && isWordChar(before.at(j - 1)))
                --j;
            *qualifier = before.mid(j, end - j);
        }
    }
}

QStringList SqlTextEdit::completionsAtCaret() const
{
    QString prefix, qualifier;
    wordBeforeCaret(&prefix, &qualifier);
    return completionsFor(*m_schema, prefix, qualifier);
}

bool SqlTextEdit::caretInStringOrComment() const
{
    const long pos = SendScintilla(SCI_GETCURRENTPOS);
    if (pos <= 0)
        return false;
    // Styling is lazy (done when painting): bring it up to the caret first.
    const long styled = SendScintilla(SCI_GETENDSTYLED);
    if (styled < pos)
        SendScintilla(SCI_COLOURISE, static_cast<unsigned long>(styled), static_cast<long>(pos));
    const int style = int(SendScintilla(SCI_GETSTYLEAT, static_cast<unsigned long>(pos - 1)));
    using L = QsciLexerSQL;
    return style == L::Comment || style == L::CommentLine || style == L::CommentDoc ||
           style == L::CommentLineHash || style == L::SingleQuotedString;
}

void SqlTextEdit::showCompletions()
{
    QString prefix, qualifier;
    wordBeforeCaret(&prefix, &qualifier);
    const QStringList words = completionsFor(*m_schema, prefix, qualifier);
    if (words.isEmpty() || (words.size() == 1 && words.first() == prefix)) {
        SendScintilla(SCI_AUTOCCANCEL);
        return;
    }
    // Names may hold spaces (they come quoted), so the list is separated by newlines.
    SendScintilla(SCI_AUTOCSETSEPARATOR, static_cast<unsigned long>('\n'));
    const QByteArray list = words.join(QLatin1Char('\n')).toUtf8();
    SendScintilla(SCI_AUTOCSHOW, static_cast<unsigned long>(prefix.toUtf8().size()), list.constData());
}

void SqlTextEdit::onCharAdded(int ch)
{
    if (isReadOnly() || caretInStringOrComment())
        return;
    if (ch == '.') {
        QString prefix, qualifier;
        wordBeforeCaret(&prefix, &qualifier);
        if (!qualifier.isEmpty())
            showCompletions();
        return;
    }
    if (ch > 0x7f || !isWordChar(QChar(ch)))
        return;
    if (SendScintilla(SCI_AUTOCACTIVE))
        return; // Scintilla narrows the open list itself
    QString prefix, qualifier;
    wordBeforeCaret(&prefix, &qualifier);
    if (prefix.size() >= 2 || !qualifier.isEmpty())
        showCompletions();
}

void SqlTextEdit::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Space && event->modifiers() == Qt::ControlModifier && !isReadOnly()) {
        showCompletions();
        return;
    }
    QsciScintilla::keyPressEvent(event);
}

} // namespace sluice::ui
