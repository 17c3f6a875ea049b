#include "BlobPreview.h"

#include "browse/CellValue.h"

#include <QBuffer>
#include <QFontDatabase>
#include <QImage>
#include <QImageReader>
#include <QLabel>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace sluice::ui {

BlobPreview::BlobPreview(QWidget* parent) : QWidget(parent)
{
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(0, 0, 0, 0);
    m_info = new QLabel(this);
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_info->setWordWrap(true); // "PNG image 2048×2048 · 12.0 MB (12605186 bytes)" is wider than the panel
    m_image = new QLabel(this);
    m_image->setAlignment(Qt::AlignCenter);
    m_image->setMinimumHeight(0);
    // The panel is often narrower than the picture: it is scaled to fit rather than cut off.
    m_image->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_hex = new QPlainTextEdit(this);
    m_hex->setReadOnly(true);
    m_hex->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_hex->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    lay->addWidget(m_info);
    lay->addWidget(m_image);
    lay->addWidget(m_hex, 1);
}

QString BlobPreview::hexDump(const QByteArray& bytes, int maxBytes)
{
    QString out;
    const int n = int(qMin<qsizetype>(bytes.size(), maxBytes));
    for (int off = 0; off < n; off += 16) {
        QString hex;
        QString ascii;
        for (int i = 0; i < 16; ++i) {
            if (i == 8)
                hex += QLatin1Char(' ');
            if (off + i < n) {
                const uchar b = uchar(bytes.at(off + i));
                hex += QStringLiteral("%1 ").arg(b, 2, 16, QLatin1Char('0'));
                ascii += (b >= 0x20 && b < 0x7f) ? QChar(b) : QLatin1Char('.');
            } else {
                hex += QStringLiteral("   ");
            }
        }
        out += QStringLiteral("%1  %2 |%3|\n").arg(off, 8, 16, QLatin1Char('0')).arg(hex, ascii);
    }
    if (bytes.size() > n)
        out += QStringLiteral("\u2026\n");
    return out;
}

namespace {

QString infoLine(const QString& kind, qint64 totalBytes)
{
    return (kind.isEmpty() ? QStringLiteral("BLOB") : kind) + QStringLiteral(" \u00b7 ") +
           humanByteSize(totalBytes) + QStringLiteral(" (%1 bytes)").arg(totalBytes);
}

} // namespace

bool BlobPreview::rendersQuickly(const QByteArray& bytes, qint64 totalBytes)
{
    if (bytes.size() < totalBytes)
        return true; // a prefix: only the hex dump, no picture
    if (bytes.size() > kQuickBytes)
        return false;
    // The header gives the size without decoding; a few KB of PNG can still hold a huge picture.
    QBuffer buffer;
    buffer.setData(bytes);
    QImageReader reader(&buffer);
    const QSize size = reader.size();
    return !size.isValid() || qint64(size.width()) * size.height() <= kQuickPixels;
}

BlobPreview::Rendering BlobPreview::render(const QByteArray& bytes, qint64 totalBytes)
{
    Rendering out;
    QString kind = describeBlobPrefix(bytes.left(32));
    if (bytes.size() >= totalBytes) {
        QImage img;
        if (img.loadFromData(bytes)) {
            out.imageSize = img.size();
            out.image =
                img.width() > kImageSide || img.height() > kImageSide
                    ? img.scaled(kImageSide, kImageSide, Qt::KeepAspectRatio, Qt::SmoothTransformation)
                    : img;
            if (kind.isEmpty())
                kind = QStringLiteral("Image %1\u00d7%2").arg(img.width()).arg(img.height());
        }
    }
    out.info = infoLine(kind, totalBytes);
    out.hex = hexDump(bytes);
    if (totalBytes > bytes.size() && bytes.size() <= kHexBytes)
        out.hex += QStringLiteral("\u2026 (first %1 of %2 bytes)\n").arg(bytes.size()).arg(totalBytes);
    return out;
}

void BlobPreview::showRendering(const Rendering& rendering)
{
    m_hasImage = !rendering.image.isNull();
    m_imageSize = m_hasImage ? rendering.imageSize : QSize();
    m_pixmap = m_hasImage ? QPixmap::fromImage(rendering.image) : QPixmap(); // only on the GUI thread
    m_image->setVisible(m_hasImage);
    m_info->setText(rendering.info);
    fitImage();
    m_hex->setPlainText(rendering.hex);
}

void BlobPreview::setContent(const QByteArray& bytes, qint64 totalBytes)
{
    showRendering(render(bytes, totalBytes));
}

void BlobPreview::showLoading(const QByteArray& prefix, qint64 totalBytes)
{
    m_hasImage = false;
    m_imageSize = {};
    m_pixmap = {};
    m_image->clear();
    m_image->hide();
    m_info->setText(infoLine(describeBlobPrefix(prefix.left(32)), totalBytes));
    fitImage();
    m_hex->setPlainText(tr("Loading\u2026"));
}

void BlobPreview::clear()
{
    m_hasImage = false;
    m_imageSize = {};
    m_pixmap = {};
    m_info->clear();
    m_info->setMinimumHeight(0);
    m_image->clear();
    m_image->hide();
    m_hex->clear();
}

void BlobPreview::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    fitImage();
}

void BlobPreview::fitImage()
{
    // A wrapped label in a stacked widget gets one line's height unless told its height for this width.
    m_info->setMinimumHeight(qMax(0, m_info->heightForWidth(width())));
    if (m_pixmap.isNull()) {
        m_image->clear();
        m_image->setMinimumHeight(0);
        return;
    }
    const int width = qMax(1, qMin(this->width(), m_pixmap.width()));
    const QPixmap shown =
        width >= m_pixmap.width() ? m_pixmap : m_pixmap.scaledToWidth(width, Qt::SmoothTransformation);
    m_image->setPixmap(shown);
    m_image->setMinimumHeight(shown.height()); // the hex dump below gives way, not the picture
}

QString BlobPreview::infoText() const
{
    return m_info->text();
}

QString BlobPreview::hexText() const
{
    return m_hex->toPlainText();
}

} // namespace sluice::ui
