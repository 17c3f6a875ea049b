#include "MigrationStatus.h"

#include "MigrationsTableUpgrade.h"

#include <QFileInfo>
#include <QHash>
#include <QSet>

#include <cmath>

namespace sluice {

namespace {

// Finds rows by created_at or hash, each row matched at most once.
class RowIndex
{
public:
    explicit RowIndex(const AppliedMigrations& applied) : m_applied(applied)
    {
        for (qsizetype i = 0; i < applied.rows.size(); ++i) {
            if (auto c = applied.rows[i].createdAtInteger())
                m_byCreatedAt[*c].append(i);
            m_byHash[applied.rows[i].hash].append(i);
            if (!applied.rows[i].name.isEmpty())
                m_byName[applied.rows[i].name].append(i);
        }
    }
    qsizetype takeByCreatedAt(qint64 createdAt) { return take(m_byCreatedAt.value(createdAt)); }
    qsizetype takeByHash(const QString& hash) { return hash.isEmpty() ? -1 : take(m_byHash.value(hash)); }
    qsizetype takeByName(const QString& name) { return take(m_byName.value(name)); }
    bool used(qsizetype i) const { return m_used.contains(i); }
    void markUsed(qsizetype i) { m_used.insert(i); }

private:
    qsizetype take(const QList<qsizetype>& candidates)
    {
        for (qsizetype i : candidates)
            if (!m_used.contains(i)) {
                m_used.insert(i);
                return i;
            }
        return -1;
    }
    const AppliedMigrations& m_applied;
    QHash<qint64, QList<qsizetype>> m_byCreatedAt;
    QHash<QString, QList<qsizetype>> m_byHash;
    QHash<QString, QList<qsizetype>> m_byName;
    QSet<qsizetype> m_used;
};

MigrationStatusItem itemFor(const MigrationSource& s)
{
    MigrationStatusItem item;
    item.name = s.name;
    item.path = s.path;
    item.createdAt = s.createdAt;
    item.fileHash = s.hash;
    item.chunks = int(s.chunks.size());
    return item;
}

void attachRow(MigrationStatusItem& item, const AppliedRow& row)
{
    item.rowid = row.rowid;
    item.recordedHash = row.hash;
    item.appliedAt = row.appliedAt;
    if (row.hash.isEmpty()) {
        item.state = MigrationState::Applied;
        item.detail =
            QStringLiteral("recorded without a hash (a bundled-migrations driver), so edits cannot be "
                           "detected");
    } else if (row.hash == item.fileHash) {
        item.state = MigrationState::Applied;
    } else {
        item.state = MigrationState::AppliedButEdited;
        item.detail =
            QStringLiteral("the file changed after it was applied (file hash %1…, recorded %2…); "
                           "drizzle-orm will not run it again, so databases migrated before and after "
                           "the edit differ. Put the change in a new migration and restore the file.")
                .arg(item.fileHash.left(12), row.hash.left(12));
    }
}

QString numberText(double v)
{
    if (std::isnan(v))
        return QStringLiteral("NaN");
    return QString::number(v, 'f', 0);
}

void addOrphanRows(MigrationStatus& status, const AppliedMigrations& applied, RowIndex& index)
{
    for (qsizetype i = 0; i < applied.rows.size(); ++i) {
        if (index.used(i))
            continue;
        const AppliedRow& row = applied.rows[i];
        MigrationStatusItem item;
        item.state = MigrationState::RecordedButMissing;
        item.name = row.name;
        item.createdAt = row.createdAtInteger().value_or(0);
        item.recordedHash = row.hash;
        item.rowid = row.rowid;
        item.appliedAt = row.appliedAt;
        item.detail = QStringLiteral("row %1 of %2 (created_at %3, hash %4…) matches no migration file: the "
                                     "migration was deleted or renamed after it was applied. Restore it from "
                                     "version control if the database still depends on it.")
                          .arg(row.rowid)
                          .arg(applied.table, row.createdAt.toString(), row.hash.left(12));
        status.items.append(item);
    }
}

void journalStatus(MigrationStatus& status, const MigrationFolder& folder, const AppliedMigrations& applied)
{
    RowIndex index(applied);
    QHash<QString, const MigrationSource*> byTag;
    for (const MigrationSource& s : folder.migrations)
        if (!byTag.contains(s.name))
            byTag.insert(s.name, &s);

    const bool hasRows = !applied.rows.isEmpty();
    const double last = applied.lastCreatedAtNumber.value_or(0);
    for (const JournalEntry& e : folder.entries) {
        const MigrationSource* source = byTag.value(e.tag);
        if (!e.fileExists || !source) {
            MigrationStatusItem item;
            item.state = MigrationState::JournalEntryWithoutFile;
            item.name = e.tag;
            item.path = e.path;
            item.createdAt = e.when;
            const qsizetype row = index.takeByCreatedAt(e.when);
            if (row >= 0) {
                item.rowid = applied.rows[row].rowid;
                item.recordedHash = applied.rows[row].hash;
            }
            item.detail =
                QStringLiteral("the journal lists it but %1 does not exist%2; drizzle-orm stops every "
                               "run with \"No file … found\". Restore the file or remove the entry.")
                    .arg(e.path, row >= 0 ? QStringLiteral(" (it is recorded as applied)") : QString());
            status.items.append(item);
            continue;
        }
        MigrationStatusItem item = itemFor(*source);
        // drizzle-orm: pending iff there is no row, or Number(last.created_at) < when (NaN → never).
        if (!hasRows || last < double(e.when)) {
            item.state = MigrationState::Pending;
            const qsizetype row = index.takeByHash(item.fileHash);
            if (row >= 0) {
                item.rowid = applied.rows[row].rowid;
                item.recordedHash = applied.rows[row].hash;
                item.detail = QStringLiteral("the same SQL is already recorded (row %1, created_at %2): "
                                             "drizzle-orm will run it again because its `when` is newer")
                                  .arg(applied.rows[row].rowid)
                                  .arg(applied.rows[row].createdAt.toString());
            }
            status.items.append(item);
            continue;
        }
        qsizetype row = index.takeByCreatedAt(e.when);
        if (row >= 0) {
            attachRow(item, applied.rows[row]);
        } else if ((row = index.takeByHash(item.fileHash)) >= 0) {
            attachRow(item, applied.rows[row]);
            item.detail = QStringLiteral("recorded with created_at %1 instead of its journal `when` %2")
                              .arg(applied.rows[row].createdAt.toString())
                              .arg(e.when);
        } else {
            item.state = MigrationState::OutOfOrder;
            item.detail =
                QStringLiteral("not applied, but its `when` %1 is not later than the newest applied "
                               "created_at %2: drizzle-orm's migrator skips it forever on this database "
                               "(a fresh database would run it). Regenerate it so it comes after the "
                               "newest applied migration.")
                    .arg(e.when)
                    .arg(numberText(last));
        }
        status.items.append(item);
    }
    for (const QString& path : folder.unlistedFiles) {
        MigrationStatusItem item;
        if (auto s = readDrizzleMigrationFile(path, QFileInfo(path).completeBaseName(), 0))
            item = itemFor(*s);
        item.name = QFileInfo(path).completeBaseName();
        item.path = path;
        item.createdAt = 0;
        item.state = MigrationState::FileWithoutJournalEntry;
        item.detail = QStringLiteral("meta/_journal.json has no entry for it, so drizzle-orm ignores it");
        status.items.append(item);
    }
    addOrphanRows(status, applied, index);
}

void folderStatus(MigrationStatus& status, const MigrationFolder& folder, const AppliedMigrations& applied)
{
    RowIndex index(applied);
    // drizzle 1.0 decides by name. A table from drizzle-orm 0.x has no names: 1.0 first names its rows
    // (MigrationsTableUpgrade); the same matching here, without writing.
    QHash<QString, qsizetype> rowForName;
    MigrationsTableUpgrade upgrade;
    if (applied.hasNameColumn) {
        for (qsizetype i = 0; i < applied.rows.size(); ++i)
            if (!applied.rows[i].name.isEmpty() && !rowForName.contains(applied.rows[i].name))
                rowForName.insert(applied.rows[i].name, i);
    } else {
        upgrade = planMigrationsTableUpgrade(folder.migrations, applied);
        for (const LegacyRowMatch& m : upgrade.matches)
            if (!rowForName.contains(m.name))
                rowForName.insert(m.name, m.row);
    }
    const QString refusal = upgrade.refusal(applied);
    for (const MigrationSource& s : folder.migrations) {
        MigrationStatusItem item = itemFor(s);
        const qsizetype row = rowForName.value(s.name, -1);
        if (row < 0) {
            item.state = MigrationState::Pending;
            if (!refusal.isEmpty())
                item.detail =
                    QStringLiteral("pending, but nothing can be applied until the rows that match no "
                                   "migration folder are resolved (see below)");
        } else {
            index.markUsed(row);
            attachRow(item, applied.rows[row]);
        }
        status.items.append(item);
    }
    const qsizetype before = status.items.size();
    addOrphanRows(status, applied, index);
    if (!refusal.isEmpty())
        for (qsizetype i = before; i < status.items.size(); ++i)
            status.items[i].detail += QStringLiteral(" ") + refusal;
}

} // namespace

int MigrationStatus::count(MigrationState state) const
{
    int n = 0;
    for (const MigrationStatusItem& i : items)
        n += i.state == state ? 1 : 0;
    return n;
}

QMap<MigrationState, int> MigrationStatus::counts() const
{
    QMap<MigrationState, int> c;
    for (const MigrationStatusItem& i : items)
        ++c[i.state];
    return c;
}

bool MigrationStatus::upToDate() const
{
    return count(MigrationState::Pending) == 0;
}

bool MigrationStatus::clean() const
{
    return problems.isEmpty() && count(MigrationState::Applied) == items.size();
}

MigrationStatus computeMigrationStatus(const MigrationFolder& folder, const AppliedMigrations& applied)
{
    MigrationStatus status;
    status.layout = folder.layout;
    status.folder = folder.path;
    status.table = applied.table;
    status.tableExists = applied.tableExists;
    status.problems = folder.problems;
    status.lastCreatedAt = applied.lastCreatedAtNumber;
    if (folder.layout == MigrationLayout::Journal)
        journalStatus(status, folder, applied);
    else
        folderStatus(status, folder, applied);
    return status;
}

QString migrationStateName(MigrationState state)
{
    switch (state) {
    case MigrationState::Applied:
        return QStringLiteral("applied");
    case MigrationState::Pending:
        return QStringLiteral("pending");
    case MigrationState::AppliedButEdited:
        return QStringLiteral("applied-but-edited");
    case MigrationState::RecordedButMissing:
        return QStringLiteral("recorded-but-missing");
    case MigrationState::JournalEntryWithoutFile:
        return QStringLiteral("journal-entry-without-file");
    case MigrationState::FileWithoutJournalEntry:
        return QStringLiteral("file-without-journal-entry");
    case MigrationState::OutOfOrder:
        return QStringLiteral("out-of-order");
    }
    return {};
}

} // namespace sluice
