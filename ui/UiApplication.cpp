#include "UiApplication.h"

#include <QApplication>
#include <QIcon>

namespace sluice::ui {

void setUpApplication(QApplication& app)
{
    QApplication::setOrganizationName(QStringLiteral("Sluice"));
    QApplication::setApplicationName(QStringLiteral("Sluice"));
    QApplication::setApplicationDisplayName(QStringLiteral("Sluice"));
    QApplication::setApplicationVersion(QStringLiteral(SLUICE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.github.sluice.Sluice"));
    app.setWindowIcon(QIcon(QStringLiteral(":/icons/sluice.svg")));
}

} // namespace sluice::ui
