#pragma once
#include <QList>
#include <QString>

namespace sluice {

// A minimal SQL tokenizer following SQLite's lexical rules (tokenize.c): enough to pick out the few
// things PRAGMAs do not report (CHECK text, COLLATE, GENERATED expressions, DEFERRABLE, AUTOINCREMENT,
// a partial index's WHERE). It is not a parser and never decides what SQL means.
struct SqlToken
{
    enum class Kind { Word, QuotedName, String, Number, Blob, Punct, Variable };
    Kind kind = Kind::Word;
    QString text;  // as written
    int begin = 0; // QString offsets in the source
    int end = 0;

    // Identifier value: unquoted for "x", `x`, [x]; the word itself otherwise.
    QString name() const;
    bool is(const char* keyword) const; // case-insensitive keyword test (Word tokens only)
    bool isPunct(QChar c) const { return kind == Kind::Punct && text.size() == 1 && text.at(0) == c; }
};

QList<SqlToken> tokenizeSql(const QString& sql);

} // namespace sluice
