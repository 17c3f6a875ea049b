#include "MainWindow.h"

#include "DatabaseSession.h"

#include <QMessageBox>

namespace sluice::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setWindowTitle(QStringLiteral("Sluice"));
    resize(1200, 800);
}

MainWindow::~MainWindow() = default;

bool MainWindow::openDatabase(const QString& path)
{
    auto s = DatabaseSession::open(path);
    if (!s) {
        QMessageBox::warning(this, tr("Cannot open database"), s.error().message());
        return false;
    }
    m_session = std::move(s.value());
    return true;
}

} // namespace sluice::ui
