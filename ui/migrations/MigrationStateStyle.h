#pragma once
// How each migration state looks in the GUI: a short label, a colour, an icon and a sentence that
// says what the state means for this database (tooltips, legends).
#include "drizzle/MigrationStatus.h"

#include <QColor>
#include <QIcon>
#include <QString>

namespace sluice::ui {

QString migrationStateLabel(MigrationState state);       // "Applied", "Pending", "Out of order" …
QString migrationStateExplanation(MigrationState state); // the tooltip sentence
QColor migrationStateColor(MigrationState state);        // readable on light and dark backgrounds
QIcon migrationStateIcon(MigrationState state);          // a coloured disc with a glyph
bool migrationStateIsProblem(MigrationState state);      // anything but applied / pending

} // namespace sluice::ui
