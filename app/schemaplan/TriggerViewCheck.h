#pragma once
// Triggers and views that name a column or table the target schema does not have. SQLite accepts
// them in CREATE TRIGGER / CREATE VIEW and fails only when the trigger fires or the view is read, and
// a schema plan recreates every trigger and view from the target once it drops, renames or rebuilds
// anything (plain SQLite would instead refuse the DROP COLUMN: "error in trigger tr after drop
// column: no such column: new.b"). So the objects are built, empty, in a private in-memory database
// with the tables and views they name, and each is compiled there by preparing — never running — a
// statement that reads the view or fires the trigger.
#include "schema/Schema.h"

#include <QList>
#include <QSet>
#include <QString>

namespace sluice {

struct BrokenObject
{
    QString name;    // the trigger or view
    QString sql;     // its CREATE text in the target
    QString message; // one sentence naming it and quoting SQLite ("no such column: new.b")
};

// Checks the views and triggers of `target` named in `objects` (lower case). Empty when all of them
// compile, and also when they cannot be built here (a virtual table of a module this build lacks):
// the check then has nothing reliable to say.
QList<BrokenObject> brokenTriggersAndViews(const Schema& target, const QSet<QString>& objects);

// The views and triggers of `to` that may have been broken by going from `from` to `to`: those that
// name a table or view `from` has and `to` has not, or a column that a table of both lost (and that
// table). An object naming nothing that disappears compiles as well as it did before; checking only
// these keeps a diff of large schemas from building the whole target a second time.
QSet<QString> objectsNamingRemovedThings(const Schema& from, const Schema& to);

} // namespace sluice
