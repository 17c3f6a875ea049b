#pragma once
#include "QsciHeaders.h"

#include <QByteArray>

namespace sluice::ui {

// QScintilla's SQL lexer with SQLite's own keyword list (sqlite3_keyword_name) and SQLite's
// quoting rules: no backslash escapes, backquotes quote identifiers.
class SqliteLexer : public QsciLexerSQL
{
    Q_OBJECT
public:
    explicit SqliteLexer(QObject* parent = nullptr);
    const char* keywords(int set) const override;

private:
    QByteArray m_keywords;
};

} // namespace sluice::ui
