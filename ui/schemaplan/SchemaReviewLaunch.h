#pragma once
// The ways into a schema change review from the main window: compare the database with another
// schema (a database file, a .sql script, a Drizzle snapshot), check for drift against the latest
// snapshot of its Drizzle project, and review a Health fix as a schema change. Each opens a
// non-modal SchemaChangeReview (deleted when closed) and returns it, or returns nullptr after
// saying why in `messages` (nothing is changed then).
#include "core/Result.h"
#include "schema/Schema.h"

#include <QString>

#include <optional>

class QWidget;

namespace sluice::ui {

class DatabaseSession;
class MessageBar;
class SchemaChangeReview;
struct SchemaChangeRequest;

SchemaChangeReview* openSchemaChangeReview(DatabaseSession& session, const SchemaChangeRequest& request,
                                           QWidget* parent);

// `path`: a .sqlite/.db file, a .sql script or a drizzle-kit snapshot .json.
SchemaChangeReview* compareSchemaWith(DatabaseSession& session, const QString& path, MessageBar* messages,
                                      QWidget* parent);

// `migrationsDir`: the folder the Migrations tab uses ("" to find it from the project). "No drift"
// is said in `messages` (and nullptr returned) when the database matches the snapshot.
SchemaChangeReview* checkDrift(DatabaseSession& session, const QString& migrationsDir, MessageBar* messages,
                               QWidget* parent);

// The live schema with `fixSql` applied in memory, or nullopt when the fix changes no schema
// (ANALYZE, VACUUM, PRAGMA optimize, data changes): those belong in the SQL editor.
Result<std::optional<Schema>> schemaWithFix(const Schema& live, const QString& fixSql);
// The script that recreates `schema` (tables, then indexes, views and triggers) in an empty database.
QString schemaCreateScript(const Schema& schema);

// Opens the review of a Health fix; nullptr with `*isSchemaChange` false when the fix is no schema
// change (the caller sends it to the SQL editor).
SchemaChangeReview* reviewHealthFix(DatabaseSession& session, const QString& fixSql, const QString& title,
                                    MessageBar* messages, QWidget* parent, bool* isSchemaChange);

} // namespace sluice::ui
