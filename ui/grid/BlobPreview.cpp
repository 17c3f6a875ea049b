#include "BlobPreview.h"

#include "browse/CellValue.h"

#include <QFontDatabase>
#include <QImage>
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
    m_image = new QLabel(this);
    m_image->setAlignment(Qt::AlignCenter);
    m_image->setMinimumHeight(0);
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

void BlobPreview::setContent(const QByteArray& bytes, qint64 totalBytes)
{
    m_hasImage = false;
    QString kind = describeBlobPrefix(bytes.left(32));
    if (bytes.size() >= totalBytes) {
        QImage img;
        if (img.loadFromData(bytes)) {
            m_hasImage = true;
            QImage shown = img.width() > 512 || img.height() > 512
                               ? img.scaled(512, 512, Qt::KeepAspectRatio, Qt::SmoothTransformation)
                               : img;
            m_image->setPixmap(QPixmap::fromImage(shown));
            if (kind.isEmpty())
                kind = QStringLiteral("Image %1\u00d7%2").arg(img.width()).arg(img.height());
        }
    }
    if (!m_hasImage)
        m_image->clear();
    m_image->setVisible(m_hasImage);
    m_info->setText((kind.isEmpty() ? QStringLiteral("BLOB") : kind) + QStringLiteral(" \u00b7 ") +
                    humanByteSize(totalBytes) + QStringLiteral(" (%1 bytes)").arg(totalBytes));
    QString dump = hexDump(bytes);
    if (totalBytes > bytes.size() && bytes.size() <= kHexBytes)
        dump += QStringLiteral("\u2026 (first %1 of %2 bytes)\n").arg(bytes.size()).arg(totalBytes);
    m_hex->setPlainText(dump);
}

void BlobPreview::clear()
{
    m_hasImage = false;
    m_info->clear();
    m_image->clear();
    m_image->hide();
    m_hex->clear();
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
