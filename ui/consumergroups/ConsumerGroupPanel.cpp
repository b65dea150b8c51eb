#include "ui/consumergroups/ConsumerGroupPanel.h"

#include "model/Background.h"
#include "model/ConsumerGroupSession.h"
#include "model/WorkerPools.h"
#include "storage/MessageDbRules.h"
#include "ui/consumergroups/AssignmentTab.h"
#include "ui/consumergroups/LiveMapTab.h"
#include "ui/consumergroups/LookupTab.h"
#include "ui/consumergroups/PositionsTab.h"
#include "ui/consumergroups/ReplayTab.h"
#include "ui/consumergroups/WhatIfTab.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTime>
#include <QVBoxLayout>

namespace mdb {

ConsumerGroupPanel::ConsumerGroupPanel(std::shared_ptr<Store> store, const QString& ns,
                                       const QString& category, QWidget* parent)
    : QWidget(parent, Qt::Window)
{
    setWindowTitle(tr("Consumer groups"));
    m_session = new ConsumerGroupSession(std::move(store), this);

    m_namespaceBox = new QComboBox(this);
    m_namespaceBox->setObjectName(QStringLiteral("namespaceBox"));
    m_namespaceBox->setMinimumContentsLength(16);
    m_namespaceBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_categoryBox = new QComboBox(this);
    m_categoryBox->setObjectName(QStringLiteral("categoryBox"));
    m_categoryBox->setEditable(true);
    m_categoryBox->setMinimumContentsLength(24);
    m_size = new QSpinBox(this);
    m_size->setObjectName(QStringLiteral("groupSize"));
    m_size->setRange(1, int(MessageDbRules::MaxConsumerGroupSize));
    m_size->setValue(m_session->groupSize());
    m_resized = new QSpinBox(this);
    m_resized->setObjectName(QStringLiteral("resizedGroupSize"));
    m_resized->setRange(1, int(MessageDbRules::MaxConsumerGroupSize));
    m_resized->setValue(m_session->resizedGroupSize());
    auto* reloadButton = new QPushButton(tr("Reload"), this);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Namespace"), this));
    bar->addWidget(m_namespaceBox);
    bar->addWidget(new QLabel(tr("Category"), this));
    bar->addWidget(m_categoryBox, 1);
    bar->addWidget(new QLabel(tr("Group size"), this));
    bar->addWidget(m_size);
    bar->addWidget(new QLabel(tr("Resize to"), this));
    bar->addWidget(m_resized);
    bar->addWidget(reloadButton);

    auto* live = new LiveMapTab(m_session, this);
    m_map = live->map();
    m_tabs = new QTabWidget(this);
    m_tabs->addTab(new AssignmentTab(m_session, this), tr("Assignment"));
    m_tabs->addTab(new WhatIfTab(m_session, this), tr("What-if"));
    m_tabs->addTab(new LookupTab(this), tr("Lookup"));
    m_tabs->addTab(live, tr("Live map"));
    m_tabs->addTab(new ReplayTab(m_session, this), tr("Consumer replay"));
    m_tabs->addTab(new PositionsTab(m_session, this), tr("Consumer positions"));

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_status);
    layout->addWidget(m_tabs, 1);

    connect(reloadButton, &QPushButton::clicked, this, &ConsumerGroupPanel::reload);
    const auto chooseTypedCategory = [this] {
        setCategory(m_session->ns(), m_categoryBox->currentText().trimmed());
    };
    connect(m_categoryBox, &QComboBox::activated, this, chooseTypedCategory);
    connect(m_categoryBox->lineEdit(), &QLineEdit::returnPressed, this, chooseTypedCategory);
    connect(m_namespaceBox, &QComboBox::activated, this,
            [this] { setCategory(m_namespaceBox->currentText(), QString()); });
    const auto sizesChanged = [this] {
        m_session->setGroupSizes(m_size->value(), m_resized->value());
    };
    connect(m_size, &QSpinBox::valueChanged, this, sizesChanged);
    connect(m_resized, &QSpinBox::valueChanged, this, sizesChanged);

    connect(m_session, &ConsumerGroupSession::loading, this,
            [this] { m_status->setText(tr("Reading the streams of %1…").arg(m_session->category())); });
    connect(m_session, &ConsumerGroupSession::loaded, this, &ConsumerGroupPanel::showLoaded);
    connect(m_session, &ConsumerGroupSession::loadFailed, this, &ConsumerGroupPanel::showError);

    resize(1100, 720);
    m_session->setCategory(ns, category);
    if (category.isEmpty())
        m_status->setText(tr("Choose a category."));
    loadNamespaces();
}

ConsumerGroupPanel::~ConsumerGroupPanel()
{
    // The tabs' views and the map go before the session whose models and simulation they show.
    delete m_tabs;
}

void ConsumerGroupPanel::setCategory(const QString& ns, const QString& category)
{
    const bool namespaceChanged = ns != m_session->ns();
    m_categoryBox->setCurrentText(category);
    m_session->setCategory(ns, category);
    if (category.isEmpty())
        m_status->setText(tr("Choose a category."));
    if (namespaceChanged)
        loadCategories();
}

void ConsumerGroupPanel::setGroupSizes(int groupSize, int resizedGroupSize)
{
    const QSignalBlocker blockSize(m_size);
    const QSignalBlocker blockResized(m_resized);
    m_size->setValue(groupSize);
    m_resized->setValue(resizedGroupSize);
    m_session->setGroupSizes(groupSize, resizedGroupSize);
}

void ConsumerGroupPanel::reload()
{
    m_session->reload();
}

void ConsumerGroupPanel::showError(const StoreError& error)
{
    m_status->setText(
        QStringLiteral("<span style='color:#b00020'>%1</span>").arg(error.text().toHtmlEscaped()));
    Q_EMIT failed(error);
}

void ConsumerGroupPanel::loadNamespaces()
{
    runInBackground(
        this, interactivePool(), [store = m_session->store()] { return store->listNamespaces(); },
        [this](const Result<QStringList>& names) {
            if (!names)
                return showError(names.error());
            m_namespaceBox->clear();
            m_namespaceBox->addItems(*names);
            m_namespaceBox->setCurrentText(m_session->ns());
            loadCategories();
        });
}

void ConsumerGroupPanel::loadCategories()
{
    runInBackground(
        this, interactivePool(),
        [store = m_session->store(), ns = m_session->ns()] { return store->listCategories(ns); },
        [this](const Result<QStringList>& categories) {
            if (!categories)
                return showError(categories.error());
            const QString current = m_session->category();
            m_categoryBox->clear();
            m_categoryBox->addItems(*categories);
            m_categoryBox->setCurrentText(current);
        });
}

void ConsumerGroupPanel::showLoaded()
{
    const PartitionSimulation& simulation = m_session->simulation();
    const QLocale locale;
    m_status->setText(tr("%1: %2 streams, %3 messages, as of global position %4, read at %5 in %6 ms, "
                         "computed in %7 ms")
                          .arg(m_session->category(), locale.toString(simulation.streams().size()),
                               locale.toString(simulation.totalMessages()))
                          .arg(simulation.lastGlobalPosition())
                          .arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")))
                          .arg(m_session->lastReadMs())
                          .arg(m_session->lastComputeMs()));
}

void ConsumerGroupPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    m_session->setLive(true);
}

void ConsumerGroupPanel::hideEvent(QHideEvent* event)
{
    m_session->setLive(false);
    QWidget::hideEvent(event);
}

} // namespace mdb
