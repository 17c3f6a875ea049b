#pragma once
// A BLOB at a glance: its size and kind, a hex dump of its first bytes, and the picture when the
// bytes are an image Qt can decode.
#include <QByteArray>
#include <QImage>
#include <QPixmap>
#include <QString>
#include <QWidget>

class QLabel;
class QPlainTextEdit;

namespace sluice::ui {

class BlobPreview : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kHexBytes = 4096;
    static constexpr int kImageSide = 512; // the picture is scaled down to fit this square
    // Images up to this many pixels decode in a few milliseconds: render() may run on the GUI
    // thread for them. Larger ones (or ones of more than kQuickBytes) are rendered on a worker.
    static constexpr qint64 kQuickPixels = 1024 * 1024;
    static constexpr qint64 kQuickBytes = 64 * 1024;

    // What the preview shows, made without widgets so a worker thread can make it (QImage may be
    // used off the GUI thread; only the QPixmap is made in show()).
    struct Rendering
    {
        QString info;
        QString hex;
        QImage image;    // already scaled to fit kImageSide; null when the bytes are no image
        QSize imageSize; // the picture's own size before scaling
    };

    explicit BlobPreview(QWidget* parent = nullptr);

    // `bytes` may be a prefix of a value `totalBytes` long; the image is tried only on whole values.
    // Decodes and scales the image: thread-safe, and slow for large pictures.
    static Rendering render(const QByteArray& bytes, qint64 totalBytes);
    // Whether render() of these bytes is cheap enough for the GUI thread (few bytes, few pixels).
    static bool rendersQuickly(const QByteArray& bytes, qint64 totalBytes);

    void showRendering(const Rendering& rendering);
    // render() and showRendering() at once, for bytes that render quickly or callers off the hot path.
    void setContent(const QByteArray& bytes, qint64 totalBytes);
    // The size while the bytes are still being read or decoded elsewhere.
    void showLoading(const QByteArray& prefix, qint64 totalBytes);
    void clear();

    bool hasImage() const { return m_hasImage; }
    QSize imageSize() const { return m_imageSize; } // the decoded picture's own size
    QString infoText() const;
    QString hexText() const;

    // "00000000  89 50 4e 47 0d 0a 1a 0a  00 00 00 0d 49 48 44 52  |.PNG........IHDR|"
    static QString hexDump(const QByteArray& bytes, int maxBytes = kHexBytes);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void fitImage(); // the picture scaled down to the panel's width (never up), the wrapped info line given
                     // its height

    QLabel* m_info = nullptr;
    QLabel* m_image = nullptr;
    QPlainTextEdit* m_hex = nullptr;
    bool m_hasImage = false;
    QSize m_imageSize;
    QPixmap m_pixmap; // at most kImageSide on its longer side
};

} // namespace sluice::ui
