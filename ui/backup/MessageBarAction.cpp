#include "MessageBarAction.h"

#include "MessageBar.h"

#include <QBoxLayout>
#include <QEvent>
#include <QPushButton>
#include <QTimer>

namespace sluice::ui {

MessageBarAction::MessageBarAction(MessageBar* bar, const QString& text)
    : QObject(bar), m_bar(bar), m_text(text)
{
    bar->installEventFilter(this);
}

MessageBarAction::~MessageBarAction()
{
    qDeleteAll(m_buttons);
}

void MessageBarAction::removeAll(MessageBar* bar)
{
    // Deleted now (not later) so a message shown right after never sees the old buttons.
    qDeleteAll(bar->findChildren<MessageBarAction*>(QString(), Qt::FindDirectChildrenOnly));
}

void MessageBarAction::show(MessageBar* bar, int level, const QString& text,
                            const QList<QPair<QString, std::function<void()>>>& actions)
{
    removeAll(bar);
    bar->showMessage(MessageBar::Level(level), text);
    auto* layout = qobject_cast<QBoxLayout*>(bar->layout());
    if (!layout)
        return;
    auto* watcher = new MessageBarAction(bar, text);
    for (const auto& [label, action] : actions) {
        auto* button = new QPushButton(label, bar);
        button->setObjectName(QStringLiteral("messageBarAction"));
        watcher->m_buttons << button;
        // Insert before the close button, which is the layout's last item.
        layout->insertWidget(layout->count() - 1, button, 0, Qt::AlignTop);
        connect(button, &QPushButton::clicked, watcher, [bar, action] {
            // The button goes with its message. The action runs from the event loop: it may show a
            // new message, which deletes this button, and a button must not die inside its click.
            bar->clear();
            QTimer::singleShot(0, bar, action);
        });
    }
}

bool MessageBarAction::eventFilter(QObject* watched, QEvent* event)
{
    // A new text re-lays the bar out; a closed bar hides: either way the buttons are stale.
    if (watched == m_bar && (event->type() == QEvent::Hide || event->type() == QEvent::LayoutRequest)) {
        if (event->type() == QEvent::Hide || m_bar->text() != m_text)
            deleteLater();
    }
    return QObject::eventFilter(watched, event);
}

} // namespace sluice::ui
