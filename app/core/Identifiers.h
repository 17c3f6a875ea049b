#pragma once
#include <QString>
#include <QStringList>

namespace sluice {

// SQL identifiers are always quoted: "name" with embedded quotes doubled. Never build SQL from
// a name any other way; values are always bound, never spliced.
QString quoteIdentifier(const QString& name);
QString quoteIdentifiers(const QStringList& names, const QString& separator = QStringLiteral(", "));
// 'text' with embedded quotes doubled: only for showing SQL to a person or writing scripts, never
// for statements the engine runs with a value it could bind.
QString quoteLiteral(const QString& text);

} // namespace sluice
