#pragma once
// What deleting some rows would do to other rows through foreign keys, counted (not guessed) with
// SELECT queries before anything is deleted:
//  - rows ON DELETE CASCADE would also delete, recursively through any number of levels and around
//    cycles (a row is counted once however many paths reach it);
//  - rows ON DELETE SET NULL / SET DEFAULT would change;
//  - rows of RESTRICT / NO ACTION foreign keys that would still reference a deleted row, which make
//    the deletion fail while foreign keys are on (as they are for edits).
// Grouped by table. Assumes foreign keys are enforced (EditApplier's default). Triggers are not
// simulated: a trigger that deletes more rows is not counted.
//
// Why SELECTs and not "delete inside a transaction, count, roll back": a RESTRICT child aborts the
// DELETE statement, so that route cannot count what lies behind it, and it takes the write lock and
// writes journal pages for a question that only reads. The walk keeps its working sets in TEMP
// tables of the connection (dropped at the end), so memory stays flat for large cascades; the
// database file is never written.
#include "RowLocator.h"
#include "core/Connection.h"
#include "schema/Schema.h"

#include <QList>
#include <QString>

namespace sluice {

class JobControl;

struct TableImpact
{
    QString table;
    qint64 deleted = 0;    // rows deleted (for the starting table: besides the ones asked for)
    qint64 setNull = 0;    // rows whose foreign-key columns become NULL
    qint64 setDefault = 0; // rows whose foreign-key columns get their DEFAULT
    qint64 blocking = 0;   // rows of RESTRICT / NO ACTION keys that still reference a deleted row
};

struct DeleteImpact
{
    qint64 requested = 0;      // rows asked for that exist
    QList<TableImpact> tables; // tables with something to report, in the order they were reached
    qint64 totalCascaded() const;
    bool wouldFail() const; // some blocking rows
    const TableImpact* find(const QString& table) const;
    // "Also deletes 12 rows in comments, 3 in likes; sets 2 rows of posts.editor_id to NULL"
    QString summary() const;
};

Result<DeleteImpact> countDeleteImpact(Connection& connection, const Schema& schema, const QString& table,
                                       const QList<RowIdentity>& rows, JobControl* control = nullptr);

} // namespace sluice
