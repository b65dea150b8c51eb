#include "ui/FindPanel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace mdb {

namespace {

enum ScopeChoice
{
    NamespaceScope,
    CategoryScope,
    StreamScope
};

} // namespace

FindPanel::FindPanel(QWidget* parent)
    : QWidget(parent)
{
    m_session = new FindSession(this);
    m_expression = new QLineEdit(this);
    m_expression->setObjectName(QStringLiteral("findExpression"));
    m_expression->setPlaceholderText(tr("type = \"Withdrawn\" and data.amount > 100 and "
                                        "metadata.correlationStreamName starts_with \"account-\""));
    m_expression->setClearButtonEnabled(true);
    m_scope = new QComboBox(this);
    m_scope->setObjectName(QStringLiteral("findScope"));
    m_scope->addItems({tr("Whole namespace"), tr("This category"), tr("This stream")});
    m_since = new QLineEdit(this);
    m_since->setObjectName(QStringLiteral("findSince"));
    m_since->setPlaceholderText(tr("since (UTC)"));
    m_since->setMaximumWidth(200);
    m_until = new QLineEdit(this);
    m_until->setObjectName(QStringLiteral("findUntil"));
    m_until->setPlaceholderText(tr("until (UTC)"));
    m_until->setMaximumWidth(200);
    m_findButton = new QPushButton(tr("Find"), this);
    m_findButton->setObjectName(QStringLiteral("findButton"));
    m_cancelButton = new QPushButton(tr("Cancel"), this);
    m_cancelButton->setObjectName(QStringLiteral("findCancel"));
    m_moreButton = new QPushButton(tr("Find more"), this);
    m_moreButton->setObjectName(QStringLiteral("findMore"));
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("findError"));
    m_error->setStyleSheet(QStringLiteral("color: #b00020"));
    m_error->setTextFormat(Qt::PlainText);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("findStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("findResults"));
    m_table->setModel(m_session->results());
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(FindResultsModel::Time, 210);
    m_table->setColumnWidth(FindResultsModel::Stream, 220);

    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Find"), this));
    bar->addWidget(m_expression, 1);
    bar->addWidget(m_scope);
    bar->addWidget(m_since);
    bar->addWidget(m_until);
    bar->addWidget(m_findButton);
    bar->addWidget(m_cancelButton);
    bar->addWidget(m_moreButton);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_error);
    layout->addWidget(m_status);
    layout->addWidget(m_table, 1);

    connect(m_expression, &QLineEdit::returnPressed, this, &FindPanel::find);
    connect(m_findButton, &QPushButton::clicked, this, &FindPanel::find);
    connect(m_cancelButton, &QPushButton::clicked, m_session, &FindSession::cancel);
    connect(m_moreButton, &QPushButton::clicked, m_session, [this] { m_session->findMore(); });
    connect(m_session, &FindSession::progressed, this, &FindPanel::showProgress);
    connect(m_session, &FindSession::stateChanged, this, [this] {
        showProgress();
        updateButtons();
    });
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex& index) {
        Q_EMIT openMessage(m_session->results()->messages().at(index.row()));
    });
    updateButtons();
}

void FindPanel::setStore(std::shared_ptr<Store> store)
{
    m_session->cancel();
    m_store = std::move(store);
}

void FindPanel::setContext(const QString& ns, const QString& category, const QString& stream)
{
    m_namespace = ns;
    m_category = category;
    m_stream = stream;
    m_scope->setItemText(CategoryScope,
                         category.isEmpty() ? tr("This category") : tr("Category %1").arg(category));
    m_scope->setItemText(StreamScope, stream.isEmpty() ? tr("This stream") : tr("Stream %1").arg(stream));
}

void FindPanel::focusExpression()
{
    m_expression->setFocus();
    m_expression->selectAll();
}

void FindPanel::find()
{
    if (!m_store)
        return;
    const auto showError = [this](const QString& text) {
        m_error->setText(text);
        m_error->show();
    };
    m_error->hide();
    auto parsed = query::Filter::parse(m_expression->text());
    if (auto* error = std::get_if<query::FilterError>(&parsed))
        return showError(error->text());
    FindRequest request;
    request.filter = std::get<query::Filter>(std::move(parsed));
    request.maxMatches = FindSession::DefaultCap;
    for (auto [edit, target] :
         {std::pair{m_since, &request.sinceMicros}, std::pair{m_until, &request.untilMicros}}) {
        if (edit->text().trimmed().isEmpty())
            continue;
        *target = query::parseTimeLiteral(edit->text().trimmed());
        if (!*target)
            return showError(
                tr("Not an ISO 8601 UTC time: %1 (e.g. 2026-11-28T00:39:50.269702)").arg(edit->text()));
    }
    if (m_scope->currentIndex() == CategoryScope) {
        if (m_category.isEmpty())
            return showError(tr("Open a category (or a stream of one) to search it."));
        request.scope = FindQuery::Scope::Category;
        request.scopeName = m_category;
    } else if (m_scope->currentIndex() == StreamScope) {
        if (m_stream.isEmpty())
            return showError(tr("Open a stream to search it."));
        request.scope = FindQuery::Scope::Stream;
        request.scopeName = m_stream;
    }
    m_session->start(m_store, m_namespace, std::move(request));
}

void FindPanel::showProgress()
{
    const QLocale locale;
    const qint64 total = m_session->total();
    const QString scanned = total > 0
                                ? tr("scanned %1 % (%2 of %3 positions)")
                                      .arg(100.0 * double(m_session->scanned()) / double(total), 0, 'f', 1)
                                      .arg(locale.toString(m_session->scanned()), locale.toString(total))
                                : tr("nothing to scan");
    const QString found = m_session->matches() == 1
                              ? tr("1 match")
                              : tr("%1 matches").arg(locale.toString(m_session->matches()));
    QString state;
    switch (m_session->state()) {
    case FindSession::State::Running:
        state = tr("Searching: %1, %2, %3 positions/s…")
                    .arg(found, scanned, locale.toString(qint64(m_session->rate())));
        break;
    case FindSession::State::CapReached:
        state =
            tr("Stopped at the cap of %1 matches, %2 up to global position %3; Find more goes on from there.")
                .arg(locale.toString(m_session->matches()), scanned)
                .arg(m_session->scannedThrough());
        break;
    case FindSession::State::Finished:
        state = tr("Done: %1, the whole range scanned (%2 positions) in %3 ms.")
                    .arg(found, locale.toString(total))
                    .arg(m_session->elapsedMs());
        break;
    case FindSession::State::Cancelled:
        state = tr("Cancelled: %1, %2.").arg(found, scanned);
        break;
    case FindSession::State::Failed:
        state = tr("Failed: %1").arg(m_session->error().text());
        break;
    case FindSession::State::Idle:
        break;
    }
    m_status->setText(state);
}

void FindPanel::updateButtons()
{
    const FindSession::State state = m_session->state();
    m_cancelButton->setEnabled(state == FindSession::State::Running);
    m_moreButton->setEnabled(state == FindSession::State::CapReached);
}

} // namespace mdb
