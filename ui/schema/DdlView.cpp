#include "DdlView.h"

#include "common/SqlTextEdit.h"
#include "schema/Schema.h"

#include <QVBoxLayout>

namespace sluice::ui {

DdlView::DdlView(QWidget* parent) : QWidget(parent), m_editor(new SqlTextEdit(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_editor);
    m_editor->setReadOnly(true);
}

static QString terminated(const QString& sql)
{
    QString s = sql.trimmed();
    return s.endsWith(QLatin1Char(';')) ? s : s + QLatin1Char(';');
}

void DdlView::showObject(const Schema& schema, const QString& name)
{
    QStringList parts;
    const QString sql = schema.sqlOf(name);
    if (!sql.isEmpty())
        parts << terminated(sql);
    if (const Table* t = schema.table(name)) {
        for (const Index& i : t->indexes)
            if (!i.isAutomatic())
                parts << terminated(i.sql);
        for (const Trigger& tr : schema.triggers)
            if (tr.table.compare(t->name, Qt::CaseInsensitive) == 0)
                parts << terminated(tr.sql);
    }
    m_editor->setReadOnly(false);
    m_editor->setText(parts.join(QStringLiteral("\n\n")) + QLatin1Char('\n'));
    m_editor->setReadOnly(true);
}

void DdlView::clear()
{
    m_editor->setReadOnly(false);
    m_editor->clear();
    m_editor->setReadOnly(true);
}

QString DdlView::text() const
{
    return m_editor->text();
}

} // namespace sluice::ui
