#pragma once
// Where a Drizzle database URL points: `file:./data/x.db`, `file:data/x.db`, `file:///abs/x.db`,
// a plain path, `:memory:`, or a remote libsql/http URL.
#include <QString>

namespace sluice {

struct DatabaseLocation
{
    enum class Kind { None, File, Memory, Remote };
    Kind kind = Kind::None;
    QString url;  // as given
    QString path; // absolute, cleaned (File only)

    bool isFile() const { return kind == Kind::File; }
};

// Relative paths are resolved against baseDir (the project folder, where drizzle-kit runs).
DatabaseLocation resolveDatabaseUrl(const QString& url, const QString& baseDir);

} // namespace sluice
