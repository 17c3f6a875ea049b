#pragma once
#include <QString>
#include <QStringList>

namespace sluice {

struct Schema;

// SQLite's own keyword list (sqlite3_keyword_name), upper case, sorted.
const QStringList& sqliteKeywords();

// Words to offer when completing `prefix` (case-insensitive, may be empty):
// after "qualifier." the columns of that table or view; otherwise keywords, tables, views and all
// column names. Names that are not plain identifiers come back quoted. Sorted, without duplicates.
QStringList completionsFor(const Schema& schema, const QString& prefix, const QString& qualifier = {});

} // namespace sluice
