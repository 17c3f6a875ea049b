#pragma once
#include <QObject>

#include <QList>

#include <functional>

class QPushButton;

namespace sluice::ui {

class MessageBar;

// A button ("Show in folder", "Undo restore") placed on the message bar beside the message it
// belongs to. It goes away by itself when the bar is closed or shows another message, so it can
// never act on a message that is no longer there. The MessageBar has no API for buttons: this adds
// one into its layout from outside.
class MessageBarAction : public QObject
{
    Q_OBJECT
public:
    // Shows `text` on `bar` with one button per (label, action) pair; earlier buttons are removed.
    static void show(MessageBar* bar, int level, const QString& text,
                     const QList<QPair<QString, std::function<void()>>>& actions);
    static void removeAll(MessageBar* bar);
    ~MessageBarAction() override;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    MessageBarAction(MessageBar* bar, const QString& text);
    MessageBar* m_bar;
    QString m_text;
    QList<QPushButton*> m_buttons;
};

} // namespace sluice::ui
