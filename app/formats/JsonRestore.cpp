#include "DataTables.h"
#include "JsonBackup.h"
#include "JsonRow.h"
#include "JsonStreamReader.h"
#include "RawStatement.h"
#include "TableOrder.h"
#include "core/Identifiers.h"
#include "worker/DbWorker.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSet>

#include <memory>
#include <unordered_map>

namespace sluice {

namespace {

using Token = JsonStreamReader::Token;
const QString kOp = QStringLiteral("Restoring a JSON backup");
const QString kUnchanged = QStringLiteral("The database was not changed.");

struct BackupTable
{
    QString name;
    qint64 offset = 0; // where its '[' is
    qint64 rows = 0;
};

struct Scan
{
    QList<BackupTable> tables;
    QStringList listed; // metadata.tables
    QHash<QString, QByteArray> sequences;
    bool hasMetadata = false;
};

DbError badFile(const QString& file, const QString& explanation)
{
    return DbError::plain(kOp, QStringLiteral("%1 is not a usable JSON backup: %2").arg(file, explanation),
                          QStringLiteral("Choose a complete backup file. ") + kUnchanged, file);
}

// The metadata object: only the members the restore needs are kept, the rest are skipped.
bool readMetadata(JsonStreamReader& reader, Scan& scan, QString* error)
{
    for (;;) {
        Token t = reader.next();
        if (t == Token::EndObject)
            return true;
        if (t != Token::Key)
            return *error = reader.error(), false;
        const QByteArray key = reader.text();
        t = reader.next();
        if (key == "tables" && t == Token::BeginArray) {
            while ((t = reader.next()) == Token::String)
                scan.listed << QString::fromUtf8(reader.text());
            if (t != Token::EndArray)
                return *error = reader.error().isEmpty()
                                    ? QStringLiteral("\"metadata\".\"tables\" must be a list of names")
                                    : reader.error(),
                       false;
        } else if (key == "sequences" && t == Token::BeginObject) {
            while ((t = reader.next()) == Token::Key) {
                const QString name = QString::fromUtf8(reader.text());
                if (reader.next() != Token::Number)
                    return *error =
                               reader.error().isEmpty()
                                   ? QStringLiteral("\"metadata\".\"sequences\" must map names to numbers")
                                   : reader.error(),
                           false;
                scan.sequences.insert(name, reader.text());
            }
            if (t != Token::EndObject)
                return *error = reader.error(), false;
        } else if (!reader.skipValue(t)) {
            return *error = reader.error(), false;
        }
    }
}

// Pass 1: the whole file, without touching the database. Every row is decoded exactly as the
// restore will decode it, so once this pass succeeds the file cannot fail the restore half-way.
Result<Scan> scanFile(QFile& file, JobControl* control)
{
    JsonStreamReader reader(&file);
    Scan scan;
    QString error;
    const qint64 size = file.size();
    if (reader.next() != Token::BeginObject)
        return badFile(file.fileName(), reader.error().isEmpty()
                                            ? QStringLiteral("it does not start with '{'")
                                            : reader.error());
    std::vector<JsonCell> cells;
    for (;;) {
        Token t = reader.next();
        if (t == Token::EndObject)
            break;
        if (t != Token::Key)
            return badFile(file.fileName(), reader.error());
        const QString name = QString::fromUtf8(reader.text());
        if (name == QLatin1String("metadata")) {
            if (reader.next() != Token::BeginObject)
                return badFile(file.fileName(), QStringLiteral("\"metadata\" is not an object"));
            if (!readMetadata(reader, scan, &error))
                return badFile(file.fileName(), error);
            scan.hasMetadata = true;
            continue;
        }
        for (const BackupTable& seen : scan.tables)
            if (seen.name == name)
                return badFile(file.fileName(), QStringLiteral("table \"%1\" appears twice").arg(name));
        BackupTable table;
        table.name = name;
        t = reader.next();
        table.offset = reader.tokenOffset();
        if (t != Token::BeginArray)
            return badFile(file.fileName(),
                           reader.error().isEmpty()
                               ? QStringLiteral("the value of \"%1\" is not a list of rows").arg(name)
                               : reader.error());
        while ((t = reader.next()) == Token::BeginObject) {
            ++table.rows;
            if (!readJsonRow(reader, cells, &error))
                return badFile(
                    file.fileName(),
                    QStringLiteral("table \"%1\", row %2: %3").arg(name).arg(table.rows).arg(error));
            if ((table.rows & 4095) == 0 && control) {
                if (control->isCancelled())
                    return DbWorker::cancelledError();
                control->progress(reader.position(), size, QStringLiteral("Checking the backup"));
            }
        }
        if (t != Token::EndArray)
            return badFile(
                file.fileName(),
                reader.error().isEmpty()
                    ? QStringLiteral("table \"%1\", row %2 is not an object").arg(name).arg(table.rows + 1)
                    : reader.error());
        scan.tables << table;
    }
    if (reader.next() != Token::End)
        return badFile(file.fileName(), reader.error());
    if (!scan.hasMetadata)
        return badFile(file.fileName(), QStringLiteral("it has no \"metadata\" object"));
    return scan;
}

// Foreign-key enforcement is off for the restore (it can only change outside a transaction) and
// back afterwards: with it on, emptying a parent table would cascade into tables the backup does not
// hold. The foreign_key_check before commit still refuses any row that points nowhere.
class Transaction
{
public:
    explicit Transaction(sqlite3* db) : m_db(db) {}
    ~Transaction()
    {
        if (m_open)
            sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        if (m_foreignKeys)
            sqlite3_exec(m_db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
    }
    int begin()
    {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(m_db, "PRAGMA foreign_keys", -1, &st, nullptr) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            m_foreignKeys = sqlite3_column_int(st, 0) != 0;
        sqlite3_finalize(st);
        sqlite3_exec(m_db, "PRAGMA foreign_keys = OFF", nullptr, nullptr, nullptr);
        const int rc = sqlite3_exec(m_db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
        m_open = rc == SQLITE_OK;
        return rc;
    }
    int commit()
    {
        const int rc = sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr);
        if (rc == SQLITE_OK)
            m_open = false;
        return rc;
    }

private:
    sqlite3* m_db;
    bool m_open = false;
    bool m_foreignKeys = false;
};

DbError rolledBack(DbError e)
{
    if (!e.hint.isEmpty())
        e.hint += QLatin1Char(' ');
    e.hint += QStringLiteral("The restore was rolled back; the database was not changed.");
    return e;
}

} // namespace

Result<ImportSummary> restoreJsonBackup(Connection& live, const QString& path, JobControl* control)
{
    QElapsedTimer clock;
    clock.start();
    sqlite3* db = live.handle();
    if (!db)
        return DbError::plain(kOp, live.rawHandleProblem(), {}, live.path());
    if (live.isReadOnly())
        return DbError::plain(
            kOp, QStringLiteral("the database is open read-only (%1)").arg(live.readOnlyReason()),
            QStringLiteral("Open it read-write to restore into it."), live.path());
    if (!sqlite3_get_autocommit(db))
        return DbError::plain(kOp, QStringLiteral("a transaction is open on this connection"),
                              QStringLiteral("Commit or roll it back first. ") + kUnchanged, live.path());
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return DbError::plain(kOp, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()),
                              kUnchanged, path);

    auto scan = scanFile(file, control);
    if (!scan)
        return scan.error();

    // The file against the live schema, before anything is written.
    auto liveTables = readDataTables(db, live.path());
    if (!liveTables)
        return liveTables.error();
    QHash<QString, DataTable> liveByName;
    for (const DataTable& t : *liveTables)
        liveByName.insert(t.name.toLower(), t);
    QSet<QString> inFile;
    QStringList names;
    ImportSummary summary;
    for (const BackupTable& t : scan->tables) {
        const auto it = liveByName.constFind(t.name.toLower());
        if (it == liveByName.constEnd())
            return DbError::plain(
                kOp,
                QStringLiteral("the backup holds rows for table \"%1\", which the database does not have")
                    .arg(t.name),
                QStringLiteral(
                    "A JSON backup restores data into an existing schema: create the table first "
                    "(apply the migrations), or restore a SQL dump or SQLite backup, which carry the "
                    "schema. ") +
                    kUnchanged,
                path);
        inFile.insert(t.name.toLower());
        names << it->name;
        if (!scan->listed.isEmpty() && !scan->listed.contains(t.name))
            summary.warnings << QStringLiteral("Table \"%1\" is in the file but not in its metadata's table "
                                               "list; its rows were restored.")
                                    .arg(t.name);
    }
    for (const QString& listed : scan->listed)
        if (!inFile.contains(listed.toLower()))
            return badFile(path, QStringLiteral("its metadata lists table \"%1\", but the file holds no rows "
                                                "for it (was the file cut or edited?)")
                                     .arg(listed));
    for (const DataTable& t : *liveTables)
        if (!inFile.contains(t.name.toLower()))
            summary.warnings << QStringLiteral(
                                    "Table \"%1\" is not in the backup; its rows were left as they are.")
                                    .arg(t.name);

    auto order = parentsFirst(db, names, live.path());
    if (!order)
        return order.error();

    Transaction tx(db);
    if (tx.begin() != SQLITE_OK)
        return rolledBack(sqliteError(db, kOp, live.path()));

    // Triggers would fire for every restored row and write what the backup already holds (audit
    // rows, updated_at stamps, counters): drop them for the restore, recreate them before commit.
    // DDL is transactional in SQLite, so a rollback brings them back as well.
    QList<QPair<QString, QByteArray>> triggers;
    {
        RawStatement st;
        if (st.prepare(db,
                       QStringLiteral("SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'trigger' "
                                      "ORDER BY rowid")) != SQLITE_OK)
            return rolledBack(sqliteError(db, kOp, live.path()));
        while (sqlite3_step(st) == SQLITE_ROW) {
            const QString table =
                QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 1))).toLower();
            if (inFile.contains(table))
                triggers.append({QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))),
                                 QByteArray(reinterpret_cast<const char*>(sqlite3_column_text(st, 2)))});
        }
    }
    for (const auto& trigger : triggers) {
        const QString sql = QStringLiteral("DROP TRIGGER %1").arg(quoteIdentifier(trigger.first));
        if (execRawSql(db, sql) != SQLITE_OK)
            return rolledBack(sqliteError(db, kOp, live.path(), sql));
    }
    for (auto it = order->crbegin(); it != order->crend(); ++it) {
        const QString sql = QStringLiteral("DELETE FROM %1").arg(quoteIdentifier(*it));
        if (execRawSql(db, sql) != SQLITE_OK)
            return rolledBack(
                sqliteError(db, QStringLiteral("Emptying table \"%1\"").arg(*it), live.path(), sql));
    }

    QHash<QString, const BackupTable*> fileTable;
    for (const BackupTable& t : scan->tables)
        fileTable.insert(t.name.toLower(), &t);
    JsonStreamReader reader(&file);
    std::vector<JsonCell> cells;
    QString error;
    qint64 totalRows = 0;
    for (const BackupTable& t : scan->tables)
        totalRows += t.rows;
    for (const QString& name : *order) {
        const BackupTable& bt = *fileTable.value(name.toLower());
        const DataTable& table = liveByName[name.toLower()];
        QSet<QString> columns;
        for (const QString& c : table.columns)
            columns.insert(c.toLower());
        if (!reader.seekToValue(bt.offset) || reader.next() != Token::BeginArray)
            return rolledBack(DbError::plain(
                kOp, QStringLiteral("%1 changed while it was being restored").arg(path), {}, path));
        // One prepared INSERT per distinct set of columns (rows may omit columns to take defaults).
        std::unordered_map<std::string, std::unique_ptr<RawStatement>> inserts;
        std::string key;
        qint64 row = 0;
        while (reader.next() == Token::BeginObject) {
            ++row;
            if (!readJsonRow(reader, cells, &error))
                return rolledBack(badFile(path, error));
            const QString where = QStringLiteral("Restoring table \"%1\", row %2").arg(name).arg(row);
            key.clear();
            for (const JsonCell& c : cells) {
                key.append(c.column.constData(), std::size_t(c.column.size()));
                key.push_back('\0');
            }
            auto& insert = inserts[key];
            if (!insert) {
                QStringList cols;
                for (const JsonCell& c : cells) {
                    const QString col = QString::fromUtf8(c.column);
                    if (!columns.contains(col.toLower()))
                        return rolledBack(DbError::plain(
                            where,
                            QStringLiteral("table \"%1\" has no column \"%2\"%3")
                                .arg(name, col,
                                     table.hasGenerated
                                         ? QStringLiteral(" that can be written (generated "
                                                          "columns are computed, not restored)")
                                         : QString()),
                            QStringLiteral("Restore a backup made from this schema, or migrate the database "
                                           "to the backup's schema first."),
                            path));
                    cols << col;
                }
                QStringList marks;
                for (int i = 1; i <= cols.size(); ++i)
                    marks << QStringLiteral("?%1").arg(i);
                const QString sql =
                    cols.isEmpty()
                        ? QStringLiteral("INSERT INTO %1 DEFAULT VALUES").arg(quoteIdentifier(name))
                        : QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                              .arg(quoteIdentifier(name), quoteIdentifiers(cols),
                                   marks.join(QStringLiteral(", ")));
                insert = std::make_unique<RawStatement>();
                if (insert->prepare(db, sql) != SQLITE_OK)
                    return rolledBack(sqliteError(db, where, live.path(), sql));
            }
            sqlite3_stmt* st = *insert;
            if (bindJsonCells(st, cells) != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE) {
                DbError e = sqliteError(db, where, live.path());
                sqlite3_reset(st);
                return rolledBack(e);
            }
            sqlite3_reset(st);
            if ((row & 4095) == 0 && control) {
                if (control->isCancelled())
                    return DbWorker::cancelledError();
                control->progress(summary.rows + row, totalRows, QStringLiteral("Restoring %1").arg(name));
            }
        }
        summary.rows += row;
        ++summary.tables;

        if (table.autoincrement) {
            // New rows must never reuse a restored id: the sequence is at least the largest id, and
            // at least what the source database had reached (it may have deleted its newest rows).
            const QByteArray recorded = scan->sequences.value(name, scan->sequences.value(bt.name));
            const QString sql =
                QStringLiteral("DELETE FROM sqlite_sequence WHERE name = ?1; "
                               "INSERT INTO sqlite_sequence (name, seq) SELECT ?1, max(m) FROM "
                               "(SELECT max(rowid) AS m FROM %1 UNION ALL SELECT CAST(?2 AS INTEGER)) "
                               "HAVING max(m) IS NOT NULL")
                    .arg(quoteIdentifier(name));
            const QByteArray utf8 = sql.toUtf8();
            const char* tail = utf8.constData();
            while (tail && *tail) {
                sqlite3_stmt* st = nullptr;
                if (sqlite3_prepare_v2(db, tail, -1, &st, &tail) != SQLITE_OK)
                    return rolledBack(sqliteError(db, kOp, live.path(), sql));
                if (!st)
                    break;
                const QByteArray n = name.toUtf8();
                sqlite3_bind_text(st, 1, n.constData(), int(n.size()), SQLITE_TRANSIENT);
                if (sqlite3_bind_parameter_count(st) >= 2) {
                    if (recorded.isEmpty())
                        sqlite3_bind_null(st, 2);
                    else
                        sqlite3_bind_text(st, 2, recorded.constData(), int(recorded.size()),
                                          SQLITE_TRANSIENT);
                }
                const int rc = sqlite3_step(st);
                sqlite3_finalize(st);
                if (rc != SQLITE_DONE)
                    return rolledBack(sqliteError(
                        db, QStringLiteral("Setting the AUTOINCREMENT sequence of \"%1\"").arg(name),
                        live.path(), sql));
            }
        }
    }

    for (const auto& trigger : triggers)
        if (sqlite3_exec(db, trigger.second.constData(), nullptr, nullptr, nullptr) != SQLITE_OK)
            return rolledBack(sqliteError(db, QStringLiteral("Recreating trigger \"%1\"").arg(trigger.first),
                                          live.path(), QString::fromUtf8(trigger.second)));

    // Foreign keys are checked whether or not the connection enforces them: a restored database
    // must not hold rows that point nowhere.
    {
        RawStatement st;
        if (st.prepare(db, QStringLiteral("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check")) !=
            SQLITE_OK)
            return rolledBack(sqliteError(db, kOp, live.path()));
        QStringList problems;
        qint64 count = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            if (++count <= 5)
                problems
                    << QStringLiteral("a row of \"%1\" (rowid %2) refers to a missing row of \"%3\"")
                           .arg(QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))),
                                QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 1))),
                                QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 2))));
        }
        if (count > 0)
            return rolledBack(DbError::plain(
                kOp,
                QStringLiteral("%1 foreign-key violation(s) after the restore: %2%3")
                    .arg(count)
                    .arg(problems.join(QStringLiteral("; ")), count > 5 ? QStringLiteral("; …") : QString()),
                QStringLiteral("The backup does not fit the rows the database keeps outside it, or it was "
                               "edited."),
                path));
    }
    if (control && control->isCancelled())
        return DbWorker::cancelledError();
    if (tx.commit() != SQLITE_OK)
        return rolledBack(sqliteError(db, QStringLiteral("Committing the restore"), live.path()));
    summary.elapsedMs = clock.elapsed();
    return summary;
}

Result<QList<QPair<QString, qint64>>> readJsonBackupRowCounts(const QString& path, JobControl* control)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return DbError::plain(QStringLiteral("Verifying a JSON backup"),
                              QStringLiteral("cannot read %1: %2").arg(path, file.errorString()), {}, path);
    auto scan = scanFile(file, control);
    if (!scan)
        return scan.error();
    QList<QPair<QString, qint64>> counts;
    for (const BackupTable& t : scan->tables)
        counts.append({t.name, t.rows});
    return counts;
}

} // namespace sluice
