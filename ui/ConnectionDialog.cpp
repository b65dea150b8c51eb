#include "ui/ConnectionDialog.h"

#include "model/Background.h"
#include "model/PasswordVault.h"
#include "model/WorkerPools.h"
#include "storage/Store.h"

#include <QCheckBox>
#include <QColorDialog>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QUrl>
#include <QUrlQuery>
#include <QVBoxLayout>

namespace mdb {
namespace {

QWidget* withBrowse(QLineEdit* edit, QWidget* parent, const std::function<QString()>& browse)
{
    auto* row = new QWidget(parent);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit);
    auto* button = new QPushButton(QObject::tr("Browse…"), row);
    QObject::connect(button, &QPushButton::clicked, edit, [edit, browse] {
        const QString chosen = browse();
        if (!chosen.isEmpty())
            edit->setText(chosen);
    });
    layout->addWidget(button);
    return row;
}

} // namespace

ConnectionDialog::ConnectionDialog(QWidget* parent)
    : QDialog(parent)
    , m_list(new QListWidget(this))
    , m_name(new QLineEdit(this))
    , m_backend(new QComboBox(this))
    , m_pages(new QStackedWidget(this))
    , m_host(new QLineEdit(this))
    , m_port(new QSpinBox(this))
    , m_database(new QLineEdit(this))
    , m_user(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_sslMode(new QComboBox(this))
    , m_sslRootCert(new QLineEdit(this))
    , m_sslCert(new QLineEdit(this))
    , m_sslKey(new QLineEdit(this))
    , m_sqlitePath(new QLineEdit(this))
    , m_colour(new QPushButton(this))
    , m_production(new QCheckBox(tr("Production: always open read-only"), this))
    , m_savePassword(new QCheckBox(tr("Save the password in the system keychain"), this))
    , m_status(new QLabel(this))
{
    setWindowTitle(tr("Connect to a store"));
    setObjectName(QStringLiteral("connectionDialog"));
    m_name->setObjectName(QStringLiteral("connectionName"));
    m_backend->setObjectName(QStringLiteral("backend"));
    m_host->setObjectName(QStringLiteral("host"));
    m_port->setObjectName(QStringLiteral("port"));
    m_database->setObjectName(QStringLiteral("database"));
    m_user->setObjectName(QStringLiteral("user"));
    m_password->setObjectName(QStringLiteral("password"));
    m_sqlitePath->setObjectName(QStringLiteral("sqlitePath"));
    m_production->setObjectName(QStringLiteral("production"));
    m_status->setObjectName(QStringLiteral("connectionStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_backend->addItems({tr("PostgreSQL"), tr("SQLite")});
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("default"));
    m_host->setPlaceholderText(tr("default (PGHOST or the local socket)"));
    m_database->setPlaceholderText(QStringLiteral("message_store"));
    m_user->setPlaceholderText(tr("default (PGUSER or your login)"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("none, or from ~/.pgpass"));
    m_sslMode->addItems({QString(), QStringLiteral("disable"), QStringLiteral("allow"),
                         QStringLiteral("prefer"), QStringLiteral("require"), QStringLiteral("verify-ca"),
                         QStringLiteral("verify-full")});
    m_sqlitePath->setPlaceholderText(tr("a store directory, or one .db file"));

    auto* pg = new QWidget(this);
    auto* pgForm = new QFormLayout(pg);
    pgForm->addRow(tr("&Host"), m_host);
    pgForm->addRow(tr("&Port"), m_port);
    pgForm->addRow(tr("&Database"), m_database);
    pgForm->addRow(tr("&User"), m_user);
    pgForm->addRow(tr("Pass&word"), m_password);
    pgForm->addRow(tr("SSL &mode"), m_sslMode);
    const auto pickFile = [this](const QString& title) {
        return [this, title] {
            return QFileDialog::getOpenFileName(this, title);
        };
    };
    pgForm->addRow(tr("CA certificate"), withBrowse(m_sslRootCert, this, pickFile(tr("CA certificate"))));
    pgForm->addRow(tr("Client certificate"), withBrowse(m_sslCert, this, pickFile(tr("Client certificate"))));
    pgForm->addRow(tr("Client key"), withBrowse(m_sslKey, this, pickFile(tr("Client key"))));
    auto* sqlite = new QWidget(this);
    auto* sqliteForm = new QFormLayout(sqlite);
    sqliteForm->addRow(tr("&Store"), withBrowse(m_sqlitePath, this, [this] {
                           return QFileDialog::getExistingDirectory(this, tr("SQLite store directory"));
                       }));
    m_pages->addWidget(pg);
    m_pages->addWidget(sqlite);
    connect(m_backend, &QComboBox::currentIndexChanged, this, &ConnectionDialog::backendChanged);

    connect(m_colour, &QPushButton::clicked, this, [this] {
        const QColor chosen =
            QColorDialog::getColor(m_colourValue.isValid() ? m_colourValue : Qt::gray, this);
        if (chosen.isValid()) {
            m_colourValue = chosen;
            m_colour->setStyleSheet(QStringLiteral("background:%1").arg(chosen.name()));
        }
    });
    m_colour->setText(tr("Colour…"));

    auto* form = new QFormLayout;
    form->addRow(tr("&Name"), m_name);
    form->addRow(tr("&Backend"), m_backend);
    auto* right = new QVBoxLayout;
    right->addLayout(form);
    right->addWidget(m_pages);
    auto* flags = new QHBoxLayout;
    flags->addWidget(m_colour);
    flags->addWidget(m_production);
    flags->addStretch();
    right->addLayout(flags);
    right->addWidget(m_savePassword);
    right->addWidget(m_status);

    auto* listButtons = new QHBoxLayout;
    auto* newButton = new QPushButton(tr("New"), this);
    auto* deleteButton = new QPushButton(tr("Delete"), this);
    listButtons->addWidget(newButton);
    listButtons->addWidget(deleteButton);
    connect(newButton, &QPushButton::clicked, this, [this] {
        m_list->clearSelection();
        showConnection(-1);
    });
    connect(deleteButton, &QPushButton::clicked, this, &ConnectionDialog::deleteCurrent);
    auto* left = new QVBoxLayout;
    left->addWidget(new QLabel(tr("Saved connections"), this));
    left->addWidget(m_list);
    left->addLayout(listButtons);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    auto* test = buttons->addButton(tr("&Test"), QDialogButtonBox::ActionRole);
    auto* save = buttons->addButton(tr("&Save"), QDialogButtonBox::ActionRole);
    auto* connectButton = buttons->addButton(tr("&Connect"), QDialogButtonBox::AcceptRole);
    connectButton->setDefault(true);
    test->setObjectName(QStringLiteral("testButton"));
    save->setObjectName(QStringLiteral("saveButton"));
    connect(test, &QPushButton::clicked, this, &ConnectionDialog::testConnection);
    connect(save, &QPushButton::clicked, this, &ConnectionDialog::saveCurrent);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* top = new QHBoxLayout;
    top->addLayout(left, 1);
    top->addLayout(right, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(buttons);
    connect(m_list, &QListWidget::currentRowChanged, this, &ConnectionDialog::showConnection);
    loadSaved();
    resize(820, 520);
}

void ConnectionDialog::loadSaved()
{
    m_saved = SavedConnections::load();
    m_list->clear();
    for (const SavedConnection& c : std::as_const(m_saved)) {
        auto* item = new QListWidgetItem(c.production ? tr("%1 (production)").arg(c.name) : c.name, m_list);
        if (c.colour.isValid())
            item->setData(Qt::DecorationRole, c.colour);
    }
    showConnection(m_saved.isEmpty() ? -1 : 0);
}

void ConnectionDialog::backendChanged()
{
    m_pages->setCurrentIndex(m_backend->currentIndex());
    m_savePassword->setEnabled(m_backend->currentIndex() == 0);
}

void ConnectionDialog::showConnection(int row)
{
    const SavedConnection c = row >= 0 && row < m_saved.size() ? m_saved.at(row) : SavedConnection{};
    m_name->setText(c.name);
    m_colourValue = c.colour;
    m_colour->setStyleSheet(c.colour.isValid() ? QStringLiteral("background:%1").arg(c.colour.name())
                                               : QString());
    m_production->setChecked(c.production);
    m_savePassword->setChecked(c.savePassword);
    m_password->clear();
    for (QLineEdit* e : {m_host, m_database, m_user, m_sslRootCert, m_sslCert, m_sslKey, m_sqlitePath})
        e->clear();
    m_port->setValue(0);
    m_sslMode->setCurrentIndex(0);
    const Result<StoreLocation> loc =
        c.url.isEmpty() ? Result<StoreLocation>(StoreLocation{}) : StoreLocation::parse(c.url);
    if (c.url.isEmpty() || !loc) {
        m_backend->setCurrentIndex(0);
        backendChanged();
        return;
    }
    const bool pg = loc->backend == StoreLocation::Backend::Postgres;
    m_backend->setCurrentIndex(pg ? 0 : 1);
    backendChanged();
    if (!pg) {
        m_sqlitePath->setText(loc->sqlitePath);
        return;
    }
    const QMap<QString, QString>& p = loc->pgParams;
    m_host->setText(p.value(QStringLiteral("host")));
    m_port->setValue(p.value(QStringLiteral("port")).toInt());
    m_database->setText(p.value(QStringLiteral("dbname")));
    m_user->setText(p.value(QStringLiteral("user")));
    m_sslMode->setCurrentText(p.value(QStringLiteral("sslmode")));
    m_sslRootCert->setText(p.value(QStringLiteral("sslrootcert")));
    m_sslCert->setText(p.value(QStringLiteral("sslcert")));
    m_sslKey->setText(p.value(QStringLiteral("sslkey")));
    if (c.savePassword) {
        PasswordVault::read(this, c.name,
                            [this, name = c.name](const QString& password, const QString& error) {
                                if (m_name->text() != name)
                                    return; // another connection is shown now: its password is not this one
                                if (!error.isEmpty())
                                    setStatus(tr("No keychain answered (%1): type the password.").arg(error));
                                else
                                    m_password->setText(password);
                            });
    }
}

QString ConnectionDialog::buildUrl() const
{
    if (m_backend->currentIndex() == 1)
        return m_sqlitePath->text();
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setHost(m_host->text());
    if (m_port->value() > 0)
        url.setPort(m_port->value());
    url.setUserName(m_user->text());
    url.setPath(u'/' + m_database->text());
    QUrlQuery query;
    const QList<std::pair<QString, QString>> options{{QStringLiteral("sslmode"), m_sslMode->currentText()},
                                                     {QStringLiteral("sslrootcert"), m_sslRootCert->text()},
                                                     {QStringLiteral("sslcert"), m_sslCert->text()},
                                                     {QStringLiteral("sslkey"), m_sslKey->text()}};
    for (const auto& [key, value] : options) {
        if (!value.isEmpty())
            query.addQueryItem(key, value);
    }
    url.setQuery(query);
    // An empty host still needs the authority part: postgresql:///db.
    QString text = url.toString();
    if (m_host->text().isEmpty() && m_user->text().isEmpty() && m_port->value() == 0)
        text.replace(QStringLiteral("postgresql:/"), QStringLiteral("postgresql:///"));
    return text;
}

SavedConnection ConnectionDialog::connection() const
{
    SavedConnection c;
    c.name = m_name->text().isEmpty() ? buildUrl() : m_name->text();
    c.url = buildUrl();
    c.colour = m_colourValue;
    c.production = m_production->isChecked();
    c.savePassword = m_savePassword->isChecked() && m_backend->currentIndex() == 0;
    return c;
}

QString ConnectionDialog::password() const
{
    return m_password->text();
}

void ConnectionDialog::saveCurrent()
{
    const SavedConnection c = connection();
    if (m_name->text().isEmpty()) {
        setStatus(tr("Give the connection a name to save it."), true);
        return;
    }
    auto it = std::find_if(m_saved.begin(), m_saved.end(),
                           [&c](const SavedConnection& s) { return s.name == c.name; });
    if (it != m_saved.end())
        *it = c;
    else
        m_saved << c;
    SavedConnections::save(m_saved);
    if (c.savePassword && !m_password->text().isEmpty()) {
        PasswordVault::write(this, c.name, m_password->text(), [this](const QString& error) {
            setStatus(
                error.isEmpty()
                    ? tr("Saved; the password is in the system keychain.")
                    : tr("Saved, but no keychain took the password (%1): it will be asked for each time.")
                          .arg(error),
                !error.isEmpty());
        });
    } else {
        if (!c.savePassword)
            PasswordVault::remove(this, c.name);
        setStatus(tr("Saved."));
    }
    const QString name = c.name;
    loadSaved();
    for (int i = 0; i < m_saved.size(); ++i) {
        if (m_saved.at(i).name == name)
            m_list->setCurrentRow(i);
    }
}

void ConnectionDialog::deleteCurrent()
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_saved.size())
        return;
    PasswordVault::remove(this, m_saved.at(row).name);
    m_saved.removeAt(row);
    SavedConnections::save(m_saved);
    loadSaved();
}

void ConnectionDialog::testConnection()
{
    const Result<StoreLocation> loc = connection().location(password());
    if (!loc) {
        setStatus(loc.error().text(), true);
        return;
    }
    setStatus(tr("Connecting…"));
    const StoreLocation location = *loc;
    runInBackground(
        this, interactivePool(),
        [location]() -> Result<QStringList> {
            Result<std::unique_ptr<Store>> store = Store::open(location);
            if (!store)
                return store.error();
            return store.value()->listNamespaces();
        },
        [this](const Result<QStringList>& namespaces) {
            if (!namespaces)
                setStatus(namespaces.error().text(), true);
            else if (namespaces->isEmpty())
                setStatus(tr("Connected, but this store holds no Message DB namespace yet."));
            else
                setStatus(tr("Connected: %1").arg(namespaces->join(QStringLiteral(", "))));
        });
}

void ConnectionDialog::setStatus(const QString& text, bool error)
{
    m_status->setText(error
                          ? QStringLiteral("<span style='color:#c62828'>%1</span>").arg(text.toHtmlEscaped())
                          : text.toHtmlEscaped());
}

} // namespace mdb
