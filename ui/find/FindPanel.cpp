#include "ui/find/FindPanel.h"

#include "ui/find/FindResultsView.h"

#include <QComboBox>
#include <QCompleter>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QStringListModel>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace mdb {

namespace {

// The scope box holds SavedSearch's scopes, in that order.
constexpr int NamespaceScope = SavedSearch::Namespace;
constexpr int CategoryScope = SavedSearch::Category;
constexpr int StreamScope = SavedSearch::Stream;

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
    m_exportButton = new QPushButton(tr("Export…"), this);
    m_exportButton->setObjectName(QStringLiteral("findExport"));
    m_exportButton->setToolTip(tr("Write every match of this search, past the cap, to JSON Lines or CSV"));
    m_searchesButton = new QToolButton(this);
    m_searchesButton->setObjectName(QStringLiteral("findSearches"));
    m_searchesButton->setText(tr("Searches"));
    m_searchesButton->setToolTip(tr("Saved searches and the history of this connection"));
    m_searchesButton->setPopupMode(QToolButton::InstantPopup);
    m_searchesButton->setMenu(new QMenu(m_searchesButton));
    connect(m_searchesButton->menu(), &QMenu::aboutToShow, this, &FindPanel::fillSearchesMenu);
    m_completions = new QStringListModel(this);
    auto* completer = new QCompleter(m_completions, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    m_expression->setCompleter(completer);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("findError"));
    m_error->setStyleSheet(QStringLiteral("color: #b00020"));
    m_error->setTextFormat(Qt::PlainText);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("findStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_table = new FindResultsView(this);
    m_table->setModel(m_session->results());
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
    bar->addWidget(m_exportButton);
    bar->addWidget(m_searchesButton);
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
    connect(m_exportButton, &QPushButton::clicked, this, &FindPanel::exportRequested);
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
    m_lastSearch.reset();
    m_book = m_store ? std::make_unique<SearchBook>(m_store->location().displayName()) : nullptr;
    refreshCompletions();
    updateButtons();
}

SavedSearch FindPanel::currentSearch() const
{
    SavedSearch search;
    search.expression = m_expression->text();
    search.scope = SavedSearch::Scope(m_scope->currentIndex());
    search.since = m_since->text().trimmed();
    search.until = m_until->text().trimmed();
    return search;
}

void FindPanel::applySearch(const SavedSearch& search)
{
    m_expression->setText(search.expression);
    m_scope->setCurrentIndex(search.scope);
    m_since->setText(search.since);
    m_until->setText(search.until);
}

void FindPanel::saveSearch(const QString& name)
{
    if (!m_book || name.trimmed().isEmpty())
        return;
    SavedSearch search = currentSearch();
    search.name = name.trimmed();
    m_book->save(search);
}

void FindPanel::refreshCompletions()
{
    m_completions->setStringList(m_book ? m_book->history() : QStringList());
}

void FindPanel::fillSearchesMenu()
{
    QMenu* menu = m_searchesButton->menu();
    menu->clear();
    if (!m_book)
        return;
    const QFontMetrics metrics(menu->font());
    const auto elided = [&metrics](const QString& text) {
        return metrics.elidedText(text, Qt::ElideRight, 480).replace(u'&', QStringLiteral("&&"));
    };
    QAction* save = menu->addAction(tr("Save this search…"), this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Save search"), tr("Name:"), QLineEdit::Normal,
                                                   m_expression->text().left(40), &ok);
        if (ok)
            saveSearch(name);
    });
    save->setObjectName(QStringLiteral("saveSearchAction"));
    save->setEnabled(!m_expression->text().trimmed().isEmpty());
    const QList<SavedSearch> saved = m_book->saved();
    if (!saved.isEmpty()) {
        menu->addSection(tr("Saved"));
        QMenu* forget = new QMenu(tr("Delete a saved search"), menu);
        for (const SavedSearch& search : saved) {
            QAction* run = menu->addAction(elided(search.name), this, [this, search] {
                applySearch(search);
                find();
            });
            run->setToolTip(search.expression);
            forget->addAction(elided(search.name), this,
                              [this, name = search.name] { m_book->remove(name); });
        }
        menu->addMenu(forget);
    }
    const QStringList history = m_book->history();
    if (!history.isEmpty()) {
        menu->addSection(tr("Recent"));
        for (const QString& expression : history) {
            menu->addAction(elided(expression), this, [this, expression] {
                m_expression->setText(expression);
                find();
            });
        }
        menu->addSeparator();
        menu->addAction(tr("Clear history"), this, [this] {
            m_book->clearHistory();
            refreshCompletions();
        });
    }
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
    if (m_book) {
        m_book->remember(m_expression->text());
        refreshCompletions();
    }
    FindRequest uncapped = request;
    uncapped.maxMatches = 0;
    m_lastSearch = std::pair{m_namespace, uncapped};
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
    m_exportButton->setEnabled(m_lastSearch.has_value());
}

} // namespace mdb
