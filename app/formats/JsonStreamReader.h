#pragma once
// A pull reader for JSON that never holds more than one token in memory. JSON backups are as big
// as the database (a 1M-row table is hundreds of MB), so QJsonDocument, which builds the whole
// tree in memory and reads every number as a double (2^63-1 would come back as 2^63), cannot read
// them. This reader returns numbers as their literal text, so integers stay exact, and it can jump
// back to a value it saw before (the restore validates the whole file first, then reads each
// table's rows again in foreign-key order).
#include <QByteArray>
#include <QString>

#include <vector>

class QIODevice;

namespace sluice {

class JsonStreamReader
{
public:
    enum class Token {
        BeginObject,
        EndObject,
        BeginArray,
        EndArray,
        Key,    // text(): the member name, unescaped UTF-8
        String, // text(): unescaped UTF-8
        Number, // text(): the literal as written
        True,
        False,
        Null,
        End,  // the document (or, after seekToValue, the value) is complete
        Error // error() says what and where; every later call returns Error too
    };

    explicit JsonStreamReader(QIODevice* device);

    Token next();
    const QByteArray& text() const { return m_text; }
    qint64 tokenOffset() const { return m_tokenOffset; } // byte offset where the last token began
    const QString& error() const { return m_error; }
    // Skips the rest of the value whose first token next() just returned.
    bool skipValue(Token first);
    // Continues at `offset`, the start of a value seen before; End comes after that value.
    bool seekToValue(qint64 offset);
    qint64 position() const { return m_bufferOffset + m_pos; }

private:
    struct Frame
    {
        bool object;
        bool needValue = false; // object: a key was read, its value comes next
        qint64 count = 0;       // values (members) completed
    };
    int peek()
    {
        if (m_pos < m_end)
            return static_cast<unsigned char>(m_buf[m_pos]);
        return refill() ? static_cast<unsigned char>(m_buf[m_pos]) : -1;
    }
    int get()
    {
        const int c = peek();
        if (c >= 0)
            ++m_pos;
        return c;
    }
    bool refill();
    void skipWhitespace();
    Token value();
    Token fail(const QString& what);
    bool readString();
    bool readNumber();
    bool readWord(const char* word);
    void valueDone();

    QIODevice* m_device;
    std::vector<char> m_buf;
    qint64 m_pos = 0, m_end = 0, m_bufferOffset = 0;
    std::vector<Frame> m_stack;
    bool m_topDone = false;
    bool m_fragment = false;
    bool m_failed = false;
    QByteArray m_text;
    qint64 m_tokenOffset = 0;
    QString m_error;
};

} // namespace sluice
