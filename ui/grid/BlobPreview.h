#pragma once
// A BLOB at a glance: its size and kind, a hex dump of its first bytes, and the picture when the
// bytes are an image Qt can decode.
#include <QByteArray>
#include <QWidget>

class QLabel;
class QPlainTextEdit;

namespace sluice::ui {

class BlobPreview : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kHexBytes = 4096;

    explicit BlobPreview(QWidget* parent = nullptr);

    // `bytes` may be a prefix of a value `totalBytes` long; the image is tried only on whole values.
    void setContent(const QByteArray& bytes, qint64 totalBytes);
    void clear();

    bool hasImage() const { return m_hasImage; }
    QString infoText() const;
    QString hexText() const;

    // "00000000  89 50 4e 47 0d 0a 1a 0a  00 00 00 0d 49 48 44 52  |.PNG........IHDR|"
    static QString hexDump(const QByteArray& bytes, int maxBytes = kHexBytes);

private:
    QLabel* m_info = nullptr;
    QLabel* m_image = nullptr;
    QPlainTextEdit* m_hex = nullptr;
    bool m_hasImage = false;
};

} // namespace sluice::ui
