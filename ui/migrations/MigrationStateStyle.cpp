#include "MigrationStateStyle.h"

#include <QCoreApplication>
#include <QHash>
#include <QPainter>
#include <QPixmap>

namespace sluice::ui {

static QString tr(const char* text)
{
    return QCoreApplication::translate("MigrationState", text);
}

QString migrationStateLabel(MigrationState state)
{
    switch (state) {
    case MigrationState::Applied:
        return tr("Applied");
    case MigrationState::Pending:
        return tr("Pending");
    case MigrationState::AppliedButEdited:
        return tr("Applied, file edited since");
    case MigrationState::RecordedButMissing:
        return tr("Recorded, file missing");
    case MigrationState::JournalEntryWithoutFile:
        return tr("Journal entry without file");
    case MigrationState::FileWithoutJournalEntry:
        return tr("File not in the journal");
    case MigrationState::OutOfOrder:
        return tr("Out of order");
    }
    return {};
}

QString migrationStateExplanation(MigrationState state)
{
    switch (state) {
    case MigrationState::Applied:
        return tr("Applied: recorded in the migrations table with the same hash as the file.");
    case MigrationState::Pending:
        return tr("Pending: drizzle-orm's migrator would run it now; Sluice can review and apply it.");
    case MigrationState::AppliedButEdited:
        return tr("Applied, but the file changed after it ran: its hash differs from the recorded one. "
                  "The database has the old version; drizzle-orm will not run the new one.");
    case MigrationState::RecordedButMissing:
        return tr("A row in the migrations table matches no file: the migration ran on this database "
                  "but its file was deleted or renamed.");
    case MigrationState::JournalEntryWithoutFile:
        return tr("The journal lists this migration but its .sql file is missing: drizzle-orm's "
                  "migrator stops the whole run on it.");
    case MigrationState::FileWithoutJournalEntry:
        return tr("A .sql file the journal does not list: drizzle-orm's migrator ignores it.");
    case MigrationState::OutOfOrder:
        return tr("Not applied, and older than the newest applied migration: drizzle-orm's migrator "
                  "will skip this forever on this database.");
    }
    return {};
}

QColor migrationStateColor(MigrationState state)
{
    switch (state) {
    case MigrationState::Applied:
        return QColor(0x2e, 0x9d, 0x4f);
    case MigrationState::Pending:
        return QColor(0x2f, 0x6f, 0xd6);
    case MigrationState::AppliedButEdited:
    case MigrationState::FileWithoutJournalEntry:
        return QColor(0xd0, 0x8a, 0x0c);
    case MigrationState::RecordedButMissing:
    case MigrationState::JournalEntryWithoutFile:
    case MigrationState::OutOfOrder:
        return QColor(0xd1, 0x3b, 0x3b);
    }
    return Qt::gray;
}

bool migrationStateIsProblem(MigrationState state)
{
    return state != MigrationState::Applied && state != MigrationState::Pending;
}

static QString glyph(MigrationState state)
{
    switch (state) {
    case MigrationState::Applied:
        return QStringLiteral("✓");
    case MigrationState::Pending:
        return QStringLiteral("↑");
    case MigrationState::AppliedButEdited:
        return QStringLiteral("✎");
    case MigrationState::RecordedButMissing:
    case MigrationState::JournalEntryWithoutFile:
        return QStringLiteral("?");
    case MigrationState::FileWithoutJournalEntry:
    case MigrationState::OutOfOrder:
        return QStringLiteral("!");
    }
    return {};
}

QIcon migrationStateIcon(MigrationState state)
{
    static QHash<int, QIcon> cache;
    if (auto it = cache.constFind(int(state)); it != cache.constEnd())
        return *it;
    QIcon icon;
    for (int size : {16, 32}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(migrationStateColor(state));
        const qreal m = size / 16.0;
        p.drawEllipse(QRectF(1 * m, 1 * m, 14 * m, 14 * m));
        QFont f = p.font();
        f.setPixelSize(int(10 * m));
        f.setBold(true);
        p.setFont(f);
        p.setPen(Qt::white);
        p.drawText(QRectF(0, 0, size, size), Qt::AlignCenter, glyph(state));
        p.end();
        icon.addPixmap(pixmap);
    }
    cache.insert(int(state), icon);
    return icon;
}

} // namespace sluice::ui
