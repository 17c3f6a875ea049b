#include "DataTables.h"

#include "RawStatement.h"

#include <QRegularExpression>

namespace sluice {

namespace {
QString columnText(sqlite3_stmt* st, int i)
{
    return QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, i)));
}
} // namespace

Result<QList<DataTable>> readDataTables(sqlite3* db, const QString& path)
{
    const QString op = QStringLiteral("Reading the list of tables");
    QList<DataTable> tables;
    RawStatement st;
    // table_list tells shadow tables (written by their virtual table, read-only in defensive mode)
    // from ordinary ones; it fails when a virtual table's module is missing, and then no virtual
    // table can be read anyway.
    if (st.prepare(db,
                   QStringLiteral("SELECT s.name, s.sql, l.type = 'virtual' FROM sqlite_schema AS s JOIN "
                                  "pragma_table_list AS l ON l.schema = 'main' AND l.name = s.name WHERE "
                                  "s.type = 'table' AND l.type IN ('table', 'virtual') AND s.name NOT LIKE "
                                  "'sqlite\\_%' ESCAPE '\\' ORDER BY s.rowid")) != SQLITE_OK &&
        st.prepare(db,
                   QStringLiteral("SELECT name, sql, 0 FROM sqlite_schema WHERE type = 'table' AND name NOT "
                                  "LIKE 'sqlite\\_%' ESCAPE '\\' AND sql NOT LIKE 'CREATE VIRTUAL%' "
                                  "ORDER BY rowid")) != SQLITE_OK)
        return sqliteError(db, op, path);
    int rc;
    static const QRegularExpression autoinc(QStringLiteral("\\bAUTOINCREMENT\\b"),
                                            QRegularExpression::CaseInsensitiveOption);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        DataTable t;
        t.name = columnText(st, 0);
        t.sql = columnText(st, 1);
        t.autoincrement = autoinc.match(t.sql).hasMatch();
        t.isVirtual = sqlite3_column_int(st, 2) != 0;
        tables << t;
    }
    if (rc != SQLITE_DONE)
        return sqliteError(db, op, path);
    for (DataTable& t : tables) {
        RawStatement cols;
        // hidden: 0 ordinary, 1 hidden (virtual tables), 2 and 3 generated (VIRTUAL, STORED).
        if (cols.prepare(db,
                         QStringLiteral("SELECT name, hidden FROM pragma_table_xinfo(?1) ORDER BY cid")) !=
            SQLITE_OK)
            return sqliteError(db, op, path);
        const QByteArray name = t.name.toUtf8();
        sqlite3_bind_text(cols, 1, name.constData(), int(name.size()), SQLITE_TRANSIENT);
        while ((rc = sqlite3_step(cols)) == SQLITE_ROW) {
            if (sqlite3_column_int(cols, 1) == 0)
                t.columns << columnText(cols, 0);
            else
                t.hasGenerated = true;
        }
        if (rc != SQLITE_DONE)
            return sqliteError(db, op, path);
    }
    return tables;
}

ReadSnapshot::~ReadSnapshot()
{
    if (m_began)
        sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr);
}

Result<void> ReadSnapshot::begin(const QString& path)
{
    if (!sqlite3_get_autocommit(m_db))
        return {};
    // BEGIN alone takes no lock; reading the schema right away starts the read transaction, so the
    // snapshot is fixed before the first table is listed.
    if (sqlite3_exec(m_db, "BEGIN; SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr) !=
        SQLITE_OK) {
        DbError e = sqliteError(m_db, QStringLiteral("Starting a read transaction"), path);
        if (!sqlite3_get_autocommit(m_db))
            sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        return e;
    }
    m_began = true;
    return {};
}

} // namespace sluice
