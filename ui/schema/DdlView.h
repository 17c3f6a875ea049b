#pragma once
#include <QWidget>

namespace sluice {
struct Schema;
}

namespace sluice::ui {

class SqlTextEdit;

// The CREATE statements of one object (a table with its indexes and triggers), read-only,
// highlighted and copyable.
class DdlView : public QWidget
{
    Q_OBJECT
public:
    explicit DdlView(QWidget* parent = nullptr);
    void showObject(const Schema& schema, const QString& name);
    void clear();
    QString text() const;
    SqlTextEdit* editor() const { return m_editor; }

private:
    SqlTextEdit* m_editor;
};

} // namespace sluice::ui
