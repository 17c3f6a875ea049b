#pragma once
// The "Project doctor" view: where each file of a Drizzle project says the SQLite database is (a
// small table, disagreeing rows marked), and the doctor's findings, each with its severity, the
// files concerned, their values and what to do. Re-check re-reads the files.
#include "drizzle/ProjectDoctor.h"

#include <QIcon>
#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;
class QVBoxLayout;

namespace sluice::ui {

class DoctorView : public QWidget
{
    Q_OBJECT
public:
    enum class Severity { Error, Warning };

    explicit DoctorView(QWidget* parent = nullptr);

    // Checks `dir` now ("" shows the "no project" state).
    void setProjectDir(const QString& dir);
    QString projectDir() const { return m_dir; }
    // Runs the doctor again on the same folder.
    void recheck();

    const DoctorReport& report() const { return m_report; }
    bool isClean() const { return !m_dir.isEmpty() && m_report.findings.isEmpty(); }
    // The headline: "No problems found: … agree on ./data/app.db" or "2 problems found".
    QString summaryText() const;
    // The plain text of each finding card, in order (title, files, values, advice).
    QStringList findingTexts() const;
    QTableWidget* claimsTable() const { return m_claims; }
    QPushButton* recheckButton() const { return m_recheck; }

    static Severity severity(DoctorFinding::Kind kind);
    static QString title(DoctorFinding::Kind kind);
    static QIcon severityIcon(Severity severity);
    static QIcon okIcon();

Q_SIGNALS:
    void checked(int findings);

protected:
    void changeEvent(QEvent* event) override;

private:
    void rebuild();
    void fillClaims();
    void clearFindings();
    QWidget* makeCard(const DoctorFinding& finding);
    QString relative(const QString& path) const;
    QString cleanSentence() const;

    QString m_dir;
    DoctorReport m_report;
    QLabel* m_icon;
    QLabel* m_summary;
    QLabel* m_where;
    QPushButton* m_recheck;
    QLabel* m_claimsTitle;
    QTableWidget* m_claims;
    QLabel* m_findingsTitle;
    QWidget* m_findingsBox;
    QVBoxLayout* m_findingsLayout;
    QLabel* m_notes;
    QList<QWidget*> m_cards;
    bool m_inRebuild = false;
};

} // namespace sluice::ui
