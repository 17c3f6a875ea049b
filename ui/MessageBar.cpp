#include "MessageBar.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

namespace sluice::ui {

MessageBar::MessageBar(QWidget* parent)
    : QFrame(parent), m_icon(new QLabel(this)), m_label(new QLabel(this)), m_close(new QToolButton(this))
{
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_close->setAutoRaise(true);
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_close->setToolTip(tr("Close this message"));
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    connect(m_close, &QToolButton::clicked, this, &MessageBar::clear);
    hide();
}

void MessageBar::showMessage(Level level, const QString& text)
{
    m_level = level;
    m_label->setText(text);
    QStyle::StandardPixmap icon = QStyle::SP_MessageBoxInformation;
    QColor tint = palette().color(QPalette::Highlight);
    if (level == Level::Warning) {
        icon = QStyle::SP_MessageBoxWarning;
        tint = QColor(0xd9, 0x8e, 0x04);
    } else if (level == Level::Error) {
        icon = QStyle::SP_MessageBoxCritical;
        tint = QColor(0xc6, 0x28, 0x28);
    }
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_icon->setPixmap(style()->standardIcon(icon).pixmap(size, size));
    // A light tint of the level's color over the window color works in light and dark palettes.
    QPalette p = palette();
    const QColor base = QApplication::palette().color(QPalette::Window);
    const QColor mixed =
        QColor::fromRgbF(base.redF() * 0.8f + tint.redF() * 0.2f, base.greenF() * 0.8f + tint.greenF() * 0.2f,
                         base.blueF() * 0.8f + tint.blueF() * 0.2f);
    p.setColor(QPalette::Window, mixed);
    setPalette(p);
    show();
}

void MessageBar::clear()
{
    m_label->clear();
    hide();
}

QString MessageBar::text() const
{
    return isVisible() || !m_label->text().isEmpty() ? m_label->text() : QString();
}

} // namespace sluice::ui
