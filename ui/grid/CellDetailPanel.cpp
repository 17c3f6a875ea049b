#include "CellDetailPanel.h"

#include "BlobPreview.h"
#include "CellFormatter.h"
#include "DatabaseSession.h"
#include "TableGridModel.h"
#include "browse/CellFetcher.h"

#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace sluice::ui {

CellDetailPanel::CellDetailPanel(DatabaseSession& session, QWidget* parent)
    : QWidget(parent), m_session(session)
{
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(4, 0, 0, 0);
    lay->setSpacing(4);
    m_title = new QLabel(this);
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_stack = new QStackedWidget(this);
    m_placeholder = new QLabel(tr("Select a cell to see its full value"), m_stack);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setMargin(12);
    m_placeholder->setFrameShape(QFrame::StyledPanel);
    // The palette's own muted role, so it reads as a hint in light and dark themes alike.
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);
    m_text = new QPlainTextEdit(m_stack);
    m_text->setReadOnly(true);
    m_blob = new BlobPreview(m_stack);
    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(m_text);
    m_stack->addWidget(m_blob);
    lay->addWidget(m_title);
    lay->addWidget(m_stack, 1);
    clear();
}

void CellDetailPanel::clear()
{
    m_title->clear();
    m_title->hide();
    m_text->clear();
    m_blob->clear();
    m_stack->setCurrentWidget(m_placeholder);
}

bool CellDetailPanel::isShowingPlaceholder() const
{
    return m_stack->currentWidget() == m_placeholder;
}

QString CellDetailPanel::placeholderText() const
{
    return m_placeholder->text();
}

QString CellDetailPanel::titleText() const
{
    return m_title->text();
}

QString CellDetailPanel::text() const
{
    return m_text->toPlainText();
}

bool CellDetailPanel::isShowingBlob() const
{
    return m_stack->currentWidget() == m_blob;
}

void CellDetailPanel::showCell(const TableGridModel& model, int row, int column)
{
    const Cell* cell = model.cellAt(row, column);
    const auto& source = model.source();
    if (!cell || !source) {
        clear();
        return;
    }
    const BrowseColumn& col = source->columns().at(column);
    const RowKey* key = model.keyAt(row);
    const bool locatable = key && key->isValid() && source->isKeyed();
    m_title->setText(QStringLiteral("%1 \u00b7 row %2").arg(col.name, QLocale().toString(row + 1)));
    m_title->setToolTip(col.declaredType.isEmpty() ? QString() : col.declaredType);
    m_title->show();
    switch (cell->storage) {
    case Cell::Storage::Null:
        m_stack->setCurrentWidget(m_text);
        m_text->setPlainText(CellFormatter::nullText());
        return;
    case Cell::Storage::Integer:
    case Cell::Storage::Real: {
        m_stack->setCurrentWidget(m_text);
        QString t = CellFormatter::displayText(*cell);
        const QString tip = CellFormatter::toolTip(*cell, col);
        if (!tip.isEmpty())
            t = tip;
        m_text->setPlainText(t);
        return;
    }
    case Cell::Storage::Text: {
        m_stack->setCurrentWidget(m_text);
        if (!cell->isTruncated() || !locatable) {
            m_text->setPlainText(cell->value.toString());
            return;
        }
        auto r = fetchCell(m_session.connection(), *source, key->locator, col.name, kMaxTextBytes);
        if (!r) {
            m_text->setPlainText(cell->value.toString() +
                                 QStringLiteral("\n\u2026 (%1)").arg(r.error().message()));
            return;
        }
        QString t = QString::fromUtf8(r->bytes);
        if (!r->complete())
            t += QStringLiteral("\n\u2026 (first %1 of %2 bytes)").arg(r->bytes.size()).arg(r->totalBytes);
        m_text->setPlainText(t);
        return;
    }
    case Cell::Storage::Blob: {
        m_stack->setCurrentWidget(m_blob);
        if (!locatable) {
            m_blob->setContent(cell->value.toByteArray(), cell->length);
            return;
        }
        const qint64 want = cell->length <= kMaxImageBytes ? cell->length : BlobPreview::kHexBytes;
        auto r = fetchCell(m_session.connection(), *source, key->locator, col.name, want);
        if (!r) {
            m_blob->setContent(cell->value.toByteArray(), cell->length);
            m_title->setText(m_title->text() + QStringLiteral("\n") + r.error().message());
            return;
        }
        m_blob->setContent(r->bytes, r->totalBytes);
        return;
    }
    }
}

} // namespace sluice::ui
