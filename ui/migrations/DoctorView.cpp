#include "DoctorView.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFrame>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QPixmap>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QScrollArea>
#include <QStyle>
#include <QTableWidget>
#include <QVBoxLayout>

namespace sluice::ui {

namespace {

const QColor kError(0xd1, 0x3b, 0x3b);
const QColor kWarning(0xd0, 0x8a, 0x0c);
const QColor kOk(0x2e, 0x9d, 0x4f);

QIcon discIcon(const QColor& color, const QString& glyph)
{
    QIcon icon;
    for (int size : {16, 20, 32, 40}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        const qreal m = size / 16.0;
        p.drawEllipse(QRectF(1 * m, 1 * m, 14 * m, 14 * m));
        QFont f = p.font();
        f.setPixelSize(int(10 * m));
        f.setBold(true);
        p.setFont(f);
        p.setPen(Qt::white);
        p.drawText(QRectF(0, 0, size, size), Qt::AlignCenter, glyph);
        p.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

QColor severityColor(DoctorView::Severity s)
{
    return s == DoctorView::Severity::Error ? kError : kWarning;
}

// "a", "a and b", "a, b and c".
QString naturalList(const QStringList& items)
{
    if (items.size() <= 1)
        return items.value(0);
    return QStringList(items.mid(0, items.size() - 1)).join(QStringLiteral(", ")) +
           QCoreApplication::translate("DoctorView", " and ") + items.last();
}

// The engine writes a finding as "what is wrong[:\n  claim → path …\n]what to do". The advice
// starts at one of its known openings; a message without one is shown whole as the problem.
struct MessageParts
{
    QString problem;
    QStringList values; // "  claim → path" lines, trimmed
    QString advice;
};

MessageParts splitMessage(const QString& message)
{
    MessageParts parts;
    QStringList prose;
    bool afterValues = false;
    QStringList after;
    for (const QString& line : message.split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String("  "))) {
            parts.values.append(line.trimmed());
            afterValues = true;
        } else if (afterValues) {
            after.append(line);
        } else {
            prose.append(line);
        }
    }
    parts.problem = prose.join(QLatin1Char(' '));
    parts.advice = after.join(QLatin1Char(' '));
    if (parts.advice.isEmpty()) {
        static const QStringList openings = {
            QStringLiteral("Mount a volume"),   QStringLiteral("Create the folder"),
            QStringLiteral("Fix the folder"),   QStringLiteral("Run the migrations instead"),
            QStringLiteral("Point the volume"), QStringLiteral("Make them name"),
        };
        for (const QString& o : openings) {
            const qsizetype at = parts.problem.indexOf(o);
            if (at > 0) {
                parts.advice = parts.problem.mid(at);
                parts.problem = parts.problem.left(at).trimmed();
                break;
            }
        }
    }
    if (parts.problem.endsWith(QLatin1Char(':')))
        parts.problem.chop(1);
    return parts;
}

QString mutedColor(const QPalette& pal)
{
    QColor c = pal.color(QPalette::WindowText);
    c.setAlphaF(0.65f);
    return c.name(QColor::HexArgb);
}

QLabel* sectionTitle(const QString& text, QWidget* parent)
{
    auto* l = new QLabel(text, parent);
    QFont f = l->font();
    f.setBold(true);
    l->setFont(f);
    l->setContentsMargins(0, 8, 0, 2);
    return l;
}

} // namespace

DoctorView::Severity DoctorView::severity(DoctorFinding::Kind kind)
{
    switch (kind) {
    case DoctorFinding::Kind::PathsDisagree:
    case DoctorFinding::Kind::PushWithMigrations:
    case DoctorFinding::Kind::FolderNotWritable:
    case DoctorFinding::Kind::ConfigUnreadable:
        return Severity::Error;
    case DoctorFinding::Kind::NotOnVolume:
    case DoctorFinding::Kind::FolderMissing:
        return Severity::Warning;
    }
    return Severity::Error;
}

QString DoctorView::title(DoctorFinding::Kind kind)
{
    switch (kind) {
    case DoctorFinding::Kind::PathsDisagree:
        return tr("The database path differs between files");
    case DoctorFinding::Kind::NotOnVolume:
        return tr("The container's database is not on a volume");
    case DoctorFinding::Kind::PushWithMigrations:
        return tr("drizzle-kit push runs although the project has migrations");
    case DoctorFinding::Kind::FolderMissing:
        return tr("The database's folder does not exist");
    case DoctorFinding::Kind::FolderNotWritable:
        return tr("The database's folder is not writable");
    case DoctorFinding::Kind::ConfigUnreadable:
        return tr("drizzle.config cannot be read");
    }
    return {};
}

QIcon DoctorView::severityIcon(Severity s)
{
    static const QIcon error = discIcon(kError, QStringLiteral("!"));
    static const QIcon warning = discIcon(kWarning, QStringLiteral("!"));
    return s == Severity::Error ? error : warning;
}

QIcon DoctorView::okIcon()
{
    static const QIcon ok = discIcon(kOk, QStringLiteral("✓"));
    return ok;
}

DoctorView::DoctorView(QWidget* parent)
    : QWidget(parent), m_icon(new QLabel(this)), m_summary(new QLabel(this)), m_where(new QLabel(this)),
      m_recheck(new QPushButton(tr("Re-check"), this)),
      m_claimsTitle(sectionTitle(tr("Where the files say the database is"), this)),
      m_claims(new QTableWidget(this)), m_findingsTitle(sectionTitle(tr("Findings"), this)),
      m_findingsBox(new QWidget(this)), m_findingsLayout(new QVBoxLayout(m_findingsBox)),
      m_notes(new QLabel(this))
{
    QFont big = m_summary->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.15);
    m_summary->setFont(big);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_where->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_where->setWordWrap(true);
    m_recheck->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    m_recheck->setToolTip(tr("Read the project's files again and re-run the checks"));
    connect(m_recheck, &QPushButton::clicked, this, &DoctorView::recheck);

    auto* headline = new QVBoxLayout;
    headline->setSpacing(2);
    headline->addWidget(m_summary);
    headline->addWidget(m_where);
    auto* header = new QHBoxLayout;
    header->setSpacing(10);
    header->addWidget(m_icon, 0, Qt::AlignTop);
    header->addLayout(headline, 1);
    header->addWidget(m_recheck, 0, Qt::AlignTop);

    m_claims->setColumnCount(4);
    m_claims->setHorizontalHeaderLabels({tr("File"), tr("Setting"), tr("As written"), tr("Database file")});
    m_claims->verticalHeader()->hide();
    m_claims->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_claims->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_claims->setSelectionMode(QAbstractItemView::SingleSelection);
    m_claims->setFocusPolicy(Qt::NoFocus);
    m_claims->setShowGrid(false);
    m_claims->setAlternatingRowColors(true);
    m_claims->setWordWrap(false);
    m_claims->setIconSize(QSize(16, 16));
    m_claims->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_claims->horizontalHeader()->setHighlightSections(false);
    m_claims->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_claims->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_claims->setTextElideMode(Qt::ElideMiddle);
    m_claims->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_claims->horizontalHeader()->setSectionResizeMode(3, QHeaderView::Stretch);
    m_claims->setAccessibleName(tr("Where the database is named"));

    m_findingsLayout->setContentsMargins(0, 0, 0, 0);
    m_findingsLayout->setSpacing(8);
    m_notes->setWordWrap(true);
    m_notes->setTextFormat(Qt::RichText);

    auto* content = new QWidget(this);
    auto* col = new QVBoxLayout(content);
    col->setContentsMargins(16, 12, 16, 12);
    col->setSpacing(4);
    col->addLayout(header);
    col->addSpacing(6);
    col->addWidget(m_claimsTitle);
    col->addWidget(m_claims);
    col->addWidget(m_findingsTitle);
    col->addWidget(m_findingsBox);
    col->addWidget(m_notes);
    col->addStretch(1);

    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);
    rebuild();
}

void DoctorView::setProjectDir(const QString& dir)
{
    m_dir = dir;
    recheck();
}

void DoctorView::recheck()
{
    // On the GUI thread on purpose: the doctor reads a handful of small text files (config, env
    // files, compose, Dockerfile, scripts) and runs nothing; on the demo project it takes ~1 ms
    // (measured in tst_doctor_view, which fails above 20 ms).
    m_report = m_dir.isEmpty() ? DoctorReport() : runProjectDoctor(m_dir);
    rebuild();
    Q_EMIT checked(int(m_report.findings.size()));
}

void DoctorView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    // The cards' tints and the muted text are computed from the palette: follow a theme switch.
    if (event->type() == QEvent::PaletteChange && !m_inRebuild)
        rebuild();
}

QString DoctorView::relative(const QString& path) const
{
    if (m_dir.isEmpty() || path.isEmpty())
        return path;
    const QString rel = QDir(m_dir).relativeFilePath(path);
    if (rel.startsWith(QLatin1String("../")) || QDir::isAbsolutePath(rel))
        return QDir::toNativeSeparators(path);
    return QStringLiteral("./") + rel;
}

static QString hostSide(const DatabaseClaim& c)
{
    return c.inContainer ? c.hostPath : c.path;
}

// The file most claims (on this machine) agree on; the first claim's on a tie.
static QString referencePath(const QList<DatabaseClaim>& claims)
{
    QHash<QString, int> votes;
    QString best;
    for (const DatabaseClaim& c : claims) {
        const QString p = hostSide(c);
        if (p.isEmpty())
            continue;
        if (++votes[p] > votes.value(best))
            best = p;
    }
    return best;
}

QString DoctorView::cleanSentence() const
{
    const QString ref = referencePath(m_report.claims);
    if (ref.isEmpty())
        return tr("No problems found");
    QStringList files;
    for (const DatabaseClaim& c : m_report.claims) {
        const QString name = QFileInfo(c.file).fileName();
        if (hostSide(c) == ref && !files.contains(name))
            files.append(name);
    }
    if (files.size() == 1)
        return tr("No problems found: %1 names %2").arg(files.first(), relative(ref));
    return tr("No problems found: %1 agree on %2").arg(naturalList(files), relative(ref));
}

QString DoctorView::summaryText() const
{
    if (m_dir.isEmpty())
        return tr("No Drizzle project");
    if (m_report.findings.isEmpty())
        return cleanSentence();
    const int n = int(m_report.findings.size());
    return n == 1 ? tr("1 problem found") : tr("%1 problems found").arg(n);
}

QStringList DoctorView::findingTexts() const
{
    QStringList out;
    for (const DoctorFinding& f : m_report.findings) {
        QStringList files;
        for (const QString& file : f.files)
            files.append(relative(file));
        out.append(title(f.kind) + QLatin1Char('\n') + files.join(QStringLiteral(", ")) + QLatin1Char('\n') +
                   f.message);
    }
    return out;
}

void DoctorView::clearFindings()
{
    for (QWidget* w : std::as_const(m_cards))
        delete w;
    m_cards.clear();
}

void DoctorView::rebuild()
{
    const QScopedValueRollback guard(m_inRebuild, true);
    const int iconSize = 32;
    m_summary->setText(summaryText());
    clearFindings();
    if (m_dir.isEmpty()) {
        m_icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxInformation).pixmap(iconSize));
        m_where->setText(tr("Open a database that belongs to a Drizzle project (a folder with "
                            "drizzle.config.ts) to check where its files say the database is."));
        m_recheck->setEnabled(false);
        m_claimsTitle->hide();
        m_claims->hide();
        m_findingsTitle->hide();
        m_notes->hide();
        return;
    }
    m_recheck->setEnabled(true);
    Severity worst = Severity::Warning;
    for (const DoctorFinding& f : m_report.findings)
        if (severity(f.kind) == Severity::Error)
            worst = Severity::Error;
    const QIcon icon = m_report.findings.isEmpty() ? okIcon() : severityIcon(worst);
    m_icon->setPixmap(icon.pixmap(iconSize));
    m_where->setText(tr("<span style='color:%1'>%2 · checked at %3</span>")
                         .arg(mutedColor(palette()), QDir::toNativeSeparators(m_dir).toHtmlEscaped(),
                              QLocale().toString(QTime::currentTime(), QLocale::ShortFormat)));
    m_where->setTextFormat(Qt::RichText);

    fillClaims();

    m_findingsTitle->setVisible(!m_report.findings.isEmpty());
    for (const DoctorFinding& f : m_report.findings) {
        QWidget* card = makeCard(f);
        m_findingsLayout->addWidget(card);
        m_cards.append(card);
    }

    QStringList notes;
    for (const QString& n : m_report.notes)
        notes.append(n.toHtmlEscaped());
    m_notes->setText(
        notes.isEmpty() ? QString()
                        : QStringLiteral("<p style='color:%1'>%2</p>")
                              .arg(mutedColor(palette()), tr("Note: ") + notes.join(QStringLiteral("<br>"))));
    m_notes->setVisible(!notes.isEmpty());
}

void DoctorView::fillClaims()
{
    const QList<DatabaseClaim>& claims = m_report.claims;
    m_claimsTitle->setVisible(!claims.isEmpty());
    m_claims->setVisible(!claims.isEmpty());
    m_claims->setRowCount(int(claims.size()));
    const QString ref = referencePath(claims);
    bool anyOff = false;
    for (const DatabaseClaim& c : claims)
        anyOff = anyOff || (!hostSide(c).isEmpty() && hostSide(c) != ref);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (int r = 0; r < claims.size(); ++r) {
        const DatabaseClaim& c = claims.at(r);
        const QString host = hostSide(c);
        auto* file =
            new QTableWidgetItem(QStringLiteral("%1:%2").arg(QFileInfo(c.file).fileName()).arg(c.line));
        file->setToolTip(QDir::toNativeSeparators(c.file));
        auto* what = new QTableWidgetItem(c.what);
        auto* value = new QTableWidgetItem(c.value);
        value->setFont(mono);
        QString where;
        QString tip;
        if (!c.inContainer) {
            where = relative(c.path);
            tip = tr("On this machine: %1").arg(QDir::toNativeSeparators(c.path));
        } else if (!c.hostPath.isEmpty()) {
            where = tr("%1  ← %2 in the container").arg(relative(c.hostPath), c.path);
            tip = tr("%1 inside the container; the mount %2 makes it %3 on this machine")
                      .arg(c.path, c.mount, QDir::toNativeSeparators(c.hostPath));
        } else {
            where = tr("%1  (in the container, not mapped to this machine)").arg(c.path);
            tip = tr("%1 inside the container; no bind mount maps it to a file on this machine").arg(c.path);
        }
        auto* path = new QTableWidgetItem(where);
        path->setFont(mono);
        path->setToolTip(tip);
        if (!host.isEmpty() && anyOff) {
            const bool off = host != ref;
            file->setIcon(off ? severityIcon(Severity::Error) : okIcon());
            file->setToolTip(off ? tr("%1\nNames a different database file than the others")
                                       .arg(QDir::toNativeSeparators(c.file))
                                 : QDir::toNativeSeparators(c.file));
            if (off) {
                path->setForeground(kError);
                QFont bold = mono;
                bold.setBold(true);
                path->setFont(bold);
            }
        } else if (!host.isEmpty()) {
            file->setIcon(okIcon());
        }
        m_claims->setItem(r, 0, file);
        m_claims->setItem(r, 1, what);
        m_claims->setItem(r, 2, value);
        m_claims->setItem(r, 3, path);
    }
    m_claims->resizeRowsToContents();
    // Show every row: the table is short and the whole view scrolls.
    int h = m_claims->horizontalHeader()->sizeHint().height() + 2 * m_claims->frameWidth();
    for (int r = 0; r < m_claims->rowCount(); ++r)
        h += m_claims->rowHeight(r);
    m_claims->setFixedHeight(h);
}

QWidget* DoctorView::makeCard(const DoctorFinding& finding)
{
    const Severity sev = severity(finding.kind);
    const QPalette pal = palette();
    auto* card = new QFrame(m_findingsBox);
    card->setObjectName(QStringLiteral("doctorFinding"));
    QColor border = pal.color(QPalette::Mid);
    QColor tint = severityColor(sev);
    tint.setAlphaF(0.06f);
    card->setStyleSheet(
        QStringLiteral(
            "#doctorFinding { border: 1px solid %1; border-left: 4px solid %2; border-radius: 4px; "
            "background: %3; }")
            .arg(border.name(), severityColor(sev).name(), tint.name(QColor::HexArgb)));

    auto* icon = new QLabel(card);
    icon->setPixmap(severityIcon(sev).pixmap(20));
    auto* title = new QLabel(DoctorView::title(finding.kind), card);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    QStringList fileNames;
    for (const QString& f : finding.files)
        fileNames.append(QStringLiteral("<b>%1</b>").arg(relative(f).toHtmlEscaped()));
    auto* files = new QLabel(card);
    files->setTextFormat(Qt::RichText);
    files->setText(QStringLiteral("<span style='color:%1'>%2</span> %3")
                       .arg(mutedColor(pal), finding.files.size() == 1 ? tr("File:") : tr("Files:"),
                            fileNames.join(QStringLiteral(" · "))));
    files->setToolTip(QDir::toNativeSeparators(finding.files.join(QLatin1Char('\n'))));
    files->setWordWrap(true);

    auto* top = new QHBoxLayout;
    top->setSpacing(8);
    top->addWidget(icon, 0, Qt::AlignTop);
    top->addWidget(title, 1);

    const MessageParts parts = splitMessage(finding.message);
    auto* problem = new QLabel(parts.problem, card);
    problem->setWordWrap(true);
    problem->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* body = new QVBoxLayout;
    body->setContentsMargins(28, 0, 0, 0);
    body->setSpacing(6);
    body->addWidget(files);
    body->addWidget(problem);
    if (!parts.values.isEmpty()) {
        // "file line N: WHAT=VALUE → path …": the claim, then where it leads.
        QString rows;
        const QString arrowColor = mutedColor(pal);
        for (const QString& v : parts.values) {
            const qsizetype arrow = v.indexOf(QStringLiteral(" → "));
            const QString claim = arrow < 0 ? v : v.left(arrow);
            const QString leads = arrow < 0 ? QString() : v.mid(arrow + 3);
            rows += QStringLiteral("<p style='margin:0 0 4px 0'><code>%1</code><br>"
                                   "<span style='color:%2'>&nbsp;&nbsp;→</span> <code>%3</code></p>")
                        .arg(claim.toHtmlEscaped(), arrowColor, leads.toHtmlEscaped());
        }
        auto* values = new QLabel(rows, card);
        values->setTextFormat(Qt::RichText);
        values->setTextInteractionFlags(Qt::TextSelectableByMouse);
        values->setWordWrap(true);
        body->addWidget(values);
    }
    if (!parts.advice.isEmpty()) {
        auto* advice = new QLabel(card);
        advice->setTextFormat(Qt::RichText);
        advice->setWordWrap(true);
        advice->setTextInteractionFlags(Qt::TextSelectableByMouse);
        advice->setText(QStringLiteral("<b>%1</b> %2").arg(tr("What to do:"), parts.advice.toHtmlEscaped()));
        body->addWidget(advice);
    }

    auto* layout = new QVBoxLayout(card);
    layout->setContentsMargins(10, 8, 12, 10);
    layout->setSpacing(6);
    layout->addLayout(top);
    layout->addLayout(body);
    return card;
}

} // namespace sluice::ui
