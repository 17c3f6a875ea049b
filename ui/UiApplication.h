#pragma once
class QApplication;

namespace sluice::ui {

// Names, icon and style for the desktop face (QSettings keys live under this organisation/app).
void setUpApplication(QApplication& app);

} // namespace sluice::ui
