#pragma once
// Schema before and after side by side, from a SchemaDiff (the dry run's: "after" is what running
// the migrations on a copy produced). Rows are aligned; added lines are tinted green on the right,
// removed red on the left, changed amber on both, in tints that follow the palette (dark mode).
// Unchanged objects are folded into a one-line note unless "Show unchanged" is ticked.
#include "diff/SchemaTextDiff.h"

#include <QWidget>

class QCheckBox;
class QLabel;

namespace sluice::ui {

class SqlTextEdit;

class SchemaDiffView : public QWidget
{
    Q_OBJECT
public:
    enum class Side { Before, After };
    explicit SchemaDiffView(QWidget* parent = nullptr);

    void setDiff(const SchemaDiff& diff);
    void clear(const QString& note = {});
    const SchemaDiff& diff() const { return m_diff; }

    void setShowUnchanged(bool show);
    bool showUnchanged() const;

    SqlTextEdit* editor(Side side) const { return side == Side::Before ? m_before : m_after; }
    // The diff state drawn on a 1-based line of one side (Same when the line has no tint).
    DiffState lineState(Side side, int line) const;
    QString summary() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void render();
    void applyColors();

    SqlTextEdit* m_before;
    SqlTextEdit* m_after;
    QCheckBox* m_showUnchanged;
    QLabel* m_summary;
    SchemaDiff m_diff;
    bool m_hasDiff = false;
};

} // namespace sluice::ui
