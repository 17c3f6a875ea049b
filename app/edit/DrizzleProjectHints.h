#pragma once
// The editor hints of the Drizzle project a database belongs to: the project found around the
// database file (drizzle.config.* in its folder or up to 4 parents), the latest snapshot of its
// migrations folder, and the schema source the config's `schema:` names (a file, or a folder of
// .ts files). Reads a few small files; callers run it off the GUI thread and keep the answer.
#include "DrizzleHints.h"

namespace sluice {

struct DrizzleProjectHints
{
    QString projectDir; // empty: the database is not in a Drizzle project
    QString snapshotPath;
    QStringList schemaFiles;
    DrizzleHints hints;
    QStringList notes; // what could not be read
};

DrizzleProjectHints drizzleHintsForDatabase(const QString& databasePath);

// The `schema:` entry of a drizzle.config text (a path or the first path of an array), or "".
QString drizzleConfigSchemaEntry(const QString& configText);

} // namespace sluice
