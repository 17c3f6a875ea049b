#pragma once
#include "HealthReport.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QWidget;

namespace sluice::ui {

// The Health dock: one result at a time (the last check run), with its verdict, its rows, a
// progress row with Cancel while a check runs, Copy, and Review Fix for schema advice.
class HealthPanel : public QWidget
{
    Q_OBJECT
public:
    explicit HealthPanel(QWidget* parent = nullptr);

    void showRunning(const QString& title, const QString& text);
    void showProgress(qint64 done, qint64 total, const QString& what);
    void showReport(const HealthReport& report);
    void showFailure(const QString& title, const QString& text);

    const HealthReport& report() const { return m_report; }
    QString titleText() const;
    QString summaryText() const;
    QTableWidget* table() const { return m_table; }
    QPushButton* cancelButton() const { return m_cancel; }
    QPushButton* reviewButton() const { return m_review; }
    bool isRunning() const;
    void copyToClipboard() const; // the selected rows, or the whole report when none is selected

Q_SIGNALS:
    void cancelRequested();
    void rowActivated(const QString& table, const QVariant& rowid);
    void reviewSqlRequested(const QString& sql, const QString& title);

private:
    void updateButtons();
    void activate(int row);

    HealthReport m_report;
    QLabel* m_title;
    QLabel* m_summary;
    QWidget* m_progressRow;
    QProgressBar* m_progress;
    QLabel* m_progressLabel;
    QPushButton* m_cancel;
    QTableWidget* m_table;
    QPushButton* m_copy;
    QPushButton* m_review;
};

} // namespace sluice::ui
