#include "BackupFormat.h"

#include "JsonStreamReader.h"

#include <QBuffer>
#include <QFile>
#include <QFileInfo>

namespace sluice {

namespace {

constexpr qint64 kPrefix = 64 * 1024;

bool looksLikeJsonBackup(const QByteArray& prefix, QString* why)
{
    QByteArray copy = prefix;
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    JsonStreamReader reader(&buffer);
    if (reader.next() != JsonStreamReader::Token::BeginObject) {
        *why = QStringLiteral("it starts like JSON but is not a JSON object");
        return false;
    }
    // Look at the members within the prefix; a truncated prefix simply ends the search.
    for (;;) {
        const auto t = reader.next();
        if (t != JsonStreamReader::Token::Key) {
            *why = t == JsonStreamReader::Token::EndObject
                       ? QStringLiteral("it is a JSON object without a \"metadata\" member")
                       : QStringLiteral("it is JSON, but no \"metadata\" object was found at its start (%1)")
                             .arg(reader.error().isEmpty() ? QStringLiteral("first 64 KiB") : reader.error());
            return false;
        }
        const bool isMetadata = reader.text() == "metadata";
        const auto v = reader.next();
        if (isMetadata) {
            if (v == JsonStreamReader::Token::BeginObject)
                return true;
            *why = QStringLiteral("its \"metadata\" member is not an object");
            return false;
        }
        if (!reader.skipValue(v)) {
            *why = QStringLiteral("it is JSON, but no \"metadata\" object was found in its first 64 KiB");
            return false;
        }
    }
}

// Skips whitespace and SQL comments; returns the offset of the first statement.
qsizetype firstStatement(const QByteArray& s)
{
    qsizetype i = 0;
    while (i < s.size()) {
        const char c = s[i];
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            ++i;
        } else if (s.mid(i, 2) == "--") {
            const qsizetype nl = s.indexOf('\n', i);
            i = nl < 0 ? s.size() : nl + 1;
        } else if (s.mid(i, 2) == "/*") {
            const qsizetype end = s.indexOf("*/", i + 2);
            i = end < 0 ? s.size() : end + 2;
        } else {
            break;
        }
    }
    return i;
}

} // namespace

QString backupFormatName(BackupFormat format)
{
    switch (format) {
    case BackupFormat::Sqlite:
        return QStringLiteral("sqlite");
    case BackupFormat::Json:
        return QStringLiteral("json");
    case BackupFormat::SqlDump:
        return QStringLiteral("sql");
    case BackupFormat::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

BackupFormat detectBackupFormat(const QString& path, QString* why)
{
    QString ignored;
    QString& reason = why ? *why : ignored;
    reason.clear();
    QFile file(path);
    if (QFileInfo(path).isDir()) {
        reason = QStringLiteral("%1 is a folder, not a backup file").arg(path);
        return BackupFormat::Unknown;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        reason = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return BackupFormat::Unknown;
    }
    const QByteArray prefix = file.read(kPrefix);
    if (prefix.isEmpty()) {
        reason = QStringLiteral("the file is empty");
        return BackupFormat::Unknown;
    }
    static const char kSqliteHeader[16] = {'S', 'Q', 'L', 'i', 't', 'e', ' ', 'f',
                                           'o', 'r', 'm', 'a', 't', ' ', '3', '\0'};
    if (prefix.startsWith(QByteArray::fromRawData(kSqliteHeader, 16)))
        return BackupFormat::Sqlite;
    if (prefix.size() < 16 && QByteArray("SQLite format 3").startsWith(prefix)) {
        reason = QStringLiteral("the file is a truncated SQLite database (only %1 bytes)").arg(prefix.size());
        return BackupFormat::Unknown;
    }
    if (prefix.contains('\0')) {
        reason =
            QStringLiteral("the file is binary, but not a SQLite database (no \"SQLite format 3\" header)");
        return BackupFormat::Unknown;
    }
    QByteArray text = prefix;
    if (text.startsWith("\xEF\xBB\xBF"))
        text.remove(0, 3);
    const qsizetype start = firstStatement(text);
    if (start < text.size() && text[start] == '{') {
        if (looksLikeJsonBackup(prefix, &reason))
            return BackupFormat::Json;
        return BackupFormat::Unknown;
    }
    const QByteArray head = text.mid(start, 32).toUpper();
    for (const char* keyword : {"PRAGMA", "BEGIN", "CREATE", "INSERT"}) {
        const qsizetype n = qsizetype(qstrlen(keyword));
        if (head.startsWith(keyword) && (head.size() == n || !QChar::isLetterOrNumber(uchar(head[n]))))
            return BackupFormat::SqlDump;
    }
    reason = QStringLiteral("the file is neither a SQLite database, nor a JSON backup (an object with "
                            "\"metadata\"), nor a SQL dump (text starting with PRAGMA, BEGIN or CREATE)");
    return BackupFormat::Unknown;
}

} // namespace sluice
