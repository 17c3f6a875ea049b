#pragma once
#include <QMetaType>
#include <QString>

namespace sluice {

// Every engine failure as a value: what was being done, on which file, what SQLite said
// (with its extended result code), and what the person can do about it. The engine never
// shows a dialog; the GUI and the CLI render this.
struct DbError
{
    QString operation;     // "Opening the database", "Running statement 3" ...
    QString path;          // the file concerned, when there is one
    int code = 0;          // SQLite extended result code, 0 when the error is not SQLite's
    QString sqliteMessage; // sqlite3_errmsg() text, verbatim
    QString explanation;   // what happened, in words a person understands
    QString hint;          // what to do about it
    QString statement;     // the failing SQL, when there is one
    int line = 0;          // 1-based line of the failing statement in its script, 0 if unknown

    int primaryCode() const { return code & 0xff; }
    bool isInterrupted() const;
    bool isBusy() const;

    // One paragraph: "<operation> failed: <explanation> (<sqlite message>, code N). <hint>"
    QString message() const;

    // Fill explanation and hint from the SQLite code when they are empty.
    static DbError fromSqlite(int extendedCode, const QString& sqliteMessage, const QString& operation,
                              const QString& path = {});
    static DbError plain(const QString& operation, const QString& explanation, const QString& hint = {},
                         const QString& path = {});
};

// The name SQLite gives an extended result code ("SQLITE_CONSTRAINT_NOTNULL").
QString sqliteCodeName(int extendedCode);

} // namespace sluice

Q_DECLARE_METATYPE(sluice::DbError)
