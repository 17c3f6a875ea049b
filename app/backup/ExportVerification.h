#pragma once
// How a JSON backup or an SQL dump is verified once it is written, so that it can be recorded as
// verified like a SQLite copy: a JSON backup is read back in full (every row decoded, as a restore
// would), an SQL dump is loaded into a scratch database by the restore itself; either way the rows
// per table must equal what the writer wrote.
#include "core/Result.h"
#include "formats/BackupSummaries.h"

namespace sluice {

class JobControl;

// `format` is "json" or "sql"; `written` is the writer's summary (path, rows per table). The scratch
// database of an SQL dump is a hidden partial file beside the dump, removed afterwards (and by
// removeDeadPartials() if this process is killed). Errors name the table whose count differs.
Status verifyExport(const QString& format, const ExportSummary& written, JobControl* control = nullptr);

} // namespace sluice
