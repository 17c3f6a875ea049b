#include "BackupInfo.h"

#include "Sha256.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

namespace sluice {

namespace {
const QString kKind = QStringLiteral("sluice-backup");
}

QString sidecarPath(const QString& backupPath)
{
    return backupPath + QStringLiteral(".json");
}

QJsonObject BackupInfo::toJson() const
{
    QJsonObject o{
        {QStringLiteral("kind"), kKind},
        {QStringLiteral("file"), QFileInfo(path).fileName()},
        {QStringLiteral("source"), sourcePath},
        {QStringLiteral("size"), size},
        {QStringLiteral("sha256"), sha256},
        {QStringLiteral("created"), created.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("sqliteVersion"), sqliteVersion},
        {QStringLiteral("sluiceVersion"), sluiceVersion},
        {QStringLiteral("format"), format},
        {QStringLiteral("verified"), verified},
        {QStringLiteral("migrationTag"), migrationTag.isEmpty() ? QJsonValue() : QJsonValue(migrationTag)},
        // As text: a JSON number loses integers beyond 2^53 (created_at is ms, but stay exact).
        {QStringLiteral("migrationCreatedAt"),
         migrationCreatedAt ? QJsonValue(QString::number(*migrationCreatedAt)) : QJsonValue()},
    };
    return o;
}

BackupInfo BackupInfo::fromJson(const QJsonObject& o, const QString& backupPath)
{
    BackupInfo i;
    i.path = backupPath;
    i.sourcePath = o.value(QStringLiteral("source")).toString();
    i.size = qint64(o.value(QStringLiteral("size")).toDouble());
    i.sha256 = o.value(QStringLiteral("sha256")).toString();
    i.created =
        QDateTime::fromString(o.value(QStringLiteral("created")).toString(), Qt::ISODateWithMs).toUTC();
    i.sqliteVersion = o.value(QStringLiteral("sqliteVersion")).toString();
    i.sluiceVersion = o.value(QStringLiteral("sluiceVersion")).toString();
    i.format = o.value(QStringLiteral("format")).toString(QStringLiteral("sqlite"));
    i.verified = o.value(QStringLiteral("verified")).toBool();
    i.migrationTag = o.value(QStringLiteral("migrationTag")).toString();
    bool ok = false;
    const qint64 at = o.value(QStringLiteral("migrationCreatedAt")).toString().toLongLong(&ok);
    if (ok)
        i.migrationCreatedAt = at;
    i.hasSidecar = true;
    return i;
}

Status writeSidecar(const BackupInfo& info)
{
    const QString path = sidecarPath(info.path);
    // QSaveFile: a temporary file in the same folder, flushed (fsync) and renamed on commit().
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(QJsonDocument(info.toJson()).toJson(QJsonDocument::Indented)) < 0 || !file.commit())
        return DbError::plain(QStringLiteral("Writing the backup's sidecar"),
                              QStringLiteral("cannot write %1: %2").arg(path, file.errorString()),
                              QStringLiteral("Check the folder's permissions and free space."), path);
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return {};
}

std::optional<BackupInfo> readSidecar(const QString& backupPath)
{
    QFile file(sidecarPath(backupPath));
    if (!file.open(QIODevice::ReadOnly) || file.size() > 1 << 20)
        return std::nullopt;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll());
    if (!doc.isObject() || doc.object().value(QStringLiteral("kind")).toString() != kKind)
        return std::nullopt;
    return BackupInfo::fromJson(doc.object(), backupPath);
}

Result<QString> fileSha256Hex(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return DbError::plain(QStringLiteral("Computing the backup's checksum"),
                              QStringLiteral("cannot read %1: %2").arg(path, file.errorString()), {}, path);
    Sha256 hash;
    QByteArray buffer(4 << 20, Qt::Uninitialized);
    for (;;) {
        const qint64 n = file.read(buffer.data(), buffer.size());
        if (n < 0)
            return DbError::plain(QStringLiteral("Computing the backup's checksum"),
                                  QStringLiteral("reading %1 failed: %2").arg(path, file.errorString()), {},
                                  path);
        if (n == 0)
            break;
        hash.add(buffer.constData(), n);
    }
    return hash.hexDigest();
}

} // namespace sluice
