#include "ui/NamespaceDialogs.h"

#include "model/Background.h"
#include "model/WorkerPools.h"
#include "storage/NamespaceName.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace mdb {

CreateNamespaceDialog::CreateNamespaceDialog(QWidget* parent)
    : QDialog(parent)
    , m_name(new QLineEdit(this))
    , m_state(new QLabel(this))
{
    setWindowTitle(tr("New namespace"));
    m_name->setObjectName(QStringLiteral("namespaceName"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_name, &QLineEdit::textChanged, this, [this](const QString& text) {
        const Status valid = validateNamespaceName(text);
        m_ok->setEnabled(valid.ok());
        m_state->setText(valid ? tr("✓") : valid.error().text().toHtmlEscaped());
    });
    auto* layout = new QFormLayout(this);
    layout->addRow(tr("&Name"), m_name);
    layout->addRow(QString(), m_state);
    layout->addRow(
        new QLabel(tr("Lowercase letters, digits and '_', 63 at most, not starting with a digit."), this));
    layout->addRow(buttons);
    m_ok->setEnabled(false);
}

QString CreateNamespaceDialog::name() const
{
    return m_name->text();
}

DropNamespaceDialog::DropNamespaceDialog(const QString& ns, QWidget* parent)
    : QDialog(parent)
    , m_confirm(new QLineEdit(this))
{
    setWindowTitle(tr("Drop namespace %1").arg(ns));
    m_confirm->setObjectName(QStringLiteral("confirmName"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_drop = buttons->addButton(tr("Drop"), QDialogButtonBox::DestructiveRole);
    m_drop->setObjectName(QStringLiteral("dropButton"));
    m_drop->setEnabled(false);
    connect(m_drop, &QPushButton::clicked, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_confirm, &QLineEdit::textChanged, this,
            [this, ns](const QString& text) { m_drop->setEnabled(text == ns); });
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(
        new QLabel(tr("Dropping <b>%1</b> deletes all of its messages. This cannot be undone.<br>"
                      "Type the namespace's name to confirm.")
                       .arg(ns.toHtmlEscaped()),
                   this));
    layout->addWidget(m_confirm);
    layout->addWidget(buttons);
}

NamespaceHealthDialog::NamespaceHealthDialog(std::shared_ptr<Store> store, QString ns, QWidget* parent)
    : QDialog(parent)
    , m_store(std::move(store))
    , m_ns(std::move(ns))
    , m_health(new QLabel(tr("Reading…"), this))
    , m_upgrade(new QPushButton(tr("&Upgrade functions"), this))
    , m_upgradeState(new QLabel(this))
    , m_tabs(new QTabWidget(this))
{
    setWindowTitle(tr("Namespace %1").arg(m_ns));
    m_health->setObjectName(QStringLiteral("health"));
    m_health->setTextFormat(Qt::RichText);
    m_health->setWordWrap(true); // the list of functions is long: wrap it rather than widen the dialog
    m_health->setTextInteractionFlags(Qt::TextSelectableByMouse);
    for (const QString& title :
         {tr("By category"), tr("By type"), tr("By stream"), tr("By category and type")}) {
        auto* table = new QTableWidget(this);
        table->setObjectName(QStringLiteral("summary%1").arg(m_loaded.size()));
        table->setEditTriggers(QAbstractItemView::NoEditTriggers);
        table->verticalHeader()->hide();
        table->horizontalHeader()->setStretchLastSection(true);
        m_tabs->addTab(table, title);
        m_loaded << false;
    }
    connect(m_tabs, &QTabWidget::currentChanged, this, &NamespaceHealthDialog::loadSummary);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_upgrade->setObjectName(QStringLiteral("upgradeButton"));
    m_upgrade->setEnabled(false);
    m_upgrade->hide();
    m_upgradeState->setObjectName(QStringLiteral("upgradeState"));
    m_upgradeState->setWordWrap(true);
    connect(m_upgrade, &QPushButton::clicked, this, &NamespaceHealthDialog::upgrade);
    auto* upgradeRow = new QHBoxLayout;
    upgradeRow->addWidget(m_upgradeState, 1);
    upgradeRow->addWidget(m_upgrade);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_health);
    layout->addLayout(upgradeRow);
    layout->addWidget(
        new QLabel(tr("Summaries count every message of the namespace, as Message DB's summary views do; "
                      "percentages are of the whole namespace."),
                   this));
    layout->addWidget(m_tabs, 1);
    layout->addWidget(buttons);
    resize(720, 600);
    loadHealth();
    loadSummary(0);
}

void NamespaceHealthDialog::loadHealth()
{
    std::shared_ptr<Store> s = m_store;
    const QString name = m_ns;
    runInBackground(
        this, interactivePool(), [s, name] { return s->describeNamespace(name); },
        [this](const Result<NamespaceInfo>& info) { showHealth(info); });
}

void NamespaceHealthDialog::upgrade()
{
    m_upgrade->setEnabled(false);
    m_upgradeState->setText(tr("Replacing the functions…"));
    std::shared_ptr<Store> s = m_store;
    const QString name = m_ns;
    runInBackground(
        this, backgroundPool(), [s, name] { return s->upgradeNamespace(name); },
        [this](const Result<LayoutUpgrade>& done) {
            if (!done) {
                m_upgradeState->setText(tr("Upgrade failed: %1").arg(done.error().text()));
                m_upgrade->setEnabled(true);
                return;
            }
            m_upgradeState->setText(done->changed()
                                        ? tr("Upgraded from layout %1 to layout %2; every message is kept.")
                                              .arg(done->from)
                                              .arg(done->to)
                                        : tr("Already at layout %1; nothing changed.").arg(done->to));
            loadHealth();
        });
}

void NamespaceHealthDialog::showHealth(const Result<NamespaceInfo>& info)
{
    if (!info) {
        m_health->setText(info.error().text().toHtmlEscaped());
        return;
    }
    static const QStringList expectedIndexes{QStringLiteral("messages_category"),
                                             QStringLiteral("messages_id"),
                                             QStringLiteral("messages_stream")};
    QStringList missing;
    for (const QString& index : expectedIndexes) {
        if (!info->indexes.contains(index))
            missing << index;
    }
    // An earlier mdbstudio layout can be brought up to date here, unless the connection is read-only.
    m_upgrade->setVisible(info->upgradable());
    m_upgrade->setEnabled(info->upgradable() && !m_store->location().readOnly);
    m_upgrade->setToolTip(
        m_store->location().readOnly
            ? tr("The connection is read-only")
            : tr("Replaces the namespace's functions with this version's, in one transaction; "
                 "messages are kept"));
    if (info->upgradable() && m_upgradeState->text().isEmpty())
        m_upgradeState->setText(
            tr("This namespace has the functions of an earlier mdbstudio. They keep working; "
               "upgrading replaces them in place and keeps every message."));
    const QLocale locale;
    m_health->setText(
        tr("<table><tr><td><i>Kind</i></td><td>%1</td></tr>"
           "<tr><td><i>Layout</i></td><td>%8</td></tr><tr><td><i>Message DB "
           "version</i></td><td>%2</td></tr>"
           "<tr><td><i>Where</i></td><td>%3</td></tr><tr><td><i>Indexes</i></td><td>%4</td></tr>"
           "<tr><td><i>Functions</i></td><td>%5</td></tr><tr><td><i>Messages</i></td><td>about %6 (last "
           "global "
           "position %7)</td></tr><tr><td><i>Rules</i></td><td>%9</td></tr></table>")
            .arg(namespaceKindName(info->kind),
                 info->messageStoreVersion.isEmpty() ? tr("none") : info->messageStoreVersion,
                 info->location.toHtmlEscaped(),
                 info->indexes.join(QStringLiteral(", ")) +
                     (missing.isEmpty() ? QString()
                                        : tr(" <span style='color:#c62828'>missing: %1</span>")
                                              .arg(missing.join(QStringLiteral(", ")))),
                 info->functions.isEmpty() ? tr("(none; SQLite computes them)")
                                           : info->functions.join(QStringLiteral(", ")),
                 locale.toString(info->approximateMessageCount),
                 info->lastGlobalPosition ? QString::number(*info->lastGlobalPosition) : tr("none"),
                 namespaceLayoutName(*info).toHtmlEscaped(), info->rules.toHtmlEscaped()));
}

void NamespaceHealthDialog::loadSummary(int tab)
{
    if (tab < 0 || m_loaded.value(tab))
        return;
    m_loaded[tab] = true;
    static const SummaryKind kinds[] = {SummaryKind::Category, SummaryKind::Type, SummaryKind::Stream,
                                        SummaryKind::CategoryType};
    const SummaryKind kind = kinds[tab];
    auto* table = static_cast<QTableWidget*>(m_tabs->widget(tab));
    table->setColumnCount(1);
    table->setRowCount(1);
    table->setItem(0, 0, new QTableWidgetItem(tr("Counting…")));
    std::shared_ptr<Store> s = m_store;
    const QString name = m_ns;
    runInBackground(
        this, backgroundPool(), [s, name, kind] { return s->summary(name, kind); },
        [table, kind](const Result<QList<SummaryRow>>& rows) { fillSummary(table, kind, rows); });
}

void NamespaceHealthDialog::fillSummary(QTableWidget* table, SummaryKind kind,
                                        const Result<QList<SummaryRow>>& rows)
{
    if (!rows) {
        table->item(0, 0)->setText(rows.error().text());
        return;
    }
    const bool two = kind == SummaryKind::CategoryType;
    const QStringList keyTitles{tr("Category"), tr("Type"), tr("Stream"), tr("Category")};
    QStringList headers{keyTitles.at(int(kind))};
    if (two)
        headers << tr("Type");
    headers << tr("Messages") << tr("Percent");
    table->clear();
    table->setColumnCount(int(headers.size()));
    table->setHorizontalHeaderLabels(headers);
    // A table widget holds an item per cell: show the largest groups, and say how many more there are.
    constexpr qsizetype MaxRows = 10000;
    const qsizetype shown = std::min(rows->size(), MaxRows);
    table->setRowCount(int(shown + (rows->size() > shown ? 1 : 0)));
    if (rows->size() > shown)
        table->setItem(
            int(shown), 0,
            new QTableWidgetItem(tr("… %1 more (mdbctl summary lists them all)").arg(rows->size() - shown)));
    const QLocale locale;
    for (int r = 0; r < shown; ++r) {
        const SummaryRow& row = rows->at(r);
        int c = 0;
        table->setItem(r, c++, new QTableWidgetItem(row.key));
        if (two)
            table->setItem(r, c++, new QTableWidgetItem(row.secondKey));
        auto* count = new QTableWidgetItem(locale.toString(row.messages));
        count->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        table->setItem(r, c++, count);
        auto* percent = new QTableWidgetItem(QString::number(row.percent, 'f', 2));
        percent->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        table->setItem(r, c, percent);
    }
    table->resizeColumnsToContents();
}

} // namespace mdb
