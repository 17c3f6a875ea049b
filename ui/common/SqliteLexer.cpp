#include "SqliteLexer.h"

#include "query/SqlCompletions.h"

namespace sluice::ui {

SqliteLexer::SqliteLexer(QObject* parent) : QsciLexerSQL(parent)
{
    // Scintilla's SQL lexer compares lower-cased words.
    m_keywords = sqliteKeywords().join(QLatin1Char(' ')).toLower().toUtf8();
    setBackslashEscapes(false);
    setQuotedIdentifiers(true);
    setFoldComments(true);
}

const char* SqliteLexer::keywords(int set) const
{
    if (set == 1)
        return m_keywords.constData();
    return QsciLexerSQL::keywords(set);
}

} // namespace sluice::ui
