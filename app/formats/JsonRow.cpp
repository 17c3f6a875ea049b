#include "JsonRow.h"

#include <sqlite3.h>

#include <charconv>
#include <limits>

namespace sluice {

namespace {

using Token = JsonStreamReader::Token;

bool parseReal(const QByteArray& text, double& out)
{
    const char* b = text.constData();
    const char* e = b + text.size();
    const auto r = std::from_chars(b, e, out);
    if (r.ec == std::errc() && r.ptr == e)
        return true;
    if (r.ec != std::errc::result_out_of_range)
        return false;
    // Out of range: an exponent too large is an infinity (1e999 is how infinities are written), one too
    // small rounds to zero. from_chars leaves `out` alone in both cases.
    const bool negative = text.startsWith('-');
    const qsizetype ex = qMax(text.indexOf('e'), text.indexOf('E'));
    const bool tiny = ex >= 0 && ex + 1 < text.size() && text[ex + 1] == '-';
    out = tiny ? (negative ? -0.0 : 0.0)
               : (negative ? -std::numeric_limits<double>::infinity()
                           : std::numeric_limits<double>::infinity());
    return true;
}

} // namespace

bool readJsonRow(JsonStreamReader& reader, std::vector<JsonCell>& cells, QString* error)
{
    cells.clear();
    for (;;) {
        Token t = reader.next();
        if (t == Token::EndObject)
            return true;
        if (t != Token::Key) {
            *error = reader.error();
            return false;
        }
        JsonCell& cell = cells.emplace_back();
        cell.column = reader.text();
        const qint64 valueAt = reader.position();
        t = reader.next();
        switch (t) {
        case Token::Null:
            break;
        case Token::True:
        case Token::False:
            cell.kind = JsonCell::Kind::Integer;
            cell.integer = t == Token::True ? 1 : 0;
            break;
        case Token::String:
            cell.kind = JsonCell::Kind::Text;
            cell.bytes = reader.text();
            break;
        case Token::Number: {
            const QByteArray& text = reader.text();
            const bool isReal = text.contains('.') || text.contains('e') || text.contains('E');
            if (!isReal) {
                const auto r =
                    std::from_chars(text.constData(), text.constData() + text.size(), cell.integer);
                if (r.ec == std::errc() && r.ptr == text.constData() + text.size()) {
                    cell.kind = JsonCell::Kind::Integer;
                    break;
                }
            }
            // An integer too large for 64 bits is read as a REAL, as SQLite reads such a literal.
            if (!parseReal(text, cell.real)) {
                *error = QStringLiteral("the number %1 in column \"%2\" cannot be read (at byte %3)")
                             .arg(QString::fromUtf8(text), QString::fromUtf8(cell.column))
                             .arg(valueAt);
                return false;
            }
            cell.kind = JsonCell::Kind::Real;
            break;
        }
        case Token::BeginObject: {
            const QString where =
                QStringLiteral("column \"%1\" (at byte %2)").arg(QString::fromUtf8(cell.column)).arg(valueAt);
            if (reader.next() != Token::Key ||
                (reader.text() != "$blob" && reader.text() != "$textBytes" && reader.text() != "$real")) {
                *error = reader.error().isEmpty()
                             ? QStringLiteral("an object in %1 that is none of {\"$blob\": base64}, "
                                              "{\"$textBytes\": base64} and {\"$real\": \"Infinity\"}")
                                   .arg(where)
                             : reader.error();
                return false;
            }
            const QByteArray marker = reader.text();
            if (reader.next() != Token::String) {
                *error = reader.error().isEmpty() ? QStringLiteral("the value of %1 in %2 is not a string")
                                                        .arg(QString::fromUtf8(marker), where)
                                                  : reader.error();
                return false;
            }
            if (marker == "$real") {
                const QByteArray& t = reader.text();
                if (t == "Infinity" || t == "-Infinity")
                    cell.real = t.startsWith('-') ? -std::numeric_limits<double>::infinity()
                                                  : std::numeric_limits<double>::infinity();
                else if (!parseReal(t, cell.real)) {
                    *error = QStringLiteral("%1 holds \"%2\", which is not a number")
                                 .arg(where, QString::fromUtf8(t));
                    return false;
                }
                cell.kind = JsonCell::Kind::Real;
            } else {
                auto decoded =
                    QByteArray::fromBase64Encoding(reader.text(), QByteArray::AbortOnBase64DecodingErrors);
                if (!decoded) {
                    *error = QStringLiteral("%1 holds text that is not base64").arg(where);
                    return false;
                }
                cell.kind = marker == "$blob" ? JsonCell::Kind::Blob : JsonCell::Kind::Text;
                cell.bytes = std::move(decoded.decoded);
            }
            if (reader.next() != Token::EndObject) {
                *error = reader.error().isEmpty()
                             ? QStringLiteral("the object in %1 has more than one member").arg(where)
                             : reader.error();
                return false;
            }
            break;
        }
        case Token::BeginArray:
            *error = QStringLiteral("an array in column \"%1\" (at byte %2): SQLite cannot store a list in a "
                                    "column")
                         .arg(QString::fromUtf8(cell.column))
                         .arg(valueAt);
            return false;
        default:
            *error = reader.error();
            return false;
        }
    }
}

int bindJsonCells(sqlite3_stmt* st, const std::vector<JsonCell>& cells)
{
    for (int i = 0; i < int(cells.size()); ++i) {
        const JsonCell& c = cells[std::size_t(i)];
        int rc = SQLITE_OK;
        switch (c.kind) {
        case JsonCell::Kind::Null:
            rc = sqlite3_bind_null(st, i + 1);
            break;
        case JsonCell::Kind::Integer:
            rc = sqlite3_bind_int64(st, i + 1, c.integer);
            break;
        case JsonCell::Kind::Real:
            rc = sqlite3_bind_double(st, i + 1, c.real);
            break;
        case JsonCell::Kind::Text:
            rc = sqlite3_bind_text(st, i + 1, c.bytes.constData(), int(c.bytes.size()), SQLITE_STATIC);
            break;
        case JsonCell::Kind::Blob:
            // A zero-length BLOB must stay a BLOB, not become NULL (constData() of an empty array is
            // not null, so SQLite keeps the storage class).
            rc = sqlite3_bind_blob(st, i + 1, c.bytes.constData(), int(c.bytes.size()), SQLITE_STATIC);
            break;
        }
        if (rc != SQLITE_OK)
            return rc;
    }
    return SQLITE_OK;
}

} // namespace sluice
