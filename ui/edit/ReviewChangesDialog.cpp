#include "ReviewChangesDialog.h"

#include "common/SqlTextEdit.h"
#include "edit/EditPlan.h"
#include "edit/StrictTypes.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace sluice::ui {

ReviewChangesDialog::ReviewChangesDialog(const Table& table, const StagedChanges& changes, QWidget* parent)
    : QDialog(parent), m_sql(new SqlTextEdit(this)), m_problems(new QLabel(this))
{
    setWindowTitle(tr("Review Changes \u2014 %1").arg(table.name));
    m_sql->setReadOnly(true);
    auto* intro = new QLabel(this);
    const int n = changes.pendingCount();
    intro->setText(tr("%n pending change(s) to %1, applied in one transaction:", nullptr, n).arg(table.name));
    m_problems->setWordWrap(true);
    m_problems->setTextInteractionFlags(Qt::TextSelectableByMouse);

    QStringList problems;
    Result<EditPlan> plan = buildEditPlan(table, changes);
    if (plan)
        m_sql->setText(reviewText(*plan));
    else
        problems << plan.error().message();
    for (const CellProblem& p : strictTypeProblems(table, changes))
        problems << QStringLiteral("%1%2: %3")
                        .arg(p.rowText, p.column.isEmpty() ? QString() : QStringLiteral(", ") + p.column,
                             p.message);
    m_problems->setText(problems.join(QLatin1Char('\n')));
    m_problems->setVisible(!problems.isEmpty());

    auto* buttons = new QDialogButtonBox(this);
    m_apply = buttons->addButton(tr("&Apply"), QDialogButtonBox::AcceptRole);
    m_discard = buttons->addButton(tr("&Discard All"), QDialogButtonBox::DestructiveRole);
    buttons->addButton(QDialogButtonBox::Close);
    m_apply->setEnabled(plan.ok() && problems.isEmpty());
    connect(m_apply, &QPushButton::clicked, this, [this] {
        accept();
        Q_EMIT applyRequested();
    });
    connect(m_discard, &QPushButton::clicked, this, [this] {
        accept();
        Q_EMIT discardRequested();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* lay = new QVBoxLayout(this);
    lay->addWidget(intro);
    lay->addWidget(m_problems);
    lay->addWidget(m_sql, 1);
    lay->addWidget(buttons);
    resize(760, 460);
}

QString ReviewChangesDialog::sqlText() const
{
    return m_sql->text();
}

QString ReviewChangesDialog::problemText() const
{
    return m_problems->text();
}

} // namespace sluice::ui
