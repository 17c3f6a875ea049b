#pragma once
#include <QWidget>

class QListWidget;

namespace sluice::ui {

// Shown when no database is open: how to open one, and the recent files.
class WelcomePage : public QWidget
{
    Q_OBJECT
public:
    explicit WelcomePage(QWidget* parent = nullptr);
    void refresh();

Q_SIGNALS:
    void openRequested();
    void openFileRequested(const QString& path);

private:
    QListWidget* m_recent;
};

} // namespace sluice::ui
