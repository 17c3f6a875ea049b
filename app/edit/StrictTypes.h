#pragma once
// STRICT tables refuse a value whose type the column's affinity cannot convert losslessly ("cannot
// store TEXT value in INTEGER column"). Checking the staged values first gives a message per cell
// before any transaction starts; the rules follow sqlite.org/stricttables.html and datatype3.html:
//   INT/INTEGER: integers; reals with an integral value; text that reads as such a number.
//   REAL: integers and reals; text that reads as a number.
//   TEXT: anything but a BLOB (numbers are converted to text).
//   BLOB: BLOBs only.    ANY: anything.    NULL is left to NOT NULL.
#include "CellProblem.h"
#include "StagedChanges.h"
#include "schema/Schema.h"

#include <QList>

namespace sluice {

// Empty when the column accepts the value; otherwise why not ("text 'abc' cannot be stored in the
// INTEGER column users.age of a STRICT table").
QString strictTypeProblem(const Table& table, const Column& column, const SqlValue& value);

// Every staged value a STRICT table would refuse (none for other tables).
QList<CellProblem> strictTypeProblems(const Table& table, const StagedChanges& changes);

} // namespace sluice
