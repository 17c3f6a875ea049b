#pragma once
// What is known about one backup file: read from its JSON sidecar (`<backup>.json`, written by Sluice
// beside every backup) or, for a file without one, from the file itself (then it counts as unverified).
#include "core/Result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace sluice {

struct BackupInfo
{
    QString path;       // the backup file (absolute)
    QString sourcePath; // the database it was taken from ("" when unknown)
    qint64 size = 0;    // bytes
    QString sha256;     // lowercase hex of the file's content ("" when unknown)
    QDateTime created;  // UTC; the file's modification time when there is no sidecar
    QString sqliteVersion;
    QString sluiceVersion;
    QString format = QStringLiteral("sqlite"); // "sqlite", "json", "sql"
    bool verified = false;
    QString migrationTag;                     // the last applied Drizzle migration ("" when none/unknown)
    std::optional<qint64> migrationCreatedAt; // its created_at
    bool hasSidecar = false;

    QJsonObject toJson() const;
    static BackupInfo fromJson(const QJsonObject& o, const QString& backupPath);
};

// "<backup>.json"
QString sidecarPath(const QString& backupPath);

// Writes the sidecar atomically (temporary file, flushed, renamed), mode 0600.
Status writeSidecar(const BackupInfo& info);

// Reads the sidecar of `backupPath`; nullopt when there is none or it is not a sidecar Sluice wrote.
std::optional<BackupInfo> readSidecar(const QString& backupPath);

// Lowercase hex SHA-256 of a file, read in blocks (memory stays flat for any size).
Result<QString> fileSha256Hex(const QString& path);

} // namespace sluice
