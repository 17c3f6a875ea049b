#pragma once
// A problem with one staged edit, for the GUI to show on the cell (or the row when the column is
// not known): a STRICT type refusal, a constraint SQLite reported, a foreign key left dangling.
#include <QString>

namespace sluice {

struct CellProblem
{
    int editId = 0;  // StagedEdit::id; 0 when SQLite's report could not be tied to one edit
    QString column;  // empty when the problem is about the whole row
    QString rowText; // "id = 5", "new row" — for messages
    QString message; // what is wrong, with SQLite's own words when it said something
};

} // namespace sluice
