#pragma once
#include <QFrame>

class QLabel;
class QToolButton;

namespace sluice::ui {

// A non-modal message strip at the top of a view (errors, read-only notices) that never blocks
// the event loop the way a modal box does; it stays until closed or replaced.
class MessageBar : public QFrame
{
    Q_OBJECT
public:
    enum class Level { Info, Warning, Error };
    explicit MessageBar(QWidget* parent = nullptr);

    void showMessage(Level level, const QString& text);
    void clear();
    QString text() const;
    Level level() const { return m_level; }

private:
    QLabel* m_icon;
    QLabel* m_label;
    QToolButton* m_close;
    Level m_level = Level::Info;
};

} // namespace sluice::ui
