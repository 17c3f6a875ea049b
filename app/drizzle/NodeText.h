#pragma once
// Text exactly as drizzle-orm sees a migration file: Node's Buffer#toString() decoding, the sha256 it
// records, and its split at the breakpoint marker (drizzle-facts §6, §10).
#include <QByteArray>
#include <QString>
#include <QStringList>

namespace sluice {

// UTF-8 decoded the way Node (WHATWG) does: each maximal invalid subpart becomes one U+FFFD, a BOM
// is kept.
QString decodeUtf8LikeNode(const QByteArray& bytes);
// True when the bytes are valid UTF-8 (then the drizzle hash equals sha256 of the bytes).
bool isValidUtf8(const QByteArray& bytes);
// sha256 (lowercase hex) of the text re-encoded as UTF-8: drizzle-orm's migration hash.
QString drizzleHash(const QString& text);
// text.split("--> statement-breakpoint"): untrimmed, empty parts kept.
QStringList splitAtBreakpoints(const QString& text);

inline constexpr QLatin1StringView kStatementBreakpoint{"--> statement-breakpoint"};

} // namespace sluice
