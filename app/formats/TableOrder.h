#pragma once
// Tables in foreign-key dependency order, parents before children: the order in which rows can
// be inserted without a reference to a row that is not there yet (and, reversed, the order in
// which they can be deleted). Self-references and cycles cannot be ordered; those tables keep
// their relative order (the restores insert with enforcement off and check foreign keys at the end).
#include "core/Result.h"

#include <QStringList>

struct sqlite3;

namespace sluice {

Result<QStringList> parentsFirst(sqlite3* db, const QStringList& tables, const QString& path);

} // namespace sluice
