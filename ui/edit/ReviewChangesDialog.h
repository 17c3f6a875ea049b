#pragma once
// "Review Changes": the exact SQL the staged edits become (values as bound parameters, listed
// under each statement) in the project's SQL view, with any STRICT type refusals found before a
// transaction would start; Apply and Discard act on the grid's staged edits.
#include <QDialog>

class QLabel;
class QPushButton;

namespace sluice {
struct Table;
class StagedChanges;
} // namespace sluice

namespace sluice::ui {

class SqlTextEdit;

class ReviewChangesDialog : public QDialog
{
    Q_OBJECT
public:
    ReviewChangesDialog(const Table& table, const StagedChanges& changes, QWidget* parent = nullptr);

    QString sqlText() const;
    QString problemText() const;
    SqlTextEdit* sqlView() const { return m_sql; }
    QPushButton* applyButton() const { return m_apply; }
    QPushButton* discardButton() const { return m_discard; }

Q_SIGNALS:
    void applyRequested();
    void discardRequested();

private:
    SqlTextEdit* m_sql;
    QLabel* m_problems;
    QPushButton* m_apply;
    QPushButton* m_discard;
};

} // namespace sluice::ui
