#include "HealthSeverity.h"

namespace sluice {

QString healthSeverityName(HealthSeverity severity)
{
    switch (severity) {
    case HealthSeverity::Info:
        return QStringLiteral("info");
    case HealthSeverity::Warning:
        return QStringLiteral("warning");
    case HealthSeverity::Error:
        return QStringLiteral("error");
    }
    return QStringLiteral("info");
}

} // namespace sluice
