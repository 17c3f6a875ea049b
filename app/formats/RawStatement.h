#pragma once
// A sqlite3_stmt owned for its scope, for the formats' row-at-a-time loops: Qt Sql converts every
// value to a QVariant (and every text to UTF-16), which costs more than the encoding itself on a
// million-row export, and it cannot bind a 64-bit integer without passing it through QVariant
// conversions the encoders do not need.
#include "core/DbError.h"

#include <QString>

#include <sqlite3.h>

namespace sluice {

class RawStatement
{
public:
    RawStatement() = default;
    ~RawStatement() { sqlite3_finalize(m_st); }
    RawStatement(const RawStatement&) = delete;
    RawStatement& operator=(const RawStatement&) = delete;
    RawStatement(RawStatement&& o) noexcept : m_st(o.m_st) { o.m_st = nullptr; }
    RawStatement& operator=(RawStatement&& o) noexcept
    {
        std::swap(m_st, o.m_st);
        return *this;
    }

    // SQLITE_OK or the error code; the error text is then sqlite3_errmsg(db).
    int prepare(sqlite3* db, const QString& sql)
    {
        sqlite3_finalize(m_st);
        m_st = nullptr;
        const QByteArray utf8 = sql.toUtf8();
        return sqlite3_prepare_v2(db, utf8.constData(), int(utf8.size()), &m_st, nullptr);
    }
    sqlite3_stmt* get() const { return m_st; }
    operator sqlite3_stmt*() const { return m_st; }

private:
    sqlite3_stmt* m_st = nullptr;
};

// The connection's last error as a DbError (the statement, when given, is shown with it).
inline DbError sqliteError(sqlite3* db, const QString& operation, const QString& path,
                           const QString& statement = {})
{
    DbError e = DbError::fromSqlite(sqlite3_extended_errcode(db), QString::fromUtf8(sqlite3_errmsg(db)),
                                    operation, path);
    e.statement = statement;
    return e;
}

// Runs statements without results (BEGIN, DELETE ..., PRAGMA ...).
inline int execRawSql(sqlite3* db, const QString& sql)
{
    return sqlite3_exec(db, sql.toUtf8().constData(), nullptr, nullptr, nullptr);
}

} // namespace sluice
