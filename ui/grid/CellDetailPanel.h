#pragma once
// The current cell in full: long text in a text view, a BLOB in a BlobPreview. Values are read on
// demand by row locator with a bounded prefix, so a 100 MB cell costs only what is shown.
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QStackedWidget;

namespace sluice::ui {

class BlobPreview;
class DatabaseSession;
class TableGridModel;

class CellDetailPanel : public QWidget
{
    Q_OBJECT
public:
    static constexpr qint64 kMaxTextBytes = 4 * 1024 * 1024;
    static constexpr qint64 kMaxImageBytes = 16 * 1024 * 1024; // larger BLOBs: hex of the start only

    CellDetailPanel(DatabaseSession& session, QWidget* parent = nullptr);

    void showCell(const TableGridModel& model, int row, int column);
    void clear();

    QString titleText() const;
    QString text() const;
    BlobPreview* blobPreview() const { return m_blob; }
    bool isShowingBlob() const;
    // No cell: a muted hint instead of an empty box.
    bool isShowingPlaceholder() const;
    QString placeholderText() const;

private:
    DatabaseSession& m_session;
    QLabel* m_title = nullptr;
    QStackedWidget* m_stack = nullptr;
    QLabel* m_placeholder = nullptr;
    QPlainTextEdit* m_text = nullptr;
    BlobPreview* m_blob = nullptr;
};

} // namespace sluice::ui
