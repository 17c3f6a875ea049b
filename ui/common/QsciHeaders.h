#pragma once
// QScintilla's headers say `signals:` and `slots:`, which QT_NO_KEYWORDS (set project-wide)
// removes. Include QScintilla through this header: it maps them to Q_SIGNALS/Q_SLOTS for the
// duration of the includes only.
#if defined(signals) || defined(slots)
#include <Qsci/qscilexersql.h>
#include <Qsci/qsciscintilla.h>
#else
#define signals Q_SIGNALS
#define slots Q_SLOTS
#include <Qsci/qscilexersql.h>
#include <Qsci/qsciscintilla.h>
#undef signals
#undef slots
#endif
