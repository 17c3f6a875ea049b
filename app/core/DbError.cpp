#include "DbError.h"

#include <sqlite3.h>

namespace sluice {

bool DbError::isInterrupted() const
{
    return primaryCode() == SQLITE_INTERRUPT;
}

bool DbError::isBusy() const
{
    return primaryCode() == SQLITE_BUSY || primaryCode() == SQLITE_LOCKED;
}

QString DbError::message() const
{
    QString text =
        operation.isEmpty() ? QStringLiteral("The operation failed") : operation + QStringLiteral(" failed");
    if (!path.isEmpty())
        text += QStringLiteral(" (%1)").arg(path);
    text += QStringLiteral(": ");
    if (!explanation.isEmpty())
        text += explanation;
    if (!sqliteMessage.isEmpty() && sqliteMessage != explanation) {
        if (!explanation.isEmpty())
            text += QStringLiteral(" — ");
        text += QStringLiteral("SQLite says “%1”").arg(sqliteMessage);
        if (code != 0)
            text += QStringLiteral(" (%1)").arg(sqliteCodeName(code));
    }
    if (!text.endsWith(QLatin1Char('.')))
        text += QLatin1Char('.');
    if (line > 0)
        text += QStringLiteral(" At line %1.").arg(line);
    if (!hint.isEmpty())
        text += QLatin1Char(' ') + hint;
    return text;
}

DbError DbError::plain(const QString& operation, const QString& explanation, const QString& hint,
                       const QString& path)
{
    DbError e;
    e.operation = operation;
    e.explanation = explanation;
    e.hint = hint;
    e.path = path;
    return e;
}

DbError DbError::fromSqlite(int extendedCode, const QString& sqliteMessage, const QString& operation,
                            const QString& path)
{
    DbError e;
    e.operation = operation;
    e.path = path;
    e.code = extendedCode;
    e.sqliteMessage = sqliteMessage;
    switch (extendedCode & 0xff) {
    case SQLITE_NOTADB:
        e.explanation =
            QStringLiteral("the file is not an SQLite database (its header is not “SQLite format 3”)");
        e.hint =
            QStringLiteral("Choose an SQLite database file. If it is one, it may be encrypted or damaged.");
        break;
    case SQLITE_CORRUPT:
        e.explanation = QStringLiteral("part of the database file is damaged");
        e.hint =
            QStringLiteral("What can be read is still shown. Run an integrity check, and restore a backup "
                           "if you have one.");
        break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        e.explanation =
            QStringLiteral("the database is locked by another connection or process that is writing "
                           "to it");
        e.hint = QStringLiteral("Wait for the other program to finish its transaction (or close it), then "
                                "try again.");
        break;
    case SQLITE_READONLY:
        e.explanation = QStringLiteral("the database is open read-only");
        e.hint =
            QStringLiteral("Check the file's permissions and those of its folder (SQLite writes a journal "
                           "beside the file).");
        break;
    case SQLITE_CANTOPEN:
        e.explanation = QStringLiteral("the file could not be opened");
        e.hint = QStringLiteral("Check that the path exists, is a file, and is readable.");
        break;
    case SQLITE_PERM:
    case SQLITE_AUTH:
        e.explanation = QStringLiteral("access was denied");
        e.hint = QStringLiteral("Check the file's permissions.");
        break;
    case SQLITE_FULL:
        e.explanation = QStringLiteral("the disk is full");
        e.hint = QStringLiteral("Free some space and try again; nothing was changed.");
        break;
    case SQLITE_IOERR:
        e.explanation = QStringLiteral("reading or writing the file failed");
        e.hint =
            QStringLiteral("Check the disk and the file system (network shares and full disks often cause "
                           "this).");
        break;
    case SQLITE_INTERRUPT:
        e.explanation = QStringLiteral("it was cancelled");
        break;
    case SQLITE_CONSTRAINT:
        e.explanation = QStringLiteral("a constraint was violated");
        break;
    case SQLITE_TOOBIG:
        e.explanation = QStringLiteral("a value is larger than the limit set for this connection");
        break;
    case SQLITE_NOMEM:
        e.explanation = QStringLiteral("SQLite ran out of memory");
        break;
    default:
        break;
    }
    return e;
}

QString sqliteCodeName(int c)
{
    switch (c) {
    case SQLITE_ERROR:
        return QStringLiteral("SQLITE_ERROR");
    case SQLITE_INTERNAL:
        return QStringLiteral("SQLITE_INTERNAL");
    case SQLITE_PERM:
        return QStringLiteral("SQLITE_PERM");
    case SQLITE_ABORT:
        return QStringLiteral("SQLITE_ABORT");
    case SQLITE_BUSY:
        return QStringLiteral("SQLITE_BUSY");
    case SQLITE_BUSY_SNAPSHOT:
        return QStringLiteral("SQLITE_BUSY_SNAPSHOT");
    case SQLITE_LOCKED:
        return QStringLiteral("SQLITE_LOCKED");
    case SQLITE_NOMEM:
        return QStringLiteral("SQLITE_NOMEM");
    case SQLITE_READONLY:
        return QStringLiteral("SQLITE_READONLY");
    case SQLITE_READONLY_DBMOVED:
        return QStringLiteral("SQLITE_READONLY_DBMOVED");
    case SQLITE_INTERRUPT:
        return QStringLiteral("SQLITE_INTERRUPT");
    case SQLITE_IOERR:
        return QStringLiteral("SQLITE_IOERR");
    case SQLITE_CORRUPT:
        return QStringLiteral("SQLITE_CORRUPT");
    case SQLITE_NOTFOUND:
        return QStringLiteral("SQLITE_NOTFOUND");
    case SQLITE_FULL:
        return QStringLiteral("SQLITE_FULL");
    case SQLITE_CANTOPEN:
        return QStringLiteral("SQLITE_CANTOPEN");
    case SQLITE_PROTOCOL:
        return QStringLiteral("SQLITE_PROTOCOL");
    case SQLITE_SCHEMA:
        return QStringLiteral("SQLITE_SCHEMA");
    case SQLITE_TOOBIG:
        return QStringLiteral("SQLITE_TOOBIG");
    case SQLITE_CONSTRAINT:
        return QStringLiteral("SQLITE_CONSTRAINT");
    case SQLITE_CONSTRAINT_CHECK:
        return QStringLiteral("SQLITE_CONSTRAINT_CHECK");
    case SQLITE_CONSTRAINT_FOREIGNKEY:
        return QStringLiteral("SQLITE_CONSTRAINT_FOREIGNKEY");
    case SQLITE_CONSTRAINT_NOTNULL:
        return QStringLiteral("SQLITE_CONSTRAINT_NOTNULL");
    case SQLITE_CONSTRAINT_PRIMARYKEY:
        return QStringLiteral("SQLITE_CONSTRAINT_PRIMARYKEY");
    case SQLITE_CONSTRAINT_UNIQUE:
        return QStringLiteral("SQLITE_CONSTRAINT_UNIQUE");
    case SQLITE_CONSTRAINT_TRIGGER:
        return QStringLiteral("SQLITE_CONSTRAINT_TRIGGER");
    case SQLITE_CONSTRAINT_DATATYPE:
        return QStringLiteral("SQLITE_CONSTRAINT_DATATYPE");
    case SQLITE_MISMATCH:
        return QStringLiteral("SQLITE_MISMATCH");
    case SQLITE_MISUSE:
        return QStringLiteral("SQLITE_MISUSE");
    case SQLITE_AUTH:
        return QStringLiteral("SQLITE_AUTH");
    case SQLITE_RANGE:
        return QStringLiteral("SQLITE_RANGE");
    case SQLITE_NOTADB:
        return QStringLiteral("SQLITE_NOTADB");
    default:
        break;
    }
    return QStringLiteral("SQLite code %1").arg(c);
}

} // namespace sluice
