#include "EditApplier.h"

#include "BoundStatement.h"
#include "StrictTypes.h"
#include "ViewEditing.h"
#include "core/Identifiers.h"
#include "worker/DbWorker.h"

#include <QRegularExpression>
#include <QSet>

#include <sqlite3.h>

namespace sluice {

namespace {

const QString kOperation = QStringLiteral("Applying the staged changes");

int pragmaInt(sqlite3* db, const char* sql)
{
    sqlite3_stmt* st = nullptr;
    int v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

// Compares one loaded cell with the value on disk read as (typeof, length, prefix-or-value).
bool sameAsLoaded(const Cell& loaded, const QString& typeOnDisk, qint64 lengthOnDisk, const SqlValue& onDisk)
{
    if (Cell::storageFromTypeof(typeOnDisk) != loaded.storage)
        return false;
    switch (loaded.storage) {
    case Cell::Storage::Null:
        return true;
    case Cell::Storage::Integer:
    case Cell::Storage::Real:
        return SqlValue::fromCell(loaded) == onDisk;
    case Cell::Storage::Text:
        return lengthOnDisk == loaded.length && onDisk.toText() == loaded.value.toString();
    case Cell::Storage::Blob:
        return lengthOnDisk == loaded.length && onDisk.toBlob() == loaded.value.toByteArray();
    }
    return false;
}

// How many characters (text) or bytes (BLOB) of the loaded value the grid holds.
qint64 prefixLength(const Cell& c)
{
    if (c.storage == Cell::Storage::Text)
        return c.value.toString().toUcs4().size();
    if (c.storage == Cell::Storage::Blob)
        return c.value.toByteArray().size();
    return 0;
}

class Transaction
{
public:
    explicit Transaction(sqlite3* db) : m_db(db) {}
    void rollback()
    {
        if (sqlite3_get_autocommit(m_db) == 0)
            sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    }

private:
    sqlite3* m_db;
};

// The deletion or key change of the edited table that left `rowid` of `child` without its parent:
// the edit whose row had the values the child's foreign key `fkid` still holds. Compared with the
// row identity when the key refers to the locator columns, else with the loaded values.
const StagedEdit* parentEditOf(Connection& connection, const StagedChanges& changes,
                               const RowLocator& locator, const QString& child, const SqlValue& rowid,
                               int fkid)
{
    QStringList from, to;
    BoundStatement fk(
        connection,
        QStringLiteral("SELECT \"from\", \"to\" FROM pragma_foreign_key_list(?) WHERE id = ? ORDER BY seq"),
        QStringLiteral("Reading a foreign key"));
    if (!fk.ok() || !fk.bind(SqlValueList{SqlValue::text(child), SqlValue::integer(fkid)}))
        return nullptr;
    while (true) {
        Result<bool> r = fk.step();
        if (!r || !r.value())
            break;
        from << fk.value(0).toText();
        to << fk.value(1).toText();
    }
    SqlValueList held;
    if (!rowid.isNull() && !from.isEmpty()) {
        QStringList cols;
        for (const QString& f : from)
            cols << quoteIdentifier(f);
        BoundStatement read(connection,
                            QStringLiteral("SELECT %1 FROM %2 WHERE rowid = ?")
                                .arg(cols.join(QStringLiteral(", ")), quoteIdentifier(child)),
                            QStringLiteral("Reading a child row"));
        if (read.ok() && read.bind(SqlValueList{rowid})) {
            Result<bool> r = read.step();
            if (r && r.value())
                for (int i = 0; i < from.size(); ++i)
                    held << read.value(i);
        }
    }
    const bool byIdentity = [&] {
        if (to.size() != locator.labels.size())
            return false;
        for (int i = 0; i < to.size(); ++i)
            if (!to.at(i).isEmpty() && to.at(i).compare(locator.labels.at(i), Qt::CaseInsensitive) != 0)
                return false;
        return true;
    }();
    const StagedEdit* fallback = nullptr;
    for (const StagedEdit& ed : changes.edits()) {
        if (ed.kind == StagedEdit::Kind::Insert)
            continue;
        if (!fallback)
            fallback = &ed;
        if (held.isEmpty())
            continue;
        SqlValueList parentValues;
        if (byIdentity) {
            parentValues = ed.row.key;
        } else {
            for (const QString& t : to)
                for (const LoadedCell& l : ed.loaded)
                    if (l.column.compare(t, Qt::CaseInsensitive) == 0)
                        parentValues << SqlValue::fromCell(l.cell);
        }
        if (parentValues.size() != held.size())
            continue;
        bool same = true;
        for (int i = 0; i < held.size(); ++i) {
            const SqlValue& a = held.at(i);
            const SqlValue& b = parentValues.at(i);
            // The child may hold 1 where the parent key is 1.0 or '1': compare as SQLite would.
            same =
                same &&
                (a == b || (a.storage() != SqlValue::Storage::Blob && a.toSqlLiteral() == b.toSqlLiteral()) ||
                 (a.storage() == SqlValue::Storage::Text && a.toText() == b.toSqlLiteral()));
        }
        if (same)
            return &ed;
    }
    return fallback;
}

} // namespace

QStringList columnsInConstraintMessage(const QString& message, const QString& table)
{
    QStringList out;
    const QString prefix = table + QLatin1Char('.');
    auto strip = [&](QString c) {
        c = c.trimmed();
        if (c.startsWith(prefix, Qt::CaseInsensitive))
            c = c.mid(prefix.size());
        return c;
    };
    static const QRegularExpression listed(
        QStringLiteral("^(?:NOT NULL|UNIQUE|PRIMARY KEY) constraint failed: (.+)$"));
    static const QRegularExpression strict(QStringLiteral("^cannot store \\S+ value in \\S+ column (.+)$"));
    if (const QRegularExpressionMatch m = listed.match(message); m.hasMatch()) {
        for (const QString& part : m.captured(1).split(QStringLiteral(", ")))
            out << strip(part);
    } else if (const QRegularExpressionMatch s = strict.match(message); s.hasMatch()) {
        out << strip(s.captured(1));
    }
    return out;
}

ApplyReport applyStagedEdits(Connection& connection, const Table& table, const StagedChanges& changes,
                             const ApplyOptions& options, JobControl* control)
{
    ApplyReport report;
    auto refuse = [&](DbError e) {
        if (e.path.isEmpty())
            e.path = connection.path();
        if (!e.hint.contains(QStringLiteral("Nothing was changed")))
            e.hint += (e.hint.isEmpty() ? QString() : QStringLiteral(" ")) +
                      QStringLiteral("Nothing was changed; the staged edits are kept.");
        report.error = e;
        return report;
    };

    // 1. Types, before anything starts.
    report.problems = strictTypeProblems(table, changes);
    if (!report.problems.isEmpty()) {
        const CellProblem& p = report.problems.first();
        DbError e = DbError::plain(kOperation,
                                   report.problems.size() == 1
                                       ? p.message
                                       : QStringLiteral("%1 (and %2 more values of the wrong type)")
                                             .arg(p.message)
                                             .arg(report.problems.size() - 1),
                                   QStringLiteral("Correct the marked cells."));
        e.code = SQLITE_CONSTRAINT_DATATYPE;
        return refuse(e);
    }
    Result<EditPlan> built = buildEditPlan(table, changes);
    if (!built)
        return refuse(built.error());
    if (isViewTable(table)) {
        // SQLite changes a view's rows only through INSTEAD OF triggers: name the missing one.
        Result<ViewWriteAccess> access = readViewWriteAccess(connection, table.name);
        if (!access)
            return refuse(access.error());
        for (const StagedEdit& e : changes.edits()) {
            if (access->allows(e.kind))
                continue;
            const QString what = e.kind == StagedEdit::Kind::Insert   ? QStringLiteral("INSERT")
                                 : e.kind == StagedEdit::Kind::Update ? QStringLiteral("UPDATE")
                                                                      : QStringLiteral("DELETE");
            return refuse(DbError::plain(
                kOperation,
                QStringLiteral("the view %1 has no INSTEAD OF %2 trigger, so SQLite cannot %3 its rows")
                    .arg(table.name, what, what.toLower()),
                QStringLiteral("Add an INSTEAD OF %1 trigger to the view, or edit the table behind it.")
                    .arg(what)));
        }
    }
    const EditPlan& plan = built.value();
    const RowLocator& locator = plan.locator;

    sqlite3* db = connection.handle();
    if (!db)
        return refuse(DbError::plain(kOperation, connection.rawHandleProblem()));
    if (connection.isReadOnly() || sqlite3_db_readonly(db, "main") == 1) {
        DbError e = DbError::plain(kOperation, connection.readOnlyReason().isEmpty()
                                                   ? QStringLiteral("the database is open read-only")
                                                   : QStringLiteral("the database is read-only: ") +
                                                         connection.readOnlyReason());
        e.code = SQLITE_READONLY;
        return refuse(e);
    }
    if (sqlite3_get_autocommit(db) == 0)
        return refuse(
            DbError::plain(kOperation, QStringLiteral("a transaction is already open on this connection")));

    // 2. Foreign keys: set before BEGIN, restored at the end.
    const int previousForeignKeys = pragmaInt(db, "PRAGMA foreign_keys");
    const bool switchForeignKeys = options.enforceForeignKeys && previousForeignKeys == 0;
    if (switchForeignKeys &&
        sqlite3_exec(db, "PRAGMA foreign_keys=ON", nullptr, nullptr, nullptr) != SQLITE_OK)
        return refuse(connection.lastRawError(QStringLiteral("Turning foreign keys on")));
    auto restoreForeignKeys = [&] {
        if (switchForeignKeys)
            sqlite3_exec(db, "PRAGMA foreign_keys=OFF", nullptr, nullptr, nullptr);
    };
    Transaction txn(db);
    auto fail = [&](DbError e) {
        txn.rollback();
        restoreForeignKeys();
        report.insertedRowids.clear();
        report.statementsRun = 0;
        return refuse(std::move(e));
    };

    const qint64 total = plan.plan.statements.size();
    if (control)
        control->progress(0, total, QStringLiteral("Waiting for the write lock"));
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
        DbError e = connection.lastRawError(QStringLiteral("Starting the transaction"));
        if (e.isBusy())
            e.explanation =
                QStringLiteral("another process is writing to the database (waited for the busy timeout)");
        e.hint = QStringLiteral("Try again when the other program has finished.");
        return fail(e);
    }
    if (sqlite3_exec(db, "PRAGMA defer_foreign_keys=ON", nullptr, nullptr, nullptr) != SQLITE_OK)
        return fail(connection.lastRawError(QStringLiteral("Deferring foreign-key checks")));

    // 3. Conflicts, with the write lock held so nothing can change between check and write.
    const QString t = quoteIdentifier(table.name);
    for (const StagedEdit& e : changes.edits()) {
        if (e.kind == StagedEdit::Kind::Insert)
            continue;
        if (control && control->isCancelled())
            return fail(DbWorker::cancelledError());
        QStringList select{QStringLiteral("1")};
        SqlValueList binds;
        for (const LoadedCell& l : e.loaded) {
            const QString c = quoteIdentifier(l.column);
            select << QStringLiteral("typeof(%1)").arg(c) << QStringLiteral("length(%1)").arg(c)
                   << QStringLiteral(
                          "CASE WHEN typeof(%1) IN ('text', 'blob') THEN substr(%1, 1, ?) ELSE %1 END")
                          .arg(c);
            binds << SqlValue::integer(prefixLength(l.cell));
        }
        binds << e.row.key;
        BoundStatement st(
            connection,
            QStringLiteral("SELECT %1 FROM %2 WHERE %3")
                .arg(select.join(QStringLiteral(", ")), t, locator.whereSql()),
            QStringLiteral("Re-reading %1 to check it did not change").arg(locator.describe(e.row)));
        if (!st.ok())
            return fail(st.error());
        if (Status b = st.bind(binds); !b)
            return fail(b.error());
        Result<bool> row = st.step();
        if (!row)
            return fail(row.error());
        RowConflict conflict{e.id, e.row, locator.describe(e.row), !row.value(), {}};
        if (row.value()) {
            for (int i = 0; i < e.loaded.size(); ++i) {
                const SqlValue type = st.value(1 + 3 * i);
                const SqlValue length = st.value(2 + 3 * i);
                if (!sameAsLoaded(e.loaded.at(i).cell, type.toText(), length.toInteger(),
                                  st.value(3 + 3 * i)))
                    conflict.changedColumns << e.loaded.at(i).column;
            }
        }
        if (conflict.deletedOnDisk || !conflict.changedColumns.isEmpty())
            report.conflicts << conflict;
        if (locator.byAllColumns && row.value()) {
            // A view's row is its values: when they match several rows, the trigger would change
            // every one of them.
            BoundStatement count(
                connection, QStringLiteral("SELECT count(*) FROM %1 WHERE %2").arg(t, locator.whereSql()),
                QStringLiteral("Counting the rows of %1 that match %2")
                    .arg(table.name, locator.describe(e.row)));
            if (!count.ok())
                return fail(count.error());
            if (Status b = count.bind(e.row.key); !b)
                return fail(b.error());
            if (Result<bool> c = count.step(); !c)
                return fail(c.error());
            if (const qint64 n = count.value(0).toInteger(); n > 1) {
                report.problems << CellProblem{
                    e.id, QString(), locator.describe(e.row),
                    QStringLiteral("%1 rows of the view have these values").arg(n)};
                return fail(DbError::plain(
                    kOperation,
                    QStringLiteral("%1 rows of the view %2 have exactly the values of the edited row (%3): "
                                   "the edit would change all of them")
                        .arg(n)
                        .arg(table.name, locator.describe(e.row)),
                    QStringLiteral("Edit the table behind the view, where rows have a key.")));
            }
        }
    }
    if (!report.conflicts.isEmpty() && !options.overwriteConflicts) {
        QStringList rows;
        for (const RowConflict& c : report.conflicts)
            rows << (c.deletedOnDisk ? QStringLiteral("%1 was deleted").arg(c.rowText)
                                     : QStringLiteral("%1 changed (%2)")
                                           .arg(c.rowText, c.changedColumns.join(QStringLiteral(", "))));
        DbError e = DbError::plain(
            kOperation,
            QStringLiteral("%1 row(s) changed on disk since they were loaded: %2")
                .arg(report.conflicts.size())
                .arg(rows.join(QStringLiteral("; "))),
            QStringLiteral("Reload to see the current values, or apply anyway to overwrite them."));
        e.code = SQLITE_BUSY_SNAPSHOT;
        for (const RowConflict& c : report.conflicts)
            report.problems << CellProblem{c.editId,
                                           {},
                                           c.rowText,
                                           c.deletedOnDisk
                                               ? QStringLiteral("deleted by someone else since it was loaded")
                                               : QStringLiteral("changed on disk since it was loaded")};
        return fail(e);
    }

    // 4. The statements.
    QHash<int, const StagedEdit*> editById;
    for (const StagedEdit& e : changes.edits())
        editById.insert(e.id, &e);
    QHash<qint64, int> editOfRowid; // rowid → edit, for mapping foreign_key_check rows
    for (qsizetype i = 0; i < plan.plan.statements.size(); ++i) {
        const PlanStatement& s = plan.plan.statements.at(i);
        const int editId = plan.editIdOfStep.at(s.step);
        const StagedEdit& edit = *editById.value(editId);
        if (control) {
            control->progress(i, total, plan.plan.steps.at(s.step).name);
            if (control->isCancelled())
                return fail(DbWorker::cancelledError());
        }
        BoundStatement st(connection, s.sql, plan.plan.steps.at(s.step).name);
        Status run = st.ok() ? st.bind(s.binds) : Status(st.error());
        if (run)
            run = st.run();
        if (!run) {
            DbError e = run.error();
            const QString rowText = edit.kind == StagedEdit::Kind::Insert ? QStringLiteral("new row")
                                                                          : locator.describe(edit.row);
            QStringList cols = columnsInConstraintMessage(e.sqliteMessage, table.name);
            QString column;
            for (const QString& c : cols)
                if (edit.changeFor(c)) {
                    column = table.column(c) ? table.column(c)->name : c;
                    break;
                }
            if (column.isEmpty() && !cols.isEmpty())
                column = cols.first();
            if (column.isEmpty() && e.primaryCode() == SQLITE_CONSTRAINT) {
                // CHECK messages carry the constraint's name or expression; a FOREIGN KEY message
                // names nothing: pick the changed column the constraint is about.
                for (const CellChange& c : edit.changes) {
                    bool about = false;
                    if ((e.code == SQLITE_CONSTRAINT_CHECK) &&
                        e.sqliteMessage.contains(c.column, Qt::CaseInsensitive))
                        about = true;
                    if (e.code == SQLITE_CONSTRAINT_FOREIGNKEY)
                        for (const ForeignKey& fk : table.foreignKeys)
                            if (fk.fromColumns.contains(c.column, Qt::CaseInsensitive))
                                about = true;
                    if (e.code == SQLITE_CONSTRAINT_CHECK) {
                        const Column* col = table.column(c.column);
                        if (col && !col->check.isEmpty() && e.sqliteMessage.contains(col->check))
                            about = true;
                    }
                    if (about) {
                        column = c.column;
                        break;
                    }
                }
            }
            // A constraint that names nothing we could match, on an edit that set one column: that one.
            if (column.isEmpty() && e.primaryCode() == SQLITE_CONSTRAINT && edit.changes.size() == 1)
                column = edit.changes.first().column;
            if (column.isEmpty() && e.sqliteMessage.contains(QStringLiteral("datatype mismatch")) &&
                locator.byRowid && locator.labels.first() != locator.sqlTerms.first())
                column = locator.labels.first(); // text into the INTEGER PRIMARY KEY
            e.operation = QStringLiteral("%1 of %2").arg(plan.plan.steps.at(s.step).name, table.name);
            e.hint = QStringLiteral("The statement was: %1").arg(withLiterals(s).left(300));
            report.problems << CellProblem{editId, column, rowText, e.sqliteMessage};
            return fail(e);
        }
        ++report.statementsRun;
        if (edit.kind == StagedEdit::Kind::Insert && table.hasRowid()) {
            const qint64 rowid = sqlite3_last_insert_rowid(db);
            report.insertedRowids << qMakePair(editId, rowid);
            editOfRowid.insert(rowid, editId);
        } else if (sqlite3_changes(db) == 0 && !locator.byAllColumns) {
            // (INSTEAD OF triggers do not count as changes of the view: nothing to note for views.)
            report.notes << QStringLiteral("%1 changed no row: the row no longer exists")
                                .arg(plan.plan.steps.at(s.step).name);
        }
        if (edit.kind == StagedEdit::Kind::Update && locator.byRowid && edit.row.key.size() == 1) {
            // The rowid after the update (an INTEGER PRIMARY KEY may have been changed).
            qint64 rowid = edit.row.key.first().toInteger();
            if (const std::optional<SqlValue> n = edit.changeFor(locator.labels.first());
                n && n->storage() == SqlValue::Storage::Integer &&
                locator.isKeyColumn(locator.labels.first()))
                rowid = n->toInteger();
            editOfRowid.insert(rowid, editId);
        }
    }

    if (control)
        control->progress(total, total, QStringLiteral("Committing"));
    if (control && control->isCancelled())
        return fail(DbWorker::cancelledError());
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
        DbError e = connection.lastRawError(QStringLiteral("Committing the staged changes"));
        if (e.code == SQLITE_CONSTRAINT_FOREIGNKEY && sqlite3_get_autocommit(db) == 0) {
            // The transaction is still open: find the rows that break a foreign key.
            QStringList tables{table.name};
            // Children of the edited table (rows left pointing at a deleted or re-keyed parent).
            BoundStatement children(connection,
                                    QStringLiteral("SELECT DISTINCT m.name FROM sqlite_schema m, "
                                                   "pragma_foreign_key_list(m.name) f WHERE m.type = 'table' "
                                                   "AND f.\"table\" = ? COLLATE NOCASE"),
                                    QStringLiteral("Listing the tables that reference %1").arg(table.name));
            if (children.ok() && children.bind(SqlValueList{SqlValue::text(table.name)})) {
                while (true) {
                    Result<bool> r = children.step();
                    if (!r || !r.value())
                        break;
                    const QString child = children.value(0).toText();
                    if (!tables.contains(child))
                        tables << child;
                }
            }
            QStringList lines;
            for (const QString& child : tables) {
                BoundStatement check(
                    connection,
                    QStringLiteral("SELECT \"table\", rowid, parent, fkid FROM pragma_foreign_key_check(?)"),
                    QStringLiteral("Checking foreign keys"));
                if (!check.ok() || !check.bind(SqlValueList{SqlValue::text(child)}))
                    continue;
                while (true) {
                    Result<bool> r = check.step();
                    if (!r || !r.value())
                        break;
                    const SqlValue rowid = check.value(1);
                    const QString parent = check.value(2).toText();
                    const int fkid = int(check.value(3).toInteger());
                    CellProblem p;
                    if (child.compare(table.name, Qt::CaseInsensitive) == 0 && !rowid.isNull() &&
                        editOfRowid.contains(rowid.toInteger())) {
                        p.editId = editOfRowid.value(rowid.toInteger());
                        const StagedEdit& ed = *editById.value(p.editId);
                        p.rowText = ed.kind == StagedEdit::Kind::Insert ? QStringLiteral("new row")
                                                                        : locator.describe(ed.row);
                        for (const ForeignKey& fk : table.foreignKeys)
                            if (fk.id == fkid && !fk.fromColumns.isEmpty()) {
                                p.column = fk.fromColumns.first();
                                for (const QString& c : fk.fromColumns)
                                    if (ed.changeFor(c)) {
                                        p.column = c;
                                        break;
                                    }
                            }
                        p.message =
                            QStringLiteral("FOREIGN KEY constraint failed: no row in %1 has this value")
                                .arg(parent);
                    } else {
                        // A child row left without its parent: blame the deletions / key changes.
                        p.rowText = QStringLiteral("%1 rowid %2").arg(child, rowid.toSqlLiteral());
                        p.message = QStringLiteral("FOREIGN KEY constraint failed: row %1 of %2 still refers "
                                                   "to a row being deleted or re-keyed")
                                        .arg(rowid.toSqlLiteral(), child);
                        if (const StagedEdit* ed =
                                parentEditOf(connection, changes, locator, child, rowid, fkid)) {
                            p.editId = ed->id;
                            p.rowText = locator.describe(ed->row);
                        }
                    }
                    lines << QStringLiteral("%1: %2").arg(p.rowText, p.message);
                    report.problems << p;
                }
            }
            if (!lines.isEmpty())
                e.explanation = lines.mid(0, 10).join(QStringLiteral("; "));
        }
        return fail(e);
    }
    restoreForeignKeys();
    report.committed = true;
    return report;
}

} // namespace sluice
