#pragma once
// The current cell in full, and its editor for values too large or too structured for the grid:
//  - text in a multi-line editor; "Apply to Cell" stages it through the grid's staged edits
//    (GridEdits, so it is undoable and reviewed like any other edit);
//  - JSON columns pretty-printed, with the parser's message while the text is not valid JSON;
//  - timestamp columns with the decoded local and UTC date-time;
//  - BLOBs: size and kind, a bounded hex dump, the picture, Load from File… (read on a worker in
//    chunks; the bytes are staged without further copies) and Save to File….
// Values are read on demand by row locator with a bounded prefix, so a 100 MB cell costs only what
// is shown. Small values (up to kInlineBytes) are read at once on the GUI connection; larger ones
// are read, and their pictures decoded and scaled, on a worker of the panel's own while the panel
// says "Loading…". NULL is shown as NULL and is never turned into empty text by applying an
// untouched editor.
#include "BlobPreview.h"
#include "browse/CellValue.h"
#include "edit/ColumnEditorKind.h"
#include "edit/SqlValue.h"
#include "worker/DbWorker.h"

#include <QPointer>
#include <QWidget>

#include <functional>
#include <memory>
#include <optional>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTextDocument;

namespace sluice::ui {

class ColumnEditors;
class DatabaseSession;
class TableGridModel;

class CellDetailPanel : public QWidget
{
    Q_OBJECT
public:
    static constexpr qint64 kMaxTextBytes = 4 * 1024 * 1024;
    static constexpr qint64 kMaxImageBytes = 16 * 1024 * 1024; // larger BLOBs: hex of the start only
    static constexpr int kLiveJsonCheckChars = 256 * 1024;     // longer text is checked on Apply only
    // Values of at most this many bytes are read on the GUI thread: 16 pages of a 4 KB-page file,
    // well under a millisecond when the file is not locked (and the 80 ms busy timeout bounds it
    // when it is), and no more text than the editor lays out at once without a visible pause.
    static constexpr qint64 kInlineBytes = 64 * 1024;

    CellDetailPanel(DatabaseSession& session, QWidget* parent = nullptr);
    ~CellDetailPanel() override;

    // Where editor kinds and file work come from; without it the panel only shows values.
    void setColumnEditors(ColumnEditors* editors);

    void showCell(TableGridModel& model, int row, int column);
    void clear();

    QString titleText() const;
    // The text shown: the editor's, or "NULL" for a NULL cell whose editor is still empty.
    QString text() const;
    // The line under the title: the decoded date-time, the JSON check, a refusal, file progress.
    QString noteText() const;
    BlobPreview* blobPreview() const { return m_blob; }
    bool isShowingBlob() const;
    bool isShowingJson() const { return m_json; }
    // No cell: a muted hint instead of an empty box.
    bool isShowingPlaceholder() const;
    QString placeholderText() const;
    // The current cell's value is still being read or decoded on the worker.
    bool isLoading() const { return m_loadJob != 0; }

    // --- editing the current cell ---
    bool isEditable() const { return m_editable; }
    QPlainTextEdit* textEdit() const { return m_text; }
    QPushButton* applyButton() const { return m_apply; }
    // Stages the editor's text for the cell (converted by the column's kind); false and noteText()
    // says why when it is refused (STRICT type, invalid JSON in a constrained column) or declined.
    bool applyText();
    // Reads a file on the worker and stages its bytes as the cell's BLOB; blobLoaded tells the end.
    void loadBlobFromFile(const QString& path);
    // Writes the cell's whole value (read on the worker when only a prefix is shown) to a file.
    void saveCellToFile(const QString& path);
    // Asked whether invalid JSON may be kept as text where the column does not enforce JSON.
    using Prompt = std::function<bool(QWidget* parent, const QString& message)>;
    void setInvalidJsonPrompt(Prompt prompt) { m_prompt = std::move(prompt); }

Q_SIGNALS:
    void blobLoaded(bool ok, const QString& message);
    void blobSaved(bool ok, const QString& message);
    // The current cell's value arrived from the worker and is shown (or its error is in the note).
    void cellLoaded();

private:
    // A value read (and its picture decoded) on the worker, ready to show.
    struct Loaded
    {
        Cell::Storage storage = Cell::Storage::Null;
        QString value;        // TEXT: the value read (a prefix when !complete)
        QString text;         // TEXT: what the editor shows (pretty-printed when JSON)
        bool complete = true; // TEXT: the whole value, not a prefix
        qint64 shownBytes = 0;
        qint64 totalBytes = 0;
        BlobPreview::Rendering blob;
        // TEXT: the editor's document, filled on the worker (setPlainText of a few MB takes the
        // GUI thread half a second) and moved to the GUI thread; deleted there unless taken.
        std::shared_ptr<QTextDocument> document;
    };
    using LoadWork = std::function<Result<Loaded>(Connection&, JobControl&)>;
    // Starts reading the current cell on the worker; an earlier read still under way is cancelled.
    void startLoad(LoadWork work, const QString& note);
    void cancelLoad();
    void showLoaded(Result<Loaded> loaded);
    // Fills the text editor with the current cell's text, editable or not, pretty when JSON.
    void showText(const QString& text);
    QString prefixNote(qint64 shownBytes, qint64 totalBytes) const;

    void setNote(const QString& text, bool problem = false);
    void updateJsonNote();
    void updateButtons();
    void chooseFileToLoad();
    void chooseFileToSave();
    bool sameCell(const TableGridModel& model, int row, int column) const;
    // Whether the editor's text differs from what the cell showed (typed or set by a program).
    bool isTextChanged() const;

    DatabaseSession& m_session;
    QPointer<ColumnEditors> m_editors;
    QPointer<TableGridModel> m_model;
    QString m_table;
    int m_row = -1;
    int m_column = -1;
    ColumnEditor m_kind;
    bool m_editable = false;
    bool m_editableWhenWhole = false; // m_editable once the complete text is here
    bool m_json = false;
    bool m_keepEditorText = false; // showing the value just applied from the editor
    bool m_busy = false;
    std::optional<SqlValue> m_shown; // the value as shown, when it is whole
    QString m_original;              // the editor's text as the cell filled it

    std::unique_ptr<DbWorker> m_loader; // made on the first large value
    JobId m_loadJob = 0;
    quint64 m_generation = 0; // a result of an older generation is for a cell no longer shown
    Cell m_loadingCell;       // what the grid held for the cell being loaded
    QString m_loadingNote;
    QPointer<QTextDocument> m_loadedDocument; // the editor's document when a load made it

    QLabel* m_title = nullptr;
    QLabel* m_note = nullptr;
    QStackedWidget* m_stack = nullptr;
    QLabel* m_placeholder = nullptr;
    QPlainTextEdit* m_text = nullptr;
    BlobPreview* m_blob = nullptr;
    QPushButton* m_apply = nullptr;
    QPushButton* m_load = nullptr;
    QPushButton* m_save = nullptr;
    Prompt m_prompt;
};

} // namespace sluice::ui
