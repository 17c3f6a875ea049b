#include "SchemaDiffView.h"

#include "common/SqlTextEdit.h"

#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollBar>
#include <QSplitter>
#include <QVBoxLayout>

namespace sluice::ui {

namespace {
// Background markers, after SqlTextEdit's own (0–2) and the breakpoint underline (3).
constexpr int kAddedMarker = 4;
constexpr int kRemovedMarker = 5;
constexpr int kChangedMarker = 6;

int markerFor(DiffState s)
{
    switch (s) {
    case DiffState::Added:
        return kAddedMarker;
    case DiffState::Removed:
        return kRemovedMarker;
    case DiffState::Changed:
        return kChangedMarker;
    case DiffState::Same:
        break;
    }
    return -1;
}
} // namespace

SchemaDiffView::SchemaDiffView(QWidget* parent)
    : QWidget(parent), m_before(new SqlTextEdit(this)), m_after(new SqlTextEdit(this)),
      m_showUnchanged(new QCheckBox(tr("Show unchanged"), this)), m_summary(new QLabel(this))
{
    for (SqlTextEdit* e : {m_before, m_after}) {
        e->setReadOnly(true);
        e->setCaretLineVisible(false);
        e->markerDefine(QsciScintilla::Background, kAddedMarker);
        e->markerDefine(QsciScintilla::Background, kRemovedMarker);
        e->markerDefine(QsciScintilla::Background, kChangedMarker);
    }
    m_before->setAccessibleName(tr("Schema before"));
    m_after->setAccessibleName(tr("Schema after"));
    // The two sides are aligned row for row: scroll them together.
    connect(m_before->verticalScrollBar(), &QScrollBar::valueChanged, m_after->verticalScrollBar(),
            &QScrollBar::setValue);
    connect(m_after->verticalScrollBar(), &QScrollBar::valueChanged, m_before->verticalScrollBar(),
            &QScrollBar::setValue);
    connect(m_showUnchanged, &QCheckBox::toggled, this, [this] { render(); });

    auto column = [this](const QString& title, SqlTextEdit* e) {
        auto* w = new QWidget(this);
        auto* l = new QVBoxLayout(w);
        l->setContentsMargins(0, 0, 0, 0);
        l->setSpacing(2);
        auto* label = new QLabel(title, w);
        QFont f = label->font();
        f.setBold(true);
        label->setFont(f);
        l->addWidget(label);
        l->addWidget(e);
        return w;
    };
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(column(tr("Before (this database now)"), m_before));
    split->addWidget(column(tr("After (from the dry run on a copy)"), m_after));

    auto* top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(m_showUnchanged);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(top);
    layout->addWidget(split, 1);
    applyColors();
    clear();
}

void SchemaDiffView::clear(const QString& note)
{
    m_diff = SchemaDiff();
    m_hasDiff = false;
    for (SqlTextEdit* e : {m_before, m_after}) {
        e->markerDeleteAll(-1);
        e->setText(QString());
    }
    m_summary->setText(note.isEmpty() ? tr("Run a dry run to see the schema after the migrations.") : note);
}

void SchemaDiffView::setDiff(const SchemaDiff& diff)
{
    m_diff = diff;
    m_hasDiff = true;
    render();
}

void SchemaDiffView::setShowUnchanged(bool show)
{
    m_showUnchanged->setChecked(show);
}

bool SchemaDiffView::showUnchanged() const
{
    return m_showUnchanged->isChecked();
}

QString SchemaDiffView::summary() const
{
    return m_summary->text();
}

void SchemaDiffView::render()
{
    if (!m_hasDiff)
        return;
    QStringList left, right;
    QList<DiffState> leftState, rightState;
    auto add = [&](const QString& l, DiffState ls, const QString& r, DiffState rs) {
        left << l;
        right << r;
        leftState << ls;
        rightState << rs;
    };
    int hidden = 0;
    const bool all = m_showUnchanged->isChecked();
    for (const ObjectDiff& o : m_diff.objects) {
        if (o.isUnchanged() && !all) {
            ++hidden;
            continue;
        }
        if (!left.isEmpty())
            add(QString(), DiffState::Same, QString(), DiffState::Same);
        for (const DiffRow& r : o.rows) {
            switch (r.state) {
            case DiffState::Same:
                add(r.before, DiffState::Same, r.after, DiffState::Same);
                break;
            case DiffState::Added:
                add(QString(), DiffState::Same, r.after, DiffState::Added);
                break;
            case DiffState::Removed:
                add(r.before, DiffState::Removed, QString(), DiffState::Same);
                break;
            case DiffState::Changed:
                add(r.before, DiffState::Changed, r.after, DiffState::Changed);
                break;
            }
        }
    }
    if (hidden > 0) {
        if (!left.isEmpty())
            add(QString(), DiffState::Same, QString(), DiffState::Same);
        const QString note = hidden == 1 ? tr("-- 1 unchanged object hidden")
                                         : tr("-- %1 unchanged objects hidden").arg(hidden);
        add(note, DiffState::Same, note, DiffState::Same);
    }
    const QList<QPair<SqlTextEdit*, QPair<QStringList*, QList<DiffState>*>>> sides{
        {m_before, {&left, &leftState}}, {m_after, {&right, &rightState}}};
    for (const auto& side : sides) {
        SqlTextEdit* e = side.first;
        e->markerDeleteAll(-1);
        e->setText(side.second.first->join(QLatin1Char('\n')));
        const QList<DiffState>& states = *side.second.second;
        for (int i = 0; i < states.size(); ++i)
            if (int m = markerFor(states.at(i)); m >= 0)
                e->markerAdd(i, m);
    }
    if (m_diff.isEmpty())
        m_summary->setText(tr("The schema does not change."));
    else
        m_summary->setText(tr("%1 changed · %2 added · %3 removed")
                               .arg(m_diff.changed)
                               .arg(m_diff.added)
                               .arg(m_diff.removed));
}

DiffState SchemaDiffView::lineState(Side side, int line) const
{
    const SqlTextEdit* e = editor(side);
    if (line < 1)
        return DiffState::Same;
    const unsigned mask = e->markersAtLine(line - 1);
    if (mask & (1u << kAddedMarker))
        return DiffState::Added;
    if (mask & (1u << kRemovedMarker))
        return DiffState::Removed;
    if (mask & (1u << kChangedMarker))
        return DiffState::Changed;
    return DiffState::Same;
}

void SchemaDiffView::applyColors()
{
    // Judged from this widget's palette (the editors may not have seen a palette change yet).
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    const QColor added = dark ? QColor(0x1f, 0x4a, 0x2c) : QColor(0xd8, 0xf5, 0xdd);
    const QColor removed = dark ? QColor(0x5a, 0x24, 0x28) : QColor(0xfc, 0xdd, 0xdf);
    const QColor changed = dark ? QColor(0x52, 0x43, 0x1a) : QColor(0xfd, 0xef, 0xc7);
    for (SqlTextEdit* e : {m_before, m_after}) {
        e->setMarkerBackgroundColor(added, kAddedMarker);
        e->setMarkerBackgroundColor(removed, kRemovedMarker);
        e->setMarkerBackgroundColor(changed, kChangedMarker);
    }
}

void SchemaDiffView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        applyColors();
}

} // namespace sluice::ui
