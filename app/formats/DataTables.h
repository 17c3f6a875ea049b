#pragma once
// The tables whose rows a JSON backup holds: ordinary, WITHOUT ROWID and virtual tables (an FTS5
// table's rows are read and written through the table itself, which keeps its index right), not
// SQLite's own sqlite_* tables and not the shadow tables a virtual table keeps its data in.
#include "core/Result.h"

#include <QList>
#include <QStringList>

struct sqlite3;

namespace sluice {

struct DataTable
{
    QString name;
    QString sql;               // CREATE statement as stored in sqlite_schema
    QStringList columns;       // columns a row is written with: not generated, not hidden
    bool hasGenerated = false; // some columns are GENERATED: INSERTs must name their columns
    bool autoincrement = false;
    bool isVirtual = false;
};

// In sqlite_schema order (creation order).
Result<QList<DataTable>> readDataTables(sqlite3* db, const QString& path);

// Reads inside one transaction so every table comes from the same snapshot of the database, even
// while other connections write; the transaction ends with the object. When the connection is
// already inside a transaction, that one is the snapshot.
class ReadSnapshot
{
public:
    ReadSnapshot(sqlite3* db) : m_db(db) {}
    ~ReadSnapshot();
    Result<void> begin(const QString& path);
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;

private:
    sqlite3* m_db;
    bool m_began = false;
};

} // namespace sluice
