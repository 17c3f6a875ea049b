#include "CustomMigration.h"

#include "MigrationFolder.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QUuid>

#include <algorithm>
#include <cmath>

namespace sluice {
namespace {

const QString kSaving = QStringLiteral("Saving the migration");

// drizzle-kit writes JSON with JSON.stringify(x, null, 2). QJsonObject keeps its keys sorted, so the
// order drizzle-kit uses is restored from this list (journal: version, dialect, entries; entry: idx,
// version, when, tag, breakpoints; snapshot: id, prevId(s), version, dialect, …); keys it does not
// name follow in alphabetical order. Only the order differs from drizzle-kit's own files, never a value.
const QStringList kKeyOrder = {
    QStringLiteral("id"),
    QStringLiteral("prevId"),
    QStringLiteral("prevIds"),
    QStringLiteral("idx"),
    QStringLiteral("version"),
    QStringLiteral("dialect"),
    QStringLiteral("when"),
    QStringLiteral("tag"),
    QStringLiteral("breakpoints"),
    QStringLiteral("entries"),
    QStringLiteral("ddl"),
    QStringLiteral("tables"),
    QStringLiteral("views"),
    QStringLiteral("enums"),
    QStringLiteral("_meta"),
    QStringLiteral("internal"),
    QStringLiteral("renames"),
    QStringLiteral("name"),
    QStringLiteral("type"),
    QStringLiteral("primaryKey"),
    QStringLiteral("notNull"),
    QStringLiteral("autoincrement"),
    QStringLiteral("default"),
    QStringLiteral("columns"),
    QStringLiteral("indexes"),
    QStringLiteral("foreignKeys"),
    QStringLiteral("compositePrimaryKeys"),
    QStringLiteral("uniqueConstraints"),
    QStringLiteral("checkConstraints"),
};

QString jsonString(const QString& s)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : s) {
        switch (c.unicode()) {
        case '"':
            out += QStringLiteral("\\\"");
            break;
        case '\\':
            out += QStringLiteral("\\\\");
            break;
        case '\b':
            out += QStringLiteral("\\b");
            break;
        case '\f':
            out += QStringLiteral("\\f");
            break;
        case '\n':
            out += QStringLiteral("\\n");
            break;
        case '\r':
            out += QStringLiteral("\\r");
            break;
        case '\t':
            out += QStringLiteral("\\t");
            break;
        default:
            if (c.unicode() < 0x20)
                out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    return out + QLatin1Char('"');
}

QString jsonNumber(double d)
{
    // JavaScript prints integral numbers below 2^53 without a fraction or exponent.
    if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9007199254740992.0)
        return QString::number(static_cast<qint64>(d));
    return QString::number(d, 'g', QLocale::FloatingPointShortest);
}

QString stringify(const QJsonValue& v, const QString& indent)
{
    const QString inner = indent + QStringLiteral("  ");
    switch (v.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return jsonNumber(v.toDouble());
    case QJsonValue::String:
        return jsonString(v.toString());
    case QJsonValue::Array: {
        const QJsonArray a = v.toArray();
        if (a.isEmpty())
            return QStringLiteral("[]");
        QStringList items;
        for (const QJsonValue& item : a)
            items << inner + stringify(item, inner);
        return QStringLiteral("[\n") + items.join(QStringLiteral(",\n")) + QLatin1Char('\n') + indent +
               QLatin1Char(']');
    }
    case QJsonValue::Object: {
        const QJsonObject o = v.toObject();
        if (o.isEmpty())
            return QStringLiteral("{}");
        QStringList keys = o.keys();
        std::stable_sort(keys.begin(), keys.end(), [](const QString& a, const QString& b) {
            const auto rank = [](const QString& k) {
                const qsizetype i = kKeyOrder.indexOf(k);
                return i < 0 ? kKeyOrder.size() : i;
            };
            return rank(a) < rank(b);
        });
        QStringList items;
        for (const QString& k : keys)
            items << inner + jsonString(k) + QStringLiteral(": ") + stringify(o.value(k), inner);
        return QStringLiteral("{\n") + items.join(QStringLiteral(",\n")) + QLatin1Char('\n') + indent +
               QLatin1Char('}');
    }
    }
    return QStringLiteral("null");
}

// drizzle-kit writes its files without a trailing newline.
QByteArray jsonText(const QJsonObject& o)
{
    return stringify(o, {}).toUtf8();
}

Result<QJsonObject> readJsonObject(const QString& path, const QString& what)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return DbError::plain(kSaving, QStringLiteral("the %1 cannot be read: %2").arg(what, f.errorString()),
                              QStringLiteral("Check that the file exists and is readable."), path);
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return DbError::plain(
            kSaving,
            QStringLiteral("the %1 is not valid JSON (%2 at offset %3)")
                .arg(what, err.error != QJsonParseError::NoError ? err.errorString()
                                                                 : QStringLiteral("not an object"))
                .arg(err.offset),
            QStringLiteral("Restore it from version control before adding a migration."), path);
    return doc.object();
}

Status checkName(const QString& name, const QString& folder)
{
    static const QRegularExpression bad(QStringLiteral("[/\\\\\\x00-\\x1f]"));
    if (name.trimmed().isEmpty())
        return DbError::plain(kSaving, QStringLiteral("the migration name is empty"),
                              QStringLiteral("Give a name such as add_audit_log."), folder);
    if (name.contains(bad) || name == QLatin1String(".") || name == QLatin1String(".."))
        return DbError::plain(kSaving,
                              QStringLiteral("the migration name \"%1\" holds a path separator or a control "
                                             "character, but it becomes part of a file name")
                                  .arg(name),
                              QStringLiteral("Use letters, digits and underscores, e.g. add_audit_log."),
                              folder);
    return {};
}

// Writes `data` to a new temporary file in `dir`, flushed to disk; the caller renames it into place.
Result<QString> writeTemp(const QString& dir, const QByteArray& data, const QString& finalPath)
{
    QTemporaryFile tmp(dir + QStringLiteral("/.sluice-XXXXXX.part"));
    tmp.setAutoRemove(false);
    if (!tmp.open() || tmp.write(data) != data.size() || !tmp.flush())
        return DbError::plain(
            kSaving, QStringLiteral("cannot write a temporary file: %1").arg(tmp.errorString()),
            QStringLiteral("Check the free space and the folder's permissions."), finalPath);
    tmp.close();
    QFile::setPermissions(tmp.fileName(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                              QFileDevice::ReadGroup | QFileDevice::ReadOther);
    return tmp.fileName();
}

// Files created so far; removed again unless the save completes.
class Undo
{
public:
    ~Undo()
    {
        if (m_done)
            return;
        for (auto it = m_paths.crbegin(); it != m_paths.crend(); ++it) {
            if (QFileInfo(*it).isDir())
                QDir(*it).removeRecursively();
            else
                QFile::remove(*it);
        }
    }
    void add(const QString& path) { m_paths << path; }
    void commit() { m_done = true; }

private:
    QStringList m_paths;
    bool m_done = false;
};

Status renameNew(const QString& from, const QString& to)
{
    // QFile::rename refuses an existing target, so a file that appeared meanwhile is never replaced.
    if (QFileInfo::exists(to) || !QFile::rename(from, to))
        return DbError::plain(kSaving, QStringLiteral("cannot create %1").arg(QDir::toNativeSeparators(to)),
                              QStringLiteral("Check that no file of that name exists and that the folder is "
                                             "writable."),
                              to);
    return {};
}

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

Result<SavedMigration> saveJournalLayout(const MigrationFolder& folder, const QString& name,
                                         const QString& sql)
{
    const QDir dir(folder.path);
    if (folder.entries.isEmpty())
        return DbError::plain(
            kSaving,
            QStringLiteral("the journal has no migration yet, so there is no snapshot to carry "
                           "over"),
            QStringLiteral("Run drizzle-kit generate once to create the first migration."),
            folder.journalPath);
    static const QRegularExpression indexTag(QStringLiteral("^(\\d{4})_"));
    const JournalEntry& last = folder.entries.constLast();
    const QRegularExpressionMatch m = indexTag.match(last.tag);
    if (!m.hasMatch())
        return DbError::plain(
            kSaving,
            QStringLiteral("the last migration \"%1\" does not start with a 4-digit index "
                           "(drizzle-kit's default prefix); other prefixes are not supported")
                .arg(last.tag),
            QStringLiteral("Create the migration with drizzle-kit generate --custom instead."),
            folder.journalPath);
    int maxIdx = -1;
    qint64 maxWhen = 0;
    for (const JournalEntry& e : folder.entries) {
        maxIdx = std::max(maxIdx, e.idx);
        maxWhen = std::max(maxWhen, e.when);
    }
    const int idx = maxIdx + 1;
    const QString prefix = QStringLiteral("%1").arg(idx, 4, 10, QLatin1Char('0'));
    const QString tag = prefix + QLatin1Char('_') + name;
    SavedMigration saved{tag, dir.filePath(tag + QStringLiteral(".sql")),
                         dir.filePath(QStringLiteral("meta/%1_snapshot.json").arg(prefix)),
                         folder.journalPath};
    for (const JournalEntry& e : folder.entries)
        if (e.tag == tag)
            return DbError::plain(kSaving,
                                  QStringLiteral("the journal already has a migration \"%1\"").arg(tag),
                                  QStringLiteral("Choose another name."), folder.journalPath);
    for (const QString& p : {saved.sqlPath, saved.snapshotPath})
        if (QFileInfo::exists(p))
            return DbError::plain(kSaving,
                                  QStringLiteral("%1 already exists although the journal does not list it")
                                      .arg(QDir::toNativeSeparators(p)),
                                  QStringLiteral("Remove or commit the stray file first (drizzle-kit would "
                                                 "overwrite it)."),
                                  p);

    const QString prevSnapshotPath = dir.filePath(QStringLiteral("meta/%1_snapshot.json").arg(m.captured(1)));
    if (!QFileInfo::exists(prevSnapshotPath))
        return DbError::plain(kSaving,
                              QStringLiteral("the snapshot of the last migration (meta/%1_snapshot.json) is "
                                             "missing, and a custom migration carries it over")
                                  .arg(m.captured(1)),
                              QStringLiteral("Restore it from version control."), prevSnapshotPath);

    Result<QJsonObject> prev = readJsonObject(prevSnapshotPath, QStringLiteral("previous snapshot"));
    if (!prev)
        return prev.error();
    Result<QJsonObject> journal = readJsonObject(folder.journalPath, QStringLiteral("journal"));
    if (!journal)
        return journal.error();

    // What drizzle-kit's --custom writes: the previous snapshot, a new id, prevId = the previous id, and
    // an empty _meta (it records renames resolved by a generate, and this migration resolved none).
    QJsonObject snapshot = prev.value();
    snapshot.insert(QStringLiteral("prevId"), prev->value(QStringLiteral("id")));
    snapshot.insert(QStringLiteral("id"), newId());
    snapshot.insert(QStringLiteral("_meta"), QJsonObject{{QStringLiteral("columns"), QJsonObject{}},
                                                         {QStringLiteral("schemas"), QJsonObject{}},
                                                         {QStringLiteral("tables"), QJsonObject{}}});

    // drizzle-orm applies an entry only when its `when` is above the newest applied created_at, so the
    // new entry must come after every existing one even if this clock is behind the author's.
    const qint64 when = std::max(QDateTime::currentMSecsSinceEpoch(), maxWhen + 1);
    QJsonObject entry{{QStringLiteral("idx"), idx},
                      {QStringLiteral("version"), snapshot.value(QStringLiteral("version")).toString()},
                      {QStringLiteral("when"), static_cast<double>(when)},
                      {QStringLiteral("tag"), tag},
                      {QStringLiteral("breakpoints"), true}};
    QJsonArray entries = journal->value(QStringLiteral("entries")).toArray();
    entries.append(entry);
    journal->insert(QStringLiteral("entries"), entries);

    Undo undo;
    Result<QString> sqlTmp = writeTemp(folder.path, sql.toUtf8(), saved.sqlPath);
    if (!sqlTmp)
        return sqlTmp.error();
    undo.add(sqlTmp.value());
    Result<QString> snapTmp =
        writeTemp(dir.filePath(QStringLiteral("meta")), jsonText(snapshot), saved.snapshotPath);
    if (!snapTmp)
        return snapTmp.error();
    undo.add(snapTmp.value());
    if (Status s = renameNew(sqlTmp.value(), saved.sqlPath); !s)
        return s.error();
    undo.add(saved.sqlPath);
    if (Status s = renameNew(snapTmp.value(), saved.snapshotPath); !s)
        return s.error();
    undo.add(saved.snapshotPath);

    // The journal is what makes the migration exist for drizzle: replaced last, atomically.
    QSaveFile journalFile(folder.journalPath);
    const QByteArray journalText = jsonText(journal.value());
    if (!journalFile.open(QIODevice::WriteOnly) || journalFile.write(journalText) != journalText.size() ||
        !journalFile.commit())
        return DbError::plain(
            kSaving, QStringLiteral("cannot rewrite the journal: %1").arg(journalFile.errorString()),
            QStringLiteral("Check the free space and the folder's permissions."), folder.journalPath);
    undo.commit();
    return saved;
}

Result<SavedMigration> saveFolderLayout(const MigrationFolder& folder, const QString& name,
                                        const QString& sql)
{
    const QDir dir(folder.path);
    if (folder.migrations.isEmpty())
        return DbError::plain(
            kSaving, QStringLiteral("the folder has no migration yet, so there is no snapshot to carry over"),
            QStringLiteral("Run drizzle-kit generate once to create the first migration."), folder.path);
    // The last migration in drizzle's order carries the snapshot the new one starts from.
    QString lastName;
    qint64 lastMillis = -1;
    for (const MigrationSource& m : folder.migrations) {
        if (lastName.isEmpty() || drizzleNameLess(lastName, m.name))
            lastName = m.name;
        lastMillis = std::max(lastMillis, folderTimestampMillis(m.name));
    }
    const QString prevSnapshotPath = dir.filePath(lastName + QStringLiteral("/snapshot.json"));
    if (!QFileInfo::exists(prevSnapshotPath))
        return DbError::plain(
            kSaving,
            QStringLiteral("the last migration %1 has no snapshot.json, and a custom migration "
                           "carries it over")
                .arg(lastName),
            QStringLiteral("Restore it from version control."), prevSnapshotPath);
    Result<QJsonObject> prev = readJsonObject(prevSnapshotPath, QStringLiteral("previous snapshot"));
    if (!prev)
        return prev.error();
    if (prev->value(QStringLiteral("dialect")).toString() != QLatin1String("sqlite"))
        return DbError::plain(kSaving,
                              QStringLiteral("the last snapshot's dialect is \"%1\", not sqlite")
                                  .arg(prev->value(QStringLiteral("dialect")).toString()),
                              QStringLiteral("Pass the migrations folder of a SQLite project."),
                              prevSnapshotPath);

    // drizzle 1.0 orders migrations and derives created_at from the folder's UTC second: the new folder
    // gets the current second, or the second after the last folder's if this clock is behind it.
    QDateTime stamp = QDateTime::currentDateTimeUtc();
    stamp.setTime(QTime(stamp.time().hour(), stamp.time().minute(), stamp.time().second()));
    if (lastMillis >= 0 && stamp.toMSecsSinceEpoch() <= lastMillis)
        stamp = QDateTime::fromMSecsSinceEpoch(lastMillis + 1000, Qt::UTC);
    const QString tag = stamp.toString(QStringLiteral("yyyyMMddHHmmss")) + QLatin1Char('_') + name;
    const QString target = dir.filePath(tag);
    if (QFileInfo::exists(target))
        return DbError::plain(kSaving, QStringLiteral("a migration folder %1 already exists").arg(tag),
                              QStringLiteral("Choose another name."), target);

    QJsonObject snapshot = prev.value();
    snapshot.insert(QStringLiteral("prevIds"), QJsonArray{prev->value(QStringLiteral("id"))});
    snapshot.insert(QStringLiteral("id"), newId());
    snapshot.insert(QStringLiteral("renames"), QJsonArray{});

    // Built in a hidden folder; migration.sql (what makes drizzle see a migration) is put in place last.
    QTemporaryDir tmp(dir.filePath(QStringLiteral(".sluice-XXXXXX")));
    if (!tmp.isValid())
        return DbError::plain(
            kSaving, QStringLiteral("cannot create a temporary folder: %1").arg(tmp.errorString()),
            QStringLiteral("Check the free space and the folder's permissions."), folder.path);
    Result<QString> snapTmp = writeTemp(tmp.path(), jsonText(snapshot), target);
    if (!snapTmp)
        return snapTmp.error();
    if (!QFile::rename(snapTmp.value(), tmp.filePath(QStringLiteral("snapshot.json"))))
        return DbError::plain(kSaving, QStringLiteral("cannot write snapshot.json"),
                              QStringLiteral("Check the folder's permissions."), target);
    Result<QString> sqlTmp = writeTemp(tmp.path(), sql.toUtf8(), target);
    if (!sqlTmp)
        return sqlTmp.error();
    if (QFileInfo::exists(target) || !QDir().rename(tmp.path(), target))
        return DbError::plain(
            kSaving, QStringLiteral("cannot create the folder %1").arg(tag),
            QStringLiteral("Check that no folder of that name exists and that the folder is "
                           "writable."),
            target);
    tmp.setAutoRemove(false);
    Undo undo;
    undo.add(target);
    SavedMigration saved{
        tag, target + QStringLiteral("/migration.sql"), target + QStringLiteral("/snapshot.json"), {}};
    const QString movedSqlTmp = target + QLatin1Char('/') + QFileInfo(sqlTmp.value()).fileName();
    if (Status s = renameNew(movedSqlTmp, saved.sqlPath); !s)
        return s.error();
    undo.commit();
    return saved;
}

} // namespace

Result<SavedMigration> saveCustomMigration(const QString& migrationsFolder, const QString& name,
                                           const QString& sql)
{
    if (Status s = checkName(name, migrationsFolder); !s)
        return s.error();
    // drizzle-orm's migrator fails on an empty chunk ("not an error" / "contains no statements").
    if (sql.trimmed().isEmpty())
        return DbError::plain(kSaving, QStringLiteral("the migration has no SQL"),
                              QStringLiteral("There is nothing to save: the schemas are the same."),
                              migrationsFolder);
    Result<MigrationFolder> folder = readMigrationFolder(migrationsFolder);
    if (!folder) {
        DbError e = folder.error();
        e.operation = kSaving;
        e.explanation = QStringLiteral("%1 is not a Drizzle migrations folder: %2")
                            .arg(QDir::toNativeSeparators(migrationsFolder), e.explanation);
        return e;
    }
    if (folder->layout == MigrationLayout::Journal) {
        if (folder->dialect != QLatin1String("sqlite"))
            return DbError::plain(
                kSaving, QStringLiteral("the journal's dialect is \"%1\", not sqlite").arg(folder->dialect),
                QStringLiteral("Pass the migrations folder of a SQLite project."), folder->journalPath);
        if (folder->hasProblem(FolderProblem::Kind::StrayJournal))
            return DbError::plain(kSaving,
                                  QStringLiteral("the folder mixes both layouts (meta/_journal.json and "
                                                 "<timestamp>_<name>/ folders)"),
                                  QStringLiteral("Keep one layout (drizzle-kit up converts to the new one)."),
                                  folder->journalPath);
        return saveJournalLayout(folder.value(), name, sql);
    }
    return saveFolderLayout(folder.value(), name, sql);
}

} // namespace sluice
