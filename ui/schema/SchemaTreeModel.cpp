#include "SchemaTreeModel.h"

#include "DatabaseSession.h"
#include "schema/SchemaReader.h"

#include <QApplication>
#include <QLocale>
#include <QStyle>

namespace sluice::ui {

SchemaTreeModel::SchemaTreeModel(QObject* parent) : QStandardItemModel(parent)
{
    setHorizontalHeaderLabels({tr("Name"), tr("Rows / type")});
}

SchemaTreeModel::~SchemaTreeModel() = default;

void SchemaTreeModel::setSession(DatabaseSession* session)
{
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    if (m_session) {
        connect(m_session, &DatabaseSession::schemaChanged, this, &SchemaTreeModel::rebuild);
        connect(m_session, &DatabaseSession::dataChanged, this, &SchemaTreeModel::rebuild);
        connect(m_session, &DatabaseSession::rowCountReady, this, &SchemaTreeModel::onCountReady);
        connect(m_session, &DatabaseSession::rowCountFailed, this, &SchemaTreeModel::onCountFailed);
    }
    rebuild();
}

QStandardItem* SchemaTreeModel::group(const QString& title, int count)
{
    auto* item = new QStandardItem(QStringLiteral("%1 (%2)").arg(title).arg(count));
    item->setData(QVariant::fromValue(Kind::Group), ObjectKindRole);
    item->setEditable(false);
    item->setSelectable(false);
    QFont f = item->font();
    f.setBold(true);
    item->setFont(f);
    item->setIcon(QApplication::style()->standardIcon(QStyle::SP_DirIcon));
    return item;
}

static QList<QStandardItem*> objectRow(const QString& name, SchemaTreeModel::Kind kind, const QString& detail,
                                       const QIcon& icon)
{
    auto* nameItem = new QStandardItem(icon, name);
    nameItem->setData(name, SchemaTreeModel::ObjectNameRole);
    nameItem->setData(QVariant::fromValue(kind), SchemaTreeModel::ObjectKindRole);
    nameItem->setEditable(false);
    nameItem->setToolTip(name);
    auto* detailItem = new QStandardItem(detail);
    detailItem->setEditable(false);
    detailItem->setData(name, SchemaTreeModel::ObjectNameRole);
    detailItem->setData(QVariant::fromValue(kind), SchemaTreeModel::ObjectKindRole);
    return {nameItem, detailItem};
}

void SchemaTreeModel::rebuild()
{
    m_counts.clear();
    m_countItems.clear();
    m_pendingCounts = 0;
    removeRows(0, rowCount());
    if (!m_session)
        return;
    const Schema& s = m_session->schema();
    QStyle* style = QApplication::style();
    const QIcon tableIcon = style->standardIcon(QStyle::SP_FileDialogDetailedView);
    const QIcon viewIcon = style->standardIcon(QStyle::SP_FileDialogContentsView);
    const QIcon indexIcon = style->standardIcon(QStyle::SP_FileDialogListView);
    const QIcon triggerIcon = style->standardIcon(QStyle::SP_BrowserReload);
    const QIcon columnIcon = style->standardIcon(QStyle::SP_FileIcon);

    QStandardItem* tables = group(tr("Tables"), int(s.tables.size()));
    for (const Table& t : s.tables) {
        QList<QStandardItem*> row = objectRow(t.name, Kind::Table, tr("counting…"), tableIcon);
        QStringList flags;
        if (t.withoutRowid)
            flags << QStringLiteral("WITHOUT ROWID");
        if (t.strict)
            flags << QStringLiteral("STRICT");
        if (t.isVirtual)
            flags << tr("virtual");
        if (!flags.isEmpty())
            row[0]->setToolTip(QStringLiteral("%1 (%2)").arg(t.name, flags.join(QStringLiteral(", "))));
        for (const Column& c : t.columns) {
            QString detail = c.declaredType.isEmpty() ? tr("(no type)") : c.declaredType;
            if (c.pkPosition > 0)
                detail += QStringLiteral(" PK");
            if (c.notNull)
                detail += QStringLiteral(" NOT NULL");
            if (c.isGenerated())
                detail += tr(" generated");
            QList<QStandardItem*> colRow = objectRow(c.name, Kind::Column, detail, columnIcon);
            colRow[0]->setData(t.name, ObjectNameRole); // a column selects its table
            colRow[1]->setData(t.name, ObjectNameRole);
            colRow[0]->setToolTip(QStringLiteral("%1.%2 %3").arg(t.name, c.name, detail));
            row[0]->appendRow(colRow);
        }
        m_countItems.insert(t.name, row[1]);
        tables->appendRow(row);
    }
    appendRow(tables);

    QStandardItem* views = group(tr("Views"), int(s.views.size()));
    for (const View& v : s.views)
        views->appendRow(
            objectRow(v.name, Kind::View, tr("%n column(s)", nullptr, int(v.columns.size())), viewIcon));
    appendRow(views);

    int userIndexes = 0;
    QStandardItem* indexes = group(tr("Indexes"), 0);
    for (const Index& i : s.indexes) {
        if (i.isAutomatic())
            continue;
        ++userIndexes;
        QStringList cols;
        for (const IndexColumn& c : i.columns)
            cols << c.name;
        indexes->appendRow(objectRow(
            i.name, Kind::Index,
            QStringLiteral("%1%2(%3)")
                .arg(i.unique ? tr("unique ") : QString(), i.table, cols.join(QStringLiteral(", "))),
            indexIcon));
    }
    indexes->setText(QStringLiteral("%1 (%2)").arg(tr("Indexes")).arg(userIndexes));
    appendRow(indexes);

    QStandardItem* triggers = group(tr("Triggers"), int(s.triggers.size()));
    for (const Trigger& t : s.triggers)
        triggers->appendRow(objectRow(t.name, Kind::Trigger, tr("on %1").arg(t.table), triggerIcon));
    appendRow(triggers);

    countRows();
}

void SchemaTreeModel::countRows()
{
    if (!m_session)
        return;
    for (const Table& t : m_session->schema().tables) {
        ++m_pendingCounts;
        m_session->requestRowCount(t.name);
    }
}

void SchemaTreeModel::onCountReady(const QString& table, qint64 count)
{
    QStandardItem* item = m_countItems.value(table);
    if (!item)
        return;
    if (!m_counts.contains(table) || m_counts.value(table) < 0)
        --m_pendingCounts;
    m_counts.insert(table, count);
    item->setText(tr("%1 rows").arg(QLocale().toString(count)));
    item->setData(count, RowCountRole);
    item->setToolTip(QString());
    Q_EMIT rowCountKnown(table, count);
}

void SchemaTreeModel::onCountFailed(const QString& table, const DbError& error)
{
    QStandardItem* item = m_countItems.value(table);
    if (!item)
        return;
    --m_pendingCounts;
    m_counts.insert(table, -2);
    item->setText(error.isInterrupted() ? tr("not counted") : tr("unreadable"));
    item->setToolTip(error.message());
}

QModelIndex SchemaTreeModel::indexOfObject(const QString& name) const
{
    const QModelIndexList found = match(index(0, 0), ObjectNameRole, name, 1,
                                        Qt::MatchExactly | Qt::MatchRecursive | Qt::MatchCaseSensitive);
    return found.isEmpty() ? QModelIndex() : found.first();
}

} // namespace sluice::ui
