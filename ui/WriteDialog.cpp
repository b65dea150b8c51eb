#include "ui/WriteDialog.h"

#include "model/Background.h"
#include "model/WorkerPools.h"
#include "storage/JsonbText.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <limits>

namespace mdb {
namespace {

QString sqlText(const QString& text)
{
    QString quoted = text;
    quoted.replace(u'\'', QStringLiteral("''"));
    return u'\'' + quoted + u'\'';
}

} // namespace

WriteDialog::WriteDialog(std::shared_ptr<Store> store, QString ns, QWidget* parent)
    : QDialog(parent)
    , m_store(std::move(store))
    , m_ns(std::move(ns))
    , m_stream(new QLineEdit(this))
    , m_type(new QLineEdit(this))
    , m_data(new QPlainTextEdit(QStringLiteral("{}"), this))
    , m_metadata(new QPlainTextEdit(this))
    , m_dataState(new QLabel(this))
    , m_metadataState(new QLabel(this))
    , m_mode(new QComboBox(this))
    , m_number(new QSpinBox(this))
    , m_current(new QLabel(this))
    , m_call(new QLabel(this))
    , m_outcome(new QLabel(this))
{
    setWindowTitle(tr("Write message — %1").arg(m_ns));
    setObjectName(QStringLiteral("writeDialog"));
    m_stream->setObjectName(QStringLiteral("stream"));
    m_type->setObjectName(QStringLiteral("type"));
    m_data->setObjectName(QStringLiteral("data"));
    m_metadata->setObjectName(QStringLiteral("metadata"));
    m_mode->setObjectName(QStringLiteral("expectedVersionMode"));
    m_number->setObjectName(QStringLiteral("expectedVersion"));
    m_outcome->setObjectName(QStringLiteral("outcome"));
    m_dataState->setObjectName(QStringLiteral("dataState"));
    m_current->setObjectName(QStringLiteral("currentVersion"));
    m_metadataState->setObjectName(QStringLiteral("metadataState"));
    m_stream->setPlaceholderText(QStringLiteral("account-123"));
    m_type->setPlaceholderText(QStringLiteral("Deposited"));
    m_metadata->setPlaceholderText(tr("none (NULL)"));
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_data->setFont(mono);
    m_metadata->setFont(mono);
    m_call->setFont(mono);
    m_call->setWordWrap(true);
    m_call->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_outcome->setWordWrap(true);
    m_outcome->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_mode->addItem(tr("No check"), NoCheck);
    m_mode->addItem(tr("Stream must not exist (-1)"), MustNotExist);
    m_mode->addItem(tr("Current version"), CurrentVersion);
    m_mode->addItem(tr("Version…"), Number);
    m_mode->setCurrentIndex(CurrentVersion);
    m_number->setRange(-1, std::numeric_limits<int>::max());

    auto* form = new QFormLayout;
    form->addRow(tr("&Stream"), m_stream);
    form->addRow(tr("&Type"), m_type);
    form->addRow(tr("&Data"), m_data);
    form->addRow(QString(), m_dataState);
    form->addRow(tr("&Metadata"), m_metadata);
    form->addRow(QString(), m_metadataState);
    auto* versionRow = new QHBoxLayout;
    versionRow->addWidget(m_mode);
    versionRow->addWidget(m_number);
    versionRow->addWidget(m_current, 1);
    form->addRow(tr("&Expected version"), versionRow);
    form->addRow(tr("Call"), m_call);
    form->addRow(tr("Outcome"), m_outcome);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_write = buttons->addButton(tr("&Write"), QDialogButtonBox::ActionRole);
    m_write->setObjectName(QStringLiteral("writeButton"));
    m_write->setDefault(true);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_write, &QPushButton::clicked, this, &WriteDialog::write);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);

    m_versionTimer.setSingleShot(true);
    m_versionTimer.setInterval(250);
    connect(&m_versionTimer, &QTimer::timeout, this, &WriteDialog::refreshVersion);
    connect(m_stream, &QLineEdit::textChanged, this, [this] {
        m_versionKnown = false;
        m_versionTimer.start();
        validate();
    });
    connect(m_type, &QLineEdit::textChanged, this, &WriteDialog::validate);
    connect(m_data, &QPlainTextEdit::textChanged, this, &WriteDialog::validate);
    connect(m_metadata, &QPlainTextEdit::textChanged, this, &WriteDialog::validate);
    connect(m_mode, &QComboBox::currentIndexChanged, this, &WriteDialog::validate);
    connect(m_number, &QSpinBox::valueChanged, this, &WriteDialog::validate);
    resize(640, 560);
    validate();
}

void WriteDialog::setStream(const QString& stream)
{
    m_stream->setText(stream);
}

QString WriteDialog::outcome() const
{
    return m_outcome->text();
}

std::optional<qint64> WriteDialog::expectedVersion() const
{
    switch (m_mode->currentData().toInt()) {
    case MustNotExist:
        return -1;
    case CurrentVersion:
        return m_currentVersion.value_or(-1);
    case Number:
        return m_number->value();
    default:
        return std::nullopt;
    }
}

void WriteDialog::refreshVersion()
{
    const QString stream = m_stream->text();
    const quint64 generation = ++m_generation;
    if (stream.isEmpty()) {
        m_current->clear();
        return;
    }
    m_current->setText(tr("reading the stream version…"));
    std::shared_ptr<Store> store = m_store;
    const QString ns = m_ns;
    runInBackground(
        this, interactivePool(), [store, ns, stream] { return store->streamVersion(ns, stream); },
        [this, generation](const Result<std::optional<qint64>>& version) {
            if (generation != m_generation)
                return; // the stream name changed since
            if (!version) {
                m_current->setText(version.error().text());
                return;
            }
            m_currentVersion = *version;
            m_versionKnown = true;
            m_current->setText(*version ? tr("stream version %1").arg(**version)
                                        : tr("the stream is empty (-1)"));
            validate();
        });
}

void WriteDialog::validate()
{
    const auto check = [](QPlainTextEdit* edit, QLabel* state, bool optional) {
        const QString text = edit->toPlainText();
        if (optional && text.trimmed().isEmpty()) {
            state->setText(tr("NULL"));
            return true;
        }
        const Result<QString> json = toJsonbText(text);
        if (json) {
            state->setText(tr("✓ valid JSON"));
            return true;
        }
        state->setText(QStringLiteral("<span style='color:#c62828'>%1%2</span>")
                           .arg(json.error().text().toHtmlEscaped(),
                                json.error().detail.isEmpty() ? QString()
                                                              : u": " + json.error().detail.toHtmlEscaped()));
        return false;
    };
    const bool dataOk = check(m_data, m_dataState, false);
    const bool metadataOk = check(m_metadata, m_metadataState, true);
    m_number->setVisible(m_mode->currentData().toInt() == Number);
    const bool needsVersion = m_mode->currentData().toInt() == CurrentVersion;
    const std::optional<qint64> expected = expectedVersion();
    const QString metadata = m_metadata->toPlainText().trimmed();
    m_call->setText(QStringLiteral("SELECT %1.write_message(gen_random_uuid(), %2, %3, %4, %5, %6)")
                        .arg(m_ns, sqlText(m_stream->text()), sqlText(m_type->text()),
                             sqlText(m_data->toPlainText()),
                             metadata.isEmpty() ? QStringLiteral("NULL") : sqlText(metadata),
                             expected ? QString::number(*expected) : QStringLiteral("NULL"))
                        .toHtmlEscaped());
    m_write->setEnabled(dataOk && metadataOk && !m_stream->text().isEmpty() && !m_type->text().isEmpty() &&
                        (!needsVersion || m_versionKnown) && !m_store->location().readOnly);
    if (m_store->location().readOnly)
        m_outcome->setText(tr("This connection is read-only."));
}

void WriteDialog::write()
{
    WriteRequest request;
    request.streamName = m_stream->text();
    request.type = m_type->text();
    request.data = m_data->toPlainText();
    const QString metadata = m_metadata->toPlainText();
    if (!metadata.trimmed().isEmpty())
        request.metadata = metadata;
    request.expectedVersion = expectedVersion();
    m_write->setEnabled(false);
    m_outcome->setText(tr("Writing…"));
    std::shared_ptr<Store> store = m_store;
    const QString ns = m_ns;
    runInBackground(
        this, interactivePool(), [store, ns, request] { return store->writeMessage(ns, request); },
        [this, request](const Result<qint64>& position) {
            if (position) {
                m_outcome->setText(
                    tr("Written at position %1 of %2.").arg(*position).arg(request.streamName));
                Q_EMIT written(request.streamName, *position);
            } else {
                m_outcome->setText(QStringLiteral("<span style='color:#c62828'>%1</span>")
                                       .arg(position.error().text().toHtmlEscaped()));
            }
            refreshVersion(); // the current version moved, or the conflict showed it did
        });
}

} // namespace mdb
