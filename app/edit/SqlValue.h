#pragma once
// One SQLite value exactly as it is (or will be) stored: its storage class and its content. Used
// for staged edits, conflict checks, exports and the clipboard. NULL is distinct from empty text,
// integers are qint64 (never a double), BLOBs are bytes.
#include "browse/CellValue.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QVariant>

namespace sluice {

class SqlValue
{
public:
    using Storage = Cell::Storage;

    SqlValue() = default; // NULL
    static SqlValue null() { return {}; }
    static SqlValue integer(qint64 v);
    static SqlValue real(double v);
    static SqlValue text(const QString& v);
    static SqlValue blob(const QByteArray& v);
    // From a QVariant as Qt Sql / the grid hands it over: invalid or null → NULL, integral types →
    // Integer, double → Real, QByteArray → Blob, anything else → Text.
    static SqlValue fromVariant(const QVariant& v);
    // From a grid cell read in full (not truncated): keeps the storage SQLite reported.
    static SqlValue fromCell(const Cell& cell);

    Storage storage() const { return m_storage; }
    bool isNull() const { return m_storage == Storage::Null; }
    qint64 toInteger() const { return m_int; }
    double toReal() const { return m_real; }
    const QString& toText() const { return m_text; }
    const QByteArray& toBlob() const { return m_blob; }

    // The value to bind (what PlanRunner and Connection::prepare accept): NULL is an invalid
    // QVariant, empty text a non-null empty QString, an empty BLOB a non-null empty QByteArray.
    QVariant toBind() const;
    // SQLite's typeof() name: "null", "integer", "real", "text", "blob".
    QString typeName() const;
    // A SQL literal for showing a value to a person or writing a .sql script: NULL, 42, 1.5,
    // 'it''s', X'00FF'. Reals keep 17 significant digits so they read back identical.
    // Never executed by the engine when the value could be bound.
    QString toSqlLiteral() const;

    // Same storage class and same content (reals compare bit-for-bit equal values; NaN never
    // occurs in SQLite, which stores it as NULL).
    friend bool operator==(const SqlValue& a, const SqlValue& b);
    friend bool operator!=(const SqlValue& a, const SqlValue& b) { return !(a == b); }

private:
    Storage m_storage = Storage::Null;
    qint64 m_int = 0;
    double m_real = 0;
    QString m_text;
    QByteArray m_blob;
};

using SqlValueList = QList<SqlValue>;

} // namespace sluice
