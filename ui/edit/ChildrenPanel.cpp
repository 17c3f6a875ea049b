#include "ChildrenPanel.h"

#include "DatabaseSession.h"

#include <QHash>
#include <QHeaderView>

#include <QLabel>
#include <QLocale>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace sluice::ui {

namespace {
constexpr int kReferenceRole = Qt::UserRole + 1; // index into m_references; -1 on a table line
} // namespace

ChildrenPanel::ChildrenPanel(DatabaseSession& session, QWidget* parent) : QWidget(parent), m_session(session)
{
    setObjectName(QStringLiteral("childrenPanel"));
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setContentsMargins(4, 4, 4, 4);
    m_tree = new QTreeWidget(this);
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Referenced by"), tr("Rows")});
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tree->setRootIsDecorated(true);
    m_tree->setToolTip(tr("Double-click a line to open the rows that reference the current row"));
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(0, 0, 0, 0);
    lay->setSpacing(0);
    lay->addWidget(m_message);
    lay->addWidget(m_tree, 1);
    connect(m_tree, &QTreeWidget::itemActivated, this, &ChildrenPanel::onActivated);
    clear(tr("Select a row to see what references it."));
}

ChildrenPanel::~ChildrenPanel() = default;

QString ChildrenPanel::message() const
{
    return m_message->text();
}

void ChildrenPanel::clear(const QString& why)
{
    if (m_job && m_worker)
        m_worker->cancel(m_job);
    m_job = 0;
    ++m_generation;
    m_references.clear();
    m_tree->clear();
    m_message->setText(why);
}

void ChildrenPanel::showRow(const QString& tableName, const RowIdentity& row)
{
    const Table* found = m_session.schema().table(tableName);
    if (!found || !row.isValid()) {
        clear(found ? tr("This row is not in the database yet.")
                    : tr("%1 is not a table: nothing can reference its rows.").arg(tableName));
        return;
    }
    bool referenced = false;
    for (const Table& t : m_session.schema().tables)
        for (const ForeignKey& fk : t.foreignKeys)
            referenced = referenced || fk.targetTable.compare(found->name, Qt::CaseInsensitive) == 0;
    if (!referenced) {
        clear(tr("No foreign key refers to %1.").arg(found->name));
        return;
    }
    if (m_job && m_worker)
        m_worker->cancel(m_job);
    if (!m_worker)
        m_worker = m_session.makeWorker();
    m_message->setText(tr("Counting the rows that reference this row\u2026"));
    const Schema schema = m_session.schema();
    const Table table = *found;
    const SqlValueList key = row.key;
    // A newer row cancels this count; its answer, if it still arrives, is for a row no longer shown.
    const quint64 generation = ++m_generation;
    m_job = m_worker->submit<QList<ChildReference>>(
        this,
        [schema, table, key](Connection& c, JobControl& control) {
            return childReferences(c, schema, table, key, &control);
        },
        [this, generation](Result<QList<ChildReference>> r) {
            if (generation != m_generation)
                return;
            m_job = 0;
            m_tree->clear();
            m_references.clear();
            if (!r) {
                m_message->setText(tr("Could not count the referencing rows: %1").arg(r.error().message()));
            } else {
                m_references = *r;
                fill();
            }
            Q_EMIT referencesShown();
        });
}

void ChildrenPanel::fill()
{
    const QLocale locale;
    qint64 total = 0;
    QHash<QString, QTreeWidgetItem*> tables;
    for (int i = 0; i < m_references.size(); ++i) {
        const ChildReference& ref = m_references.at(i);
        total += ref.count;
        QTreeWidgetItem*& parent = tables[ref.childTable.toLower()];
        if (!parent) {
            parent = new QTreeWidgetItem(m_tree, {ref.childTable, QString()});
            parent->setData(0, kReferenceRole, -1);
            parent->setData(1, Qt::UserRole, qint64(0));
        }
        const qint64 tableCount = parent->data(1, Qt::UserRole).toLongLong() + ref.count;
        parent->setData(1, Qt::UserRole, tableCount);
        parent->setText(1, locale.toString(tableCount));
        QString how = tr("via %1").arg(ref.childColumns.join(QStringLiteral(", ")));
        if (!ref.onDelete.isEmpty() && ref.onDelete != QLatin1String("NO ACTION"))
            how += tr(" (on delete %1)").arg(ref.onDelete.toLower());
        auto* item = new QTreeWidgetItem(parent, {how, locale.toString(ref.count)});
        item->setData(0, kReferenceRole, i);
        item->setToolTip(0, tr("Double-click to open %1 filtered to these rows").arg(ref.childTable));
        if (ref.count == 0)
            for (int c = 0; c < 2; ++c)
                item->setForeground(c, palette().color(QPalette::Disabled, QPalette::Text));
    }
    for (QTreeWidgetItem* t : std::as_const(tables)) {
        t->setExpanded(true);
        if (t->data(1, Qt::UserRole).toLongLong() == 0)
            for (int c = 0; c < 2; ++c)
                t->setForeground(c, palette().color(QPalette::Disabled, QPalette::Text));
    }
    m_message->setText(total == 0   ? tr("No rows reference this row.")
                       : total == 1 ? tr("1 row references this row.")
                                    : tr("%1 rows reference this row.").arg(locale.toString(total)));
}

void ChildrenPanel::onActivated(QTreeWidgetItem* item)
{
    if (!item)
        return;
    int i = item->data(0, kReferenceRole).toInt();
    // A table line with a single key opens that key's rows.
    if (i < 0 && item->childCount() == 1)
        i = item->child(0)->data(0, kReferenceRole).toInt();
    if (i >= 0)
        openReference(i);
}

void ChildrenPanel::openReference(int i)
{
    if (i < 0 || i >= m_references.size())
        return;
    const RelatedRows& open = m_references.at(i).open;
    QVariantList values;
    for (const SqlValue& v : open.values)
        values << v.toBind();
    Q_EMIT openRequested(open.table, open.columns, values);
}

} // namespace sluice::ui
