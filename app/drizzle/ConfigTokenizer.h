#pragma once
// Tokens of a drizzle.config.{ts,js,mjs,cjs,json}. There is no JavaScript engine in Sluice: the config
// is read by finding its object literal among these tokens (DrizzleConfig.cpp). Enough of JS/TS
// lexing to get there: comments, the three quote styles, numbers, identifiers, punctuation.
#include "core/Result.h"

#include <QList>
#include <QString>

namespace sluice {

struct ConfigToken
{
    enum class Kind { Identifier, String, Template, Number, Punct };
    Kind kind = Kind::Punct;
    QString text; // a string's decoded value; a template's raw text; otherwise the source text
    int line = 1;

    bool is(Kind k, QStringView t) const { return kind == k && text == t; }
    bool isPunct(QStringView t) const { return is(Kind::Punct, t); }
    bool isIdentifier(QStringView t) const { return is(Kind::Identifier, t); }
};

// Fails on an unterminated string, template or comment (naming `path` and the line).
Result<QList<ConfigToken>> tokenizeConfig(const QString& text, const QString& path);

} // namespace sluice
