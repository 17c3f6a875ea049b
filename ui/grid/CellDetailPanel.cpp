#include "CellDetailPanel.h"

#include "BlobPreview.h"
#include "CellFormatter.h"
#include "DatabaseSession.h"
#include "TableGridModel.h"
#include "browse/CellFetcher.h"
#include "edit/ColumnEditors.h"
#include "edit/EditorValue.h"
#include "edit/JsonText.h"
#include "edit/TypedValue.h"

#include <QAction>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextDocumentLayout>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QStackedWidget>
#include <QTextDocument>
#include <QThread>
#include <QVBoxLayout>

#include <sqlite3.h>

namespace sluice::ui {

namespace {

constexpr qint64 kFileChunk = 4 * 1024 * 1024;

QByteArray valueBytes(const SqlValue& v)
{
    return v.storage() == SqlValue::Storage::Blob ? v.toBlob() : editableText(v).toUtf8();
}

Result<qint64> writeFile(const QString& path, const QByteArray& bytes, JobControl& job)
{
    const QString op = QStringLiteral("Saving the cell to a file");
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return DbError::plain(op, QStringLiteral("%1 cannot be written: %2").arg(path, out.errorString()),
                              QStringLiteral("Choose a folder you can write to."), path);
    for (qint64 done = 0; done < bytes.size();) {
        if (job.isCancelled())
            return DbWorker::cancelledError();
        const qint64 n = out.write(bytes.constData() + done, qMin(kFileChunk, bytes.size() - done));
        if (n <= 0)
            return DbError::plain(op, QStringLiteral("Writing %1 failed: %2").arg(path, out.errorString()),
                                  {}, path);
        done += n;
        job.progress(done, bytes.size());
    }
    if (!out.commit())
        return DbError::plain(op, QStringLiteral("Writing %1 failed: %2").arg(path, out.errorString()), {},
                              path);
    return qint64(bytes.size());
}

} // namespace

CellDetailPanel::CellDetailPanel(DatabaseSession& session, QWidget* parent)
    : QWidget(parent), m_session(session), m_prompt([](QWidget* p, const QString& message) {
          return QMessageBox::warning(p, tr("Not valid JSON"), message, QMessageBox::Yes | QMessageBox::No,
                                      QMessageBox::No) == QMessageBox::Yes;
      })
{
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(4, 0, 0, 0);
    lay->setSpacing(4);
    m_title = new QLabel(this);
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("cellNote"));
    m_note->setWordWrap(true);
    m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stack = new QStackedWidget(this);
    m_placeholder = new QLabel(tr("Select a cell to see its full value"), m_stack);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setMargin(12);
    m_placeholder->setFrameShape(QFrame::StyledPanel);
    // The palette's own muted role, so it reads as a hint in light and dark themes alike.
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);
    m_text = new QPlainTextEdit(m_stack);
    m_text->setObjectName(QStringLiteral("cellText"));
    m_text->setReadOnly(true);
    m_blob = new BlobPreview(m_stack);
    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(m_text);
    m_stack->addWidget(m_blob);

    m_apply = new QPushButton(tr("Apply to Cell"), this);
    m_apply->setToolTip(
        tr("Stage this text as the cell's new value (Ctrl+Enter); Apply in the grid writes it"));
    m_load = new QPushButton(tr("Load File\u2026"), this);
    m_load->setToolTip(tr("Stage a file's bytes as the cell's BLOB value"));
    m_save = new QPushButton(tr("Save to File\u2026"), this);
    m_save->setToolTip(tr("Write the cell's whole value to a file"));
    auto* buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    buttons->addWidget(m_apply);
    buttons->addStretch(1);
    buttons->addWidget(m_load);
    buttons->addWidget(m_save);

    lay->addWidget(m_title);
    lay->addWidget(m_note);
    lay->addWidget(m_stack, 1);
    lay->addLayout(buttons);

    connect(m_apply, &QPushButton::clicked, this, [this] { applyText(); });
    connect(m_load, &QPushButton::clicked, this, &CellDetailPanel::chooseFileToLoad);
    connect(m_save, &QPushButton::clicked, this, &CellDetailPanel::chooseFileToSave);
    connect(m_text, &QPlainTextEdit::textChanged, this, [this] {
        updateJsonNote();
        updateButtons();
    });
    auto* applyShortcut = new QAction(this);
    applyShortcut->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    applyShortcut->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(applyShortcut, &QAction::triggered, this, [this] { applyText(); });
    m_text->addAction(applyShortcut);
    clear();
}

void CellDetailPanel::setColumnEditors(ColumnEditors* editors)
{
    m_editors = editors;
}

CellDetailPanel::~CellDetailPanel()
{
    cancelLoad(); // interrupts the worker's read so its thread joins promptly
}

void CellDetailPanel::clear()
{
    cancelLoad();
    m_model = nullptr;
    m_table.clear();
    m_row = m_column = -1;
    m_kind = {};
    m_editable = m_editableWhenWhole = false;
    m_json = false;
    m_shown.reset();
    m_title->clear();
    m_title->hide();
    setNote({});
    {
        const QSignalBlocker block(m_text);
        m_text->clear();
        m_text->setReadOnly(true);
    }
    m_original.clear();
    m_blob->clear();
    m_stack->setCurrentWidget(m_placeholder);
    updateButtons();
}

bool CellDetailPanel::isShowingPlaceholder() const
{
    return m_stack->currentWidget() == m_placeholder;
}

QString CellDetailPanel::placeholderText() const
{
    return m_placeholder->text();
}

QString CellDetailPanel::titleText() const
{
    return m_title->text();
}

QString CellDetailPanel::text() const
{
    // A NULL cell shows an empty editor with NULL as its placeholder: that is what the person reads.
    if (m_text->toPlainText().isEmpty() && m_stack->currentWidget() == m_text && m_shown && m_shown->isNull())
        return CellFormatter::nullText();
    return m_text->toPlainText();
}

QString CellDetailPanel::noteText() const
{
    return m_note->text();
}

bool CellDetailPanel::isShowingBlob() const
{
    return m_stack->currentWidget() == m_blob;
}

void CellDetailPanel::setNote(const QString& text, bool problem)
{
    m_note->setText(text);
    m_note->setVisible(!text.isEmpty());
    QPalette p = palette();
    if (problem) // the palette has no "error" role: a red that stays readable on light and dark
        p.setColor(QPalette::WindowText, QColor(0xd0, 0x30, 0x30));
    m_note->setPalette(p);
}

bool CellDetailPanel::sameCell(const TableGridModel& model, int row, int column) const
{
    return m_model == &model && m_row == row && m_column == column && m_table == model.sourceName();
}

namespace {

// A plain-text editor's document holding `text`, made (and laid out: Qt 6 lays out text in any
// thread) on this thread and handed to `owner`. Until the panel adopts it (gives it a parent) it is
// deleted on the owner's thread when dropped.
std::shared_ptr<QTextDocument> documentFor(const QString& text, const QFont& font, QThread* owner)
{
    auto* doc = new QTextDocument;
    doc->setDefaultFont(font);
    doc->setDocumentLayout(new QPlainTextDocumentLayout(doc));
    doc->setPlainText(text);
    doc->moveToThread(owner);
    return std::shared_ptr<QTextDocument>(doc, [](QTextDocument* d) {
        if (!d->parent())
            d->deleteLater();
    });
}

bool sameContent(const Cell& a, const Cell& b)
{
    return a.storage == b.storage && a.length == b.length && a.value == b.value;
}

} // namespace

void CellDetailPanel::showCell(TableGridModel& model, int row, int column)
{
    const auto& source = model.source();
    if (!source || row < 0 || column < 0 || column >= source->columns().size()) {
        clear();
        return;
    }
    // What the person is typing survives the grid repainting this row (a page arriving, a sort).
    if (sameCell(model, row, column) && m_stack->currentWidget() == m_text && isTextChanged())
        return;
    const Cell* cell = model.cellAt(row, column);
    std::optional<SqlValue> value = model.valueAt(row, column);
    const bool inserted = model.isInsertedRow(row);
    if (!value && !cell && !inserted) {
        clear();
        return;
    }
    const BrowseColumn& col = source->columns().at(column);
    const ColumnEditor kind = m_editors ? m_editors->editorFor(source->name(), col.name) : ColumnEditor{};
    const Column* schemaColumn =
        model.editTable() ? model.editTable()->column(col.name) : nullptr; // a view: through its triggers
    const bool editable = model.isEditable() && !model.isRowDeleted(row) && schemaColumn &&
                          !schemaColumn->isGenerated() && (inserted || model.canUpdate());
    // The grid repainting the row of a value still being read: the read under way is still right.
    if (sameCell(model, row, column) && isLoading() && !value && cell && sameContent(*cell, m_loadingCell) &&
        editable == m_editableWhenWhole && kind.kind == m_kind.kind)
        return;
    cancelLoad();
    m_model = &model;
    m_table = source->name();
    m_row = row;
    m_column = column;
    m_kind = kind;
    m_editable = m_editableWhenWhole = editable;
    m_json = false;
    m_shown = value;
    const RowKey* key = model.keyAt(row);
    const bool locatable = key && key->isValid() && source->isKeyed();
    m_title->setText(QStringLiteral("%1 \u00b7 row %2").arg(col.name, QLocale().toString(row + 1)));
    QString typeTip = col.declaredType.isEmpty() ? tr("no declared type") : col.declaredType;
    if (m_editors)
        typeTip +=
            QStringLiteral("\n") + tr("Editor: %1 (%2)").arg(editorKindName(m_kind.kind), m_kind.reason);
    m_title->setToolTip(typeTip);
    m_title->show();
    setNote({});
    m_text->setReadOnly(!m_editable);
    m_text->setPlaceholderText({});
    m_text->setFont(font());
    const QSignalBlocker block(m_text);

    const Cell::Storage storage = value ? value->storage() : cell ? cell->storage : Cell::Storage::Null;
    if (!value && !cell) { // a new row's column left to SQLite
        m_stack->setCurrentWidget(m_text);
        m_text->clear();
        m_text->setPlaceholderText(tr("Left to SQLite (its default)"));
        setNote(tr("Not set: SQLite fills it in on insert. Type a value and Apply to set it."));
    } else if (storage == Cell::Storage::Null) {
        m_stack->setCurrentWidget(m_text);
        m_text->clear();
        m_text->setPlaceholderText(CellFormatter::nullText());
        setNote(tr("NULL (not empty text). Type a value and Apply to replace it."));
    } else if (storage == Cell::Storage::Integer || storage == Cell::Storage::Real) {
        m_stack->setCurrentWidget(m_text);
        const SqlValue v = value ? *value : SqlValue::fromCell(*cell);
        m_text->setPlainText(editableText(v));
        const bool stamp =
            m_kind.kind == EditorKind::TimestampSeconds || m_kind.kind == EditorKind::TimestampMillis;
        if (stamp && v.storage() == SqlValue::Storage::Integer)
            setNote(
                CellFormatter::unixTimeToolTip(v.toInteger(), m_kind.kind == EditorKind::TimestampMillis));
        else if (m_kind.kind == EditorKind::Boolean && v.storage() == SqlValue::Storage::Integer)
            setNote(CellFormatter::booleanText(v.toInteger()) + QStringLiteral(" (") + m_kind.reason +
                    QStringLiteral(")"));
        else if (cell)
            setNote(
                CellFormatter::toolTip(v.storage() == SqlValue::Storage::Integer ? cellOf(v) : *cell, col));
    } else if (storage == Cell::Storage::Text) {
        m_stack->setCurrentWidget(m_text);
        if (value) {
            showText(value->toText());
        } else if (!cell->isTruncated()) {
            showText(cell->value.toString());
        } else if (!locatable) {
            m_editable = false; // only a prefix is here: applying it would cut the value
            showText(cell->value.toString());
        } else {
            // SQLite counts TEXT length in characters; a character is at most 4 bytes of UTF-8.
            const bool small = 4 * cell->length <= kInlineBytes;
            std::optional<Result<CellContent>> r;
            if (small)
                r = fetchCell(m_session.connection(), *source, key->locator, col.name, kMaxTextBytes);
            if (!small || (!*r && r->error().isBusy())) { // locked: the worker waits for the lock
                m_editable = false;                       // until the whole value is here
                showText(cell->value.toString());
                const RowSource src = *source;
                const QVariantList locator = key->locator;
                const QString name = col.name;
                const bool pretty = m_kind.kind == EditorKind::Json && m_editableWhenWhole;
                const QFont plainFont = font();
                const QFont jsonFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
                QThread* gui = thread();
                m_loadingCell = *cell;
                startLoad(
                    [src, locator, name, pretty, plainFont, jsonFont,
                     gui](Connection& c, JobControl& job) -> Result<Loaded> {
                        Result<CellContent> r = fetchCell(c, src, locator, name, kMaxTextBytes);
                        if (!r)
                            return r.error();
                        if (job.isCancelled())
                            return DbWorker::cancelledError();
                        Loaded out;
                        out.storage = Cell::Storage::Text;
                        out.value = QString::fromUtf8(r->bytes);
                        out.complete = r->complete();
                        out.text = pretty && out.complete ? prettyJson(out.value) : out.value;
                        out.shownBytes = r->bytes.size();
                        out.totalBytes = r->totalBytes;
                        if (!job.isCancelled())
                            out.document =
                                documentFor(out.text, pretty && out.complete ? jsonFont : plainFont, gui);
                        return out;
                    },
                    tr("Loading the whole text (%1 characters)\u2026").arg(QLocale().toString(cell->length)));
            } else if (!*r) {
                m_editable = false;
                showText(cell->value.toString());
                setNote(r->error().message(), true);
            } else {
                const QString t = QString::fromUtf8((*r)->bytes);
                if ((*r)->complete())
                    m_shown = SqlValue::text(t);
                else
                    m_editable = false;
                showText(t);
                if (!(*r)->complete())
                    setNote(prefixNote((*r)->bytes.size(), (*r)->totalBytes));
            }
        }
    } else { // BLOB
        m_stack->setCurrentWidget(m_blob);
        if (value) {
            const QByteArray& bytes = value->toBlob();
            // A staged file of any size: the preview gets only what it shows (the image up to its limit).
            const QByteArray shown =
                bytes.size() <= kMaxImageBytes ? bytes : bytes.left(BlobPreview::kHexBytes);
            const qint64 total = bytes.size();
            if (BlobPreview::rendersQuickly(shown, total)) {
                m_blob->setContent(shown, total);
            } else {
                m_blob->showLoading(shown, total);
                startLoad(
                    [shown, total](Connection&, JobControl&) -> Result<Loaded> {
                        Loaded out;
                        out.storage = Cell::Storage::Blob;
                        out.blob = BlobPreview::render(shown, total);
                        return out;
                    },
                    tr("Decoding the picture (%1)\u2026").arg(humanByteSize(total)));
            }
        } else if (!locatable) {
            m_blob->setContent(cell->value.toByteArray(), cell->length);
        } else {
            const qint64 want = cell->length <= kMaxImageBytes ? cell->length : BlobPreview::kHexBytes;
            std::optional<Result<CellContent>> r;
            if (want <= kInlineBytes)
                r = fetchCell(m_session.connection(), *source, key->locator, col.name, want);
            if (r && *r && BlobPreview::rendersQuickly((*r)->bytes, (*r)->totalBytes)) {
                m_blob->setContent((*r)->bytes, (*r)->totalBytes);
            } else if (r && !*r && !r->error().isBusy()) {
                m_blob->setContent(cell->value.toByteArray(), cell->length);
                setNote(r->error().message(), true);
            } else if (r && *r) { // read at once, but a picture too large to decode here
                const CellContent content = **r;
                m_blob->showLoading(content.bytes, content.totalBytes);
                m_loadingCell = *cell;
                startLoad(
                    [content](Connection&, JobControl&) -> Result<Loaded> {
                        Loaded out;
                        out.storage = Cell::Storage::Blob;
                        out.blob = BlobPreview::render(content.bytes, content.totalBytes);
                        return out;
                    },
                    tr("Decoding the picture (%1)\u2026").arg(humanByteSize(content.totalBytes)));
            } else { // large, or the file is locked: read and decode on the worker
                m_blob->showLoading(cell->value.toByteArray(), cell->length);
                const RowSource src = *source;
                const QVariantList locator = key->locator;
                const QString name = col.name;
                m_loadingCell = *cell;
                startLoad(
                    [src, locator, name, want](Connection& c, JobControl& job) -> Result<Loaded> {
                        Result<CellContent> r = fetchCell(c, src, locator, name, want);
                        if (!r)
                            return r.error();
                        if (job.isCancelled()) // before the decode, which cannot be interrupted
                            return DbWorker::cancelledError();
                        Loaded out;
                        out.storage = Cell::Storage::Blob;
                        out.blob = BlobPreview::render(r->bytes, r->totalBytes);
                        return out;
                    },
                    tr("Loading %1\u2026").arg(humanByteSize(cell->length)));
            }
        }
    }
    m_original = m_text->toPlainText();
    updateJsonNote();
    updateButtons();
}

QString CellDetailPanel::prefixNote(qint64 shownBytes, qint64 totalBytes) const
{
    return tr("First %1 of %2 bytes shown (read-only here: Load File\u2026 replaces it).")
        .arg(QLocale().toString(shownBytes), QLocale().toString(totalBytes));
}

void CellDetailPanel::showText(const QString& text)
{
    const bool json = m_kind.kind == EditorKind::Json && m_editable;
    if (json) {
        m_json = true;
        m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont)); // structure lines up
    }
    const QString shown = json ? prettyJson(text) : text;
    // Just applied from this editor, the text is there already: filling the editor again would cost
    // the GUI thread ~300 ms for a few MB, and would move the cursor the person left somewhere.
    if (!(m_keepEditorText && m_text->toPlainText() == shown))
        m_text->setPlainText(shown);
    m_text->setReadOnly(!m_editable);
}

void CellDetailPanel::startLoad(LoadWork work, const QString& note)
{
    cancelLoad();
    if (!m_loader)
        m_loader = m_session.makeWorker();
    const quint64 generation = m_generation;
    m_loadingNote = note;
    setNote(note);
    m_loadJob = m_loader->submit<Loaded>(this, std::move(work), [this, generation](Result<Loaded> r) {
        if (generation == m_generation) // otherwise the person has moved on: dropped
            showLoaded(std::move(r));
    });
}

void CellDetailPanel::cancelLoad()
{
    ++m_generation;
    if (m_loadJob && m_loader)
        m_loader->cancel(m_loadJob);
    m_loadJob = 0;
    m_loadingNote.clear();
}

void CellDetailPanel::showLoaded(Result<Loaded> r)
{
    m_loadJob = 0;
    const bool noteIsOurs = m_note->text() == m_loadingNote; // a file load may have written since
    m_loadingNote.clear();
    const QSignalBlocker block(m_text);
    if (!r) {
        if (isShowingBlob())
            m_blob->setContent(m_loadingCell.value.toByteArray(), m_loadingCell.length);
        setNote(r.error().message(), true); // the prefix stays, read-only
    } else if (r->storage == Cell::Storage::Blob) {
        m_blob->showRendering(r->blob);
        if (noteIsOurs)
            setNote({});
    } else {
        if (noteIsOurs)
            setNote({});
        m_editable = m_editableWhenWhole && r->complete;
        if (r->complete)
            m_shown = SqlValue::text(r->value);
        if (m_kind.kind == EditorKind::Json && m_editable) { // pretty-printed on the worker
            m_json = true;
            m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        }
        if (r->document) {
            r->document->setParent(this); // adopted: no longer deleted with the result
            QPointer<QTextDocument> previous = m_loadedDocument;
            m_text->setDocument(r->document.get());
            m_loadedDocument = r->document.get();
            delete previous; // the editor keeps no pointer to a document it no longer shows
        } else {
            m_text->setPlainText(r->text);
        }
        m_text->setReadOnly(!m_editable);
        if (!r->complete)
            setNote(prefixNote(r->shownBytes, r->totalBytes));
        m_original = m_text->toPlainText();
        updateJsonNote();
    }
    updateButtons();
    Q_EMIT cellLoaded();
}

bool CellDetailPanel::isTextChanged() const
{
    return m_text->toPlainText() != m_original;
}

void CellDetailPanel::updateJsonNote()
{
    if (!m_json)
        return;
    const QString t = m_text->toPlainText();
    if (t.size() > kLiveJsonCheckChars)
        return;
    const JsonCheck check = checkJson(t);
    if (check.valid)
        setNote(tr("Valid JSON \u00b7 %1").arg(m_kind.reason));
    else
        setNote(tr("Not valid JSON: %1").arg(check.message()), true);
}

void CellDetailPanel::updateButtons()
{
    const bool textShown = m_stack->currentWidget() == m_text;
    m_apply->setVisible(m_editable && textShown);
    m_apply->setEnabled(m_editable && textShown && !m_busy && isTextChanged());
    m_load->setVisible(m_model != nullptr && (isShowingBlob() || m_kind.kind == EditorKind::Blob));
    m_load->setEnabled(m_editable && m_editors && !m_busy);
    m_save->setVisible(m_model != nullptr && !isShowingPlaceholder());
    m_save->setEnabled(!m_busy && m_editors && (!m_shown || !m_shown->isNull()) &&
                       (m_shown || (m_model && m_model->cellAt(m_row, m_column))));
}

bool CellDetailPanel::applyText()
{
    if (isLoading() && m_editableWhenWhole && m_stack->currentWidget() == m_text) {
        // The note is the load's own, so the load replaces it when the whole text is here.
        m_loadingNote = tr("Still loading: the text can be edited once all of it is here.");
        setNote(m_loadingNote, true);
        return false;
    }
    if (!m_model || !m_editable || m_stack->currentWidget() != m_text) {
        setNote(tr("This cell cannot be edited here."), true);
        return false;
    }
    const Table* table = m_model ? m_model->editTable() : nullptr;
    const Column* column = table ? table->column(m_model->source()->columns().at(m_column).name) : nullptr;
    if (!column)
        return false;
    const QString t = m_text->toPlainText();
    if (!isTextChanged()) {
        setNote(tr("Nothing to apply: the text was not changed."));
        return false;
    }
    const EditorVerdict v = verdictForText(t, m_kind, *table, *column);
    if (!v.refusal.isEmpty()) {
        setNote(v.refusal, true);
        return false;
    }
    if (!v.warning.isEmpty() && !(m_prompt && m_prompt(this, v.warning))) {
        setNote(v.warning, true);
        return false;
    }
    if (!v.value || !m_model->stageValue(m_row, m_column, *v.value,
                                         tr("Edit %1 in the detail panel").arg(column->name))) {
        setNote(tr("Nothing was staged (the value is unchanged)."));
        return false;
    }
    m_original = t;
    m_keepEditorText = true;
    showCell(*m_model, m_row, m_column);
    m_keepEditorText = false;
    return true;
}

void CellDetailPanel::chooseFileToLoad()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Load File into Cell"));
    if (!path.isEmpty())
        loadBlobFromFile(path);
}

void CellDetailPanel::chooseFileToSave()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Cell to File"));
    if (!path.isEmpty())
        saveCellToFile(path);
}

void CellDetailPanel::loadBlobFromFile(const QString& path)
{
    const Table* table = m_model ? m_model->editTable() : nullptr;
    const Column* column =
        table && m_model ? table->column(m_model->source()->columns().at(m_column).name) : nullptr;
    if (!m_model || !m_editable || !m_editors || !column || m_busy) {
        const QString why = tr("This cell cannot take a file now.");
        setNote(why, true);
        Q_EMIT blobLoaded(false, why);
        return;
    }
    // A STRICT column that refuses BLOBs is told before any byte is read.
    const EditorVerdict probe = verdictForValue(SqlValue::blob(QByteArray("")), *table, *column);
    if (!probe.refusal.isEmpty()) {
        setNote(probe.refusal, true);
        Q_EMIT blobLoaded(false, probe.refusal);
        return;
    }
    m_busy = true;
    updateButtons();
    setNote(tr("Reading %1\u2026").arg(path));
    QPointer<TableGridModel> model = m_model;
    const int row = m_row;
    const int col = m_column;
    const QString tableName = m_table;
    m_editors->worker().submit<QByteArray>(
        this,
        [path](Connection& c, JobControl& job) -> Result<QByteArray> {
            const QString op = QStringLiteral("Loading a file into a cell");
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly))
                return DbError::plain(op, QStringLiteral("%1 cannot be read: %2").arg(path, f.errorString()),
                                      QStringLiteral("Choose a file you can read."), path);
            const qint64 size = f.size();
            const qint64 limit = sqlite3_limit(c.handle(), SQLITE_LIMIT_LENGTH, -1);
            if (size > limit)
                return DbError::plain(
                    op,
                    QStringLiteral("%1 is %2 bytes; SQLite stores at most %3 bytes in one value")
                        .arg(path)
                        .arg(size)
                        .arg(limit),
                    QStringLiteral("Store a path to the file instead."), path);
            // One allocation of the final size, filled in place chunk by chunk: no growing, no copy.
            QByteArray bytes(size, Qt::Uninitialized);
            for (qint64 done = 0; done < size;) {
                if (job.isCancelled())
                    return DbWorker::cancelledError();
                const qint64 n = f.read(bytes.data() + done, qMin(kFileChunk, size - done));
                if (n <= 0)
                    return DbError::plain(
                        op, QStringLiteral("Reading %1 failed: %2").arg(path, f.errorString()), {}, path);
                done += n;
                job.progress(done, size);
            }
            return bytes;
        },
        [this, model, row, col, tableName, path](Result<QByteArray> r) {
            m_busy = false;
            if (!r) {
                setNote(r.error().message(), true);
                updateButtons();
                Q_EMIT blobLoaded(false, r.error().message());
                return;
            }
            const qint64 n = r->size();
            const bool staged = model && model->sourceName() == tableName &&
                                model->stageValue(row, col, SqlValue::blob(*r), tr("Load %1").arg(path));
            const QString message =
                staged ? tr("Staged %1 (%2 bytes) from %3").arg(humanByteSize(n), QLocale().toString(n), path)
                       : tr("%1 was read but could not be staged: the table changed meanwhile.").arg(path);
            if (model && sameCell(*model, row, col))
                showCell(*model, row, col);
            setNote(message, !staged);
            updateButtons();
            Q_EMIT blobLoaded(staged, message);
        },
        [this](qint64 done, qint64 total, const QString&) {
            setNote(tr("Reading\u2026 %1 of %2").arg(humanByteSize(done), humanByteSize(total)));
        });
}

void CellDetailPanel::saveCellToFile(const QString& path)
{
    if (!m_model || !m_editors || m_busy) {
        Q_EMIT blobSaved(false, tr("No cell to save."));
        return;
    }
    const std::optional<SqlValue> whole = m_model->valueAt(m_row, m_column);
    if (whole && whole->isNull()) {
        const QString why = tr("The cell is NULL: there is nothing to save.");
        setNote(why, true);
        Q_EMIT blobSaved(false, why);
        return;
    }
    std::function<Result<qint64>(Connection&, JobControl&)> work;
    if (whole) {
        const QByteArray bytes = valueBytes(*whole); // shares the staged bytes
        work = [path, bytes](Connection&, JobControl& job) { return writeFile(path, bytes, job); };
    } else {
        const RowKey* key = m_model->keyAt(m_row);
        const Cell* cell = m_model->cellAt(m_row, m_column);
        if (!key || !key->isValid() || !cell || !m_model->source()->isKeyed()) {
            const QString why = tr("This row cannot be read again by its key, so its value cannot be saved.");
            setNote(why, true);
            Q_EMIT blobSaved(false, why);
            return;
        }
        const RowSource source = *m_model->source();
        const QVariantList locator = key->locator;
        const QString column = source.columns().at(m_column).name;
        // Text lengths may count characters; fetchCell reads at most the value's real size anyway.
        const qint64 length = cell->storage == Cell::Storage::Text ? 4 * cell->length : cell->length;
        work = [path, source, locator, column, length](Connection& c, JobControl& job) -> Result<qint64> {
            Result<CellContent> r = fetchCell(c, source, locator, column, length);
            if (!r)
                return r.error();
            return writeFile(path, r->bytes, job);
        };
    }
    m_busy = true;
    updateButtons();
    setNote(tr("Saving to %1\u2026").arg(path));
    m_editors->worker().submit<qint64>(this, std::move(work), [this, path](Result<qint64> r) {
        m_busy = false;
        updateButtons();
        const QString message =
            r ? tr("Saved %1 bytes to %2").arg(QLocale().toString(*r), path) : r.error().message();
        setNote(message, !r);
        Q_EMIT blobSaved(bool(r), message);
    });
}

} // namespace sluice::ui
