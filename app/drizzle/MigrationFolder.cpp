#include "MigrationFolder.h"

#include "NodeText.h"

#include <QCollator>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace sluice {

namespace {

const QString kReading = QStringLiteral("Reading the migrations folder");

// 1-based line and column of a byte offset, for JSON parse errors.
std::pair<int, int> lineAndColumn(const QByteArray& bytes, qsizetype offset)
{
    int line = 1, column = 1;
    for (qsizetype i = 0; i < offset && i < bytes.size(); ++i) {
        if (bytes[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return {line, column};
}

DbError journalError(const QString& path, const QString& explanation, int line = 0)
{
    DbError e =
        DbError::plain(QStringLiteral("Reading the migration journal"), explanation,
                       QStringLiteral("Fix the file by hand or regenerate it with drizzle-kit; drizzle-orm "
                                      "cannot migrate with it either."),
                       path);
    e.line = line;
    return e;
}

Result<MigrationFolder> readJournalLayout(MigrationFolder folder)
{
    const QString journalPath = folder.journalPath;
    QFile file(journalPath);
    if (!file.open(QIODevice::ReadOnly))
        return journalError(journalPath,
                            QStringLiteral("the file cannot be read (%1)").arg(file.errorString()));
    const QByteArray bytes = file.readAll();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const auto [line, column] = lineAndColumn(bytes, parseError.offset);
        return journalError(journalPath,
                            QStringLiteral("it is not valid JSON: %1 at byte offset %2 (line %3, column %4)")
                                .arg(parseError.errorString())
                                .arg(parseError.offset)
                                .arg(line)
                                .arg(column),
                            line);
    }
    if (!doc.isObject() || !doc.object().value(QStringLiteral("entries")).isArray())
        return journalError(journalPath, QStringLiteral("expected an object with an \"entries\" array"));
    const QJsonObject root = doc.object();
    folder.journalVersion = root.value(QStringLiteral("version")).toString();
    folder.dialect = root.value(QStringLiteral("dialect")).toString();
    if (!folder.dialect.isEmpty() && folder.dialect != QLatin1String("sqlite") &&
        folder.dialect != QLatin1String("turso"))
        folder.problems.append(
            {FolderProblem::Kind::WrongDialect,
             journalPath,
             {},
             QStringLiteral("The journal's dialect is \"%1\", not \"sqlite\": these migrations "
                            "were generated for another database. Point Sluice at the SQLite "
                            "project's migrations folder.")
                 .arg(folder.dialect)});

    const QJsonArray entries = root.value(QStringLiteral("entries")).toArray();
    QSet<QString> tags;
    QSet<QString> listedFiles;
    for (qsizetype pos = 0; pos < entries.size(); ++pos) {
        const QString where = QStringLiteral("entries[%1]").arg(pos);
        if (!entries.at(pos).isObject())
            return journalError(journalPath, where + QStringLiteral(" is not an object"));
        const QJsonObject o = entries.at(pos).toObject();
        JournalEntry e;
        e.idx = o.value(QStringLiteral("idx")).toInt(-1);
        e.tag = o.value(QStringLiteral("tag")).toString();
        e.version = o.value(QStringLiteral("version")).toString();
        e.breakpoints = o.value(QStringLiteral("breakpoints")).toBool(true);
        const QJsonValue when = o.value(QStringLiteral("when"));
        if (e.tag.isEmpty())
            return journalError(journalPath, where + QStringLiteral(" has no \"tag\" string"));
        // Hand-edited journals sometimes quote the number; JavaScript's `<` still compares it as one.
        bool numeric = false;
        const double whenValue =
            when.isString() ? when.toString().trimmed().toDouble(&numeric) : when.toDouble();
        numeric |= when.isDouble();
        if (!numeric || std::floor(whenValue) != whenValue)
            return journalError(journalPath,
                                QStringLiteral("%1 (%2) has no integer \"when\"").arg(where, e.tag));
        e.when = qint64(whenValue);
        e.path = QDir(folder.path).filePath(e.tag + QStringLiteral(".sql"));
        e.fileExists = QFileInfo(e.path).isFile();

        if (tags.contains(e.tag))
            folder.problems.append(
                {FolderProblem::Kind::DuplicateTag, journalPath, e.tag,
                 QStringLiteral("The journal lists %1 more than once: drizzle-orm would run "
                                "the file once per entry. Remove the duplicate entry.")
                     .arg(e.tag)});
        tags.insert(e.tag);
        listedFiles.insert(QFileInfo(e.path).absoluteFilePath());
        if (!folder.entries.isEmpty() && e.when <= folder.entries.last().when)
            folder.problems.append(
                {FolderProblem::Kind::NonIncreasingWhen, journalPath, e.tag,
                 QStringLiteral(
                     "%1 has \"when\" %2, not later than the previous entry's %3 (%4): drizzle-orm "
                     "skips it forever on a database that already has the previous one. Give it "
                     "a \"when\" above every earlier entry (or regenerate it).")
                     .arg(e.tag)
                     .arg(e.when)
                     .arg(folder.entries.last().when)
                     .arg(folder.entries.last().tag)});

        if (!e.fileExists) {
            folder.problems.append(
                {FolderProblem::Kind::EntryWithoutFile, e.path, e.tag,
                 QStringLiteral("The journal lists %1 but %2 does not exist: drizzle-orm "
                                "stops with \"No file %2 found in %3 folder\". Restore the "
                                "file or remove its journal entry.")
                     .arg(e.tag, e.path, folder.path)});
        } else {
            auto source = readDrizzleMigrationFile(e.path, e.tag, e.when);
            if (!source)
                folder.problems.append(
                    {FolderProblem::Kind::UnreadableFile, e.path, e.tag, source.error().message()});
            else
                folder.migrations.append(*source);
        }
        folder.entries.append(e);
    }

    const QDir dir(folder.path);
    for (const QFileInfo& f : dir.entryInfoList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name)) {
        if (listedFiles.contains(f.absoluteFilePath()))
            continue;
        folder.unlistedFiles.append(f.absoluteFilePath());
        folder.problems.append(
            {FolderProblem::Kind::FileWithoutEntry, f.absoluteFilePath(), f.completeBaseName(),
             QStringLiteral("%1 has no entry in meta/_journal.json: drizzle-orm ignores it. "
                            "Add it with drizzle-kit (or delete it if it is a leftover).")
                 .arg(f.fileName())});
    }
    for (const QFileInfo& f :
         QDir(dir.filePath(QStringLiteral("meta")))
             .entryInfoList({QStringLiteral("*_snapshot.json")}, QDir::Files, QDir::Name))
        folder.snapshots.append(f.absoluteFilePath());
    return folder;
}

Result<MigrationFolder> readFolderLayout(MigrationFolder folder, QFileInfoList subfolders)
{
    std::stable_sort(subfolders.begin(), subfolders.end(), [](const QFileInfo& a, const QFileInfo& b) {
        return drizzleNameLess(a.fileName(), b.fileName());
    });
    for (const QFileInfo& sub : subfolders) {
        const QString name = sub.fileName();
        const QString sqlPath = QDir(sub.absoluteFilePath()).filePath(QStringLiteral("migration.sql"));
        if (!QFileInfo(sqlPath).isFile()) {
            if (folderTimestampMillis(name) >= 0)
                folder.problems.append(
                    {FolderProblem::Kind::FolderWithoutSql, sub.absoluteFilePath(), name,
                     QStringLiteral("%1 has no migration.sql: drizzle-orm skips the folder. "
                                    "Restore the file or remove the folder.")
                         .arg(name)});
            continue;
        }
        const std::optional<qint64> createdAt = drizzleFolderMillis(name);
        auto source = readDrizzleMigrationFile(sqlPath, name, createdAt.value_or(0));
        if (source)
            source->createdAtIsNull = !createdAt;
        if (!source) {
            folder.problems.append(
                {FolderProblem::Kind::UnreadableFile, sqlPath, name, source.error().message()});
            continue;
        }
        folder.migrations.append(*source);
        const QString snapshot = QDir(sub.absoluteFilePath()).filePath(QStringLiteral("snapshot.json"));
        if (QFileInfo(snapshot).isFile())
            folder.snapshots.append(snapshot);
    }
    return folder;
}

} // namespace

bool MigrationFolder::hasProblem(FolderProblem::Kind kind) const
{
    for (const FolderProblem& p : problems)
        if (p.kind == kind)
            return true;
    return false;
}

qint64 folderTimestampMillis(const QString& folderName)
{
    static const QRegularExpression prefix(
        QStringLiteral("^(\\d{4})(\\d{2})(\\d{2})(\\d{2})(\\d{2})(\\d{2})"));
    const auto m = prefix.match(folderName);
    if (!m.hasMatch())
        return -1;
    const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    const QTime time(m.captured(4).toInt(), m.captured(5).toInt(), m.captured(6).toInt());
    if (!date.isValid() || !time.isValid())
        return -1;
    return QDateTime(date, time, Qt::UTC).toMSecsSinceEpoch();
}

namespace {

// JavaScript's parseInt(text, 10): leading whitespace, an optional sign, then as many digits as there
// are; nullopt (NaN) when no digit follows.
std::optional<qint64> jsParseInt(const QString& text)
{
    qsizetype i = 0;
    while (i < text.size() && text.at(i).isSpace())
        ++i;
    bool negative = false;
    if (i < text.size() && (text.at(i) == QLatin1Char('+') || text.at(i) == QLatin1Char('-')))
        negative = text.at(i++) == QLatin1Char('-');
    qint64 value = 0;
    qsizetype digits = 0;
    for (; i < text.size() && text.at(i) >= QLatin1Char('0') && text.at(i) <= QLatin1Char('9'); ++i, ++digits)
        value = value * 10 + (text.at(i).unicode() - '0');
    if (digits == 0)
        return std::nullopt;
    return negative ? -value : value;
}

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

// Days from 1970-01-01 to a proleptic Gregorian date (month 1-12), for any year.
qint64 daysFromCivil(qint64 y, qint64 m, qint64 d)
{
    y -= m <= 2 ? 1 : 0;
    const qint64 era = floorDiv(y, 400);
    const qint64 yoe = y - era * 400;
    const qint64 doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const qint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

} // namespace

std::optional<qint64> drizzleFolderMillis(const QString& folderName)
{
    // formatToMillis: parseInt of each slice (String.slice clamps to the length), then Date.UTC.
    const auto part = [&](qsizetype from, qsizetype to) {
        return jsParseInt(folderName.mid(from, to - from));
    };
    const auto year = part(0, 4), month = part(4, 6), day = part(6, 8);
    const auto hour = part(8, 10), minute = part(10, 12), second = part(12, 14);
    if (!year || !month || !day || !hour || !minute || !second)
        return std::nullopt;
    const qint64 y = *year >= 0 && *year <= 99 ? 1900 + *year : *year;
    const qint64 months = y * 12 + (*month - 1); // Date.UTC's month is 0-based and rolls over
    const qint64 days =
        daysFromCivil(floorDiv(months, 12), months - floorDiv(months, 12) * 12 + 1, 1) + *day - 1;
    return ((days * 24 + *hour) * 60 + *minute) * 60000 + *second * 1000;
}

bool drizzleNameLess(const QString& a, const QString& b)
{
    // Node's default locale here is en-US; ICU's en-US collation is the root collation.
    static const QCollator collator = [] {
        QCollator c{QLocale(QLocale::English, QLocale::UnitedStates)};
        c.setCaseSensitivity(Qt::CaseSensitive);
        c.setNumericMode(false);
        c.setIgnorePunctuation(false);
        return c;
    }();
    return collator.compare(a, b) < 0;
}

Result<MigrationSource> readDrizzleMigrationFile(const QString& path, const QString& name, qint64 createdAt)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return DbError::plain(QStringLiteral("Reading the migration %1").arg(name),
                              QStringLiteral("the file cannot be read (%1)").arg(file.errorString()),
                              QStringLiteral("Check the file's permissions."), path);
    MigrationSource s;
    s.name = name;
    s.path = QFileInfo(path).absoluteFilePath();
    s.sql = decodeUtf8LikeNode(file.readAll());
    s.hash = drizzleHash(s.sql);
    s.createdAt = createdAt;
    s.chunks = splitAtBreakpoints(s.sql);
    return s;
}

Result<MigrationFolder> readMigrationFolder(const QString& dirPath)
{
    const QFileInfo info(dirPath);
    if (!info.exists())
        return DbError::plain(kReading, QStringLiteral("the folder does not exist"),
                              QStringLiteral("Pass the folder drizzle-kit writes migrations to (the config's "
                                             "`out`, \"./drizzle\" by default) with --migrations DIR."),
                              dirPath);
    if (!info.isDir())
        return DbError::plain(kReading, QStringLiteral("it is not a folder"),
                              QStringLiteral("Pass the migrations folder, not a file."), dirPath);
    MigrationFolder folder;
    folder.path = info.absoluteFilePath();
    const QDir dir(folder.path);
    const QString journal = dir.filePath(QStringLiteral("meta/_journal.json"));

    QFileInfoList migrationFolders;
    // drizzle 1.0 lists every entry (hidden ones too) and keeps those holding a migration.sql.
    for (const QFileInfo& sub :
         dir.entryInfoList(QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name)) {
        if (sub.fileName() == QLatin1String("meta"))
            continue;
        if (folderTimestampMillis(sub.fileName()) >= 0 ||
            QFileInfo::exists(sub.filePath() + QStringLiteral("/migration.sql")))
            migrationFolders.append(sub);
    }

    if (QFileInfo(journal).isFile()) {
        folder.layout = MigrationLayout::Journal;
        folder.journalPath = journal;
        if (!migrationFolders.isEmpty())
            folder.problems.append(
                {FolderProblem::Kind::StrayJournal,
                 journal,
                 {},
                 QStringLiteral(
                     "The folder has both meta/_journal.json and %1 migration folder(s) "
                     "(<timestamp>_<name>/): drizzle-orm 0.x reads only the journal, drizzle 1.0 refuses "
                     "to run until `drizzle-kit up` converts it. Keep one layout.")
                     .arg(migrationFolders.size())});
        return readJournalLayout(folder);
    }
    if (!migrationFolders.isEmpty()) {
        folder.layout = MigrationLayout::FolderPerMigration;
        return readFolderLayout(folder, migrationFolders);
    }
    const bool hasSql = !dir.entryList({QStringLiteral("*.sql")}, QDir::Files).isEmpty();
    return DbError::plain(
        kReading,
        hasSql ? QStringLiteral(
                     "it has .sql files but no meta/_journal.json (drizzle-orm stops with \"Can't find "
                     "meta/_journal.json file\")")
               : QStringLiteral("it holds no Drizzle migrations (neither meta/_journal.json nor "
                                "<timestamp>_<name>/migration.sql folders)"),
        hasSql ? QStringLiteral("Restore the journal from version control, or regenerate the migrations with "
                                "drizzle-kit generate.")
               : QStringLiteral("Run drizzle-kit generate, or pass the right folder with --migrations DIR."),
        folder.path);
}

QString folderProblemKindName(FolderProblem::Kind kind)
{
    switch (kind) {
    case FolderProblem::Kind::WrongDialect:
        return QStringLiteral("wrong-dialect");
    case FolderProblem::Kind::EntryWithoutFile:
        return QStringLiteral("journal-entry-without-file");
    case FolderProblem::Kind::FileWithoutEntry:
        return QStringLiteral("file-without-journal-entry");
    case FolderProblem::Kind::DuplicateTag:
        return QStringLiteral("duplicate-tag");
    case FolderProblem::Kind::NonIncreasingWhen:
        return QStringLiteral("non-increasing-when");
    case FolderProblem::Kind::FolderWithoutSql:
        return QStringLiteral("folder-without-migration-sql");
    case FolderProblem::Kind::UnreadableFile:
        return QStringLiteral("unreadable-file");
    case FolderProblem::Kind::StrayJournal:
        return QStringLiteral("stray-journal");
    }
    return {};
}

} // namespace sluice
