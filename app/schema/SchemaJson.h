#pragma once
#include "Schema.h"

#include <QJsonObject>

namespace sluice {

// The schema model as JSON (for `sluice schema --json` and for tests that compare schemas).
QJsonObject tableToJson(const Table& table);
QJsonObject schemaToJson(const Schema& schema);

} // namespace sluice
