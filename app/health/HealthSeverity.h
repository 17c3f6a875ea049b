#pragma once
// How serious a health finding is. Shared by the schema advice and the migration-table validation so
// the GUI and `sluice check` render them alike.
#include <QString>

namespace sluice {

enum class HealthSeverity {
    Info,    // worth knowing; nothing is wrong
    Warning, // likely to cause trouble (slow deletes, a migration that will not run …)
    Error,   // something is wrong now
};

// "info", "warning", "error" (the JSON and CLI spelling).
QString healthSeverityName(HealthSeverity severity);

} // namespace sluice
