#include "BoundStatement.h"

#include <sqlite3.h>

namespace sluice {

BoundStatement::BoundStatement(Connection& connection, const QString& sql, const QString& operation)
    : m_connection(connection), m_sql(sql), m_operation(operation)
{
    sqlite3* db = connection.handle();
    if (!db) {
        m_error = DbError::plain(operation, connection.rawHandleProblem(), {}, connection.path());
        return;
    }
    const QByteArray utf8 = sql.toUtf8();
    if (sqlite3_prepare_v2(db, utf8.constData(), int(utf8.size()), &m_stmt, nullptr) != SQLITE_OK) {
        m_error = fail(operation);
        sqlite3_finalize(m_stmt);
        m_stmt = nullptr;
    } else if (!m_stmt) {
        m_error = DbError::plain(operation, QStringLiteral("the statement text holds no statement"));
    }
}

BoundStatement::~BoundStatement()
{
    sqlite3_finalize(m_stmt);
}

DbError BoundStatement::fail(const QString& operation) const
{
    DbError e = m_connection.lastRawError(operation);
    e.path = m_connection.path();
    e.statement = m_sql;
    return e;
}

Status BoundStatement::bind(const SqlValueList& values)
{
    if (!m_stmt)
        return m_error;
    for (int i = 0; i < values.size(); ++i) {
        const SqlValue& v = values.at(i);
        const int at = i + 1;
        int rc = SQLITE_OK;
        switch (v.storage()) {
        case SqlValue::Storage::Null:
            rc = sqlite3_bind_null(m_stmt, at);
            break;
        case SqlValue::Storage::Integer:
            rc = sqlite3_bind_int64(m_stmt, at, v.toInteger());
            break;
        case SqlValue::Storage::Real:
            rc = sqlite3_bind_double(m_stmt, at, v.toReal());
            break;
        case SqlValue::Storage::Text: {
            const QByteArray t = v.toText().toUtf8();
            rc = sqlite3_bind_text64(m_stmt, at, t.constData(), sqlite3_uint64(t.size()), SQLITE_TRANSIENT,
                                     SQLITE_UTF8);
            break;
        }
        case SqlValue::Storage::Blob: {
            const QByteArray& b = v.toBlob();
            // zeroblob for an empty BLOB: a null data pointer would bind NULL.
            rc = b.isEmpty() ? sqlite3_bind_zeroblob(m_stmt, at, 0)
                             : sqlite3_bind_blob64(m_stmt, at, b.constData(), sqlite3_uint64(b.size()),
                                                   SQLITE_TRANSIENT);
            break;
        }
        }
        if (rc != SQLITE_OK)
            return fail(m_operation);
    }
    return {};
}

Status BoundStatement::bind(const QVariantList& values)
{
    SqlValueList v;
    for (const QVariant& x : values)
        v << SqlValue::fromVariant(x);
    return bind(v);
}

Result<bool> BoundStatement::step()
{
    if (!m_stmt)
        return m_error;
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    DbError e = fail(m_operation);
    sqlite3_reset(m_stmt);
    return e;
}

Status BoundStatement::run()
{
    for (;;) {
        Result<bool> r = step();
        if (!r)
            return r.error();
        if (!r.value())
            return {};
    }
}

Status BoundStatement::reset()
{
    if (!m_stmt)
        return m_error;
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    return {};
}

int BoundStatement::columnCount() const
{
    return m_stmt ? sqlite3_column_count(m_stmt) : 0;
}

QString BoundStatement::columnName(int i) const
{
    return QString::fromUtf8(sqlite3_column_name(m_stmt, i));
}

SqlValue BoundStatement::value(int i) const
{
    switch (sqlite3_column_type(m_stmt, i)) {
    case SQLITE_INTEGER:
        return SqlValue::integer(sqlite3_column_int64(m_stmt, i));
    case SQLITE_FLOAT:
        return SqlValue::real(sqlite3_column_double(m_stmt, i));
    case SQLITE_TEXT: {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, i));
        return SqlValue::text(QString::fromUtf8(p, sqlite3_column_bytes(m_stmt, i)));
    }
    case SQLITE_BLOB: {
        const auto* p = static_cast<const char*>(sqlite3_column_blob(m_stmt, i));
        const int n = sqlite3_column_bytes(m_stmt, i);
        return SqlValue::blob(n > 0 ? QByteArray(p, n) : QByteArray("", 0));
    }
    default:
        return {};
    }
}

} // namespace sluice
