#include "ui/consumergroups/LookupTab.h"

#include "model/PartitionModels.h"
#include "ui/consumergroups/GroupTables.h"

#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

namespace mdb {

LookupTab::LookupTab(QWidget* parent)
    : QWidget(parent)
{
    m_model = new StreamLookupModel(this);
    m_text = new QLineEdit(this);
    m_text->setObjectName(QStringLiteral("lookupText"));
    m_text->setPlaceholderText(tr("A stream name (account-123+abc) or an id (123)"));
    m_text->setClearButtonEnabled(true);
    m_anatomy = summaryLabel("lookupAnatomy", this);
    auto* table = groupTableView(m_model, this);
    table->setObjectName(QStringLiteral("lookupTable"));
    connect(m_text, &QLineEdit::textChanged, this, &LookupTab::lookUp);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_text);
    layout->addWidget(m_anatomy);
    layout->addWidget(table, 1);
}

void LookupTab::lookUp(const QString& streamNameOrId)
{
    const QString text = streamNameOrId.trimmed();
    if (text.isEmpty()) {
        m_anatomy->clear();
        m_model->clear();
        return;
    }
    const StreamLookup found = PartitionSimulation::lookup(text);
    m_anatomy->setText(tr("Category: %1   Cardinal id: %2   hash_64: %3")
                           .arg(found.category ? *found.category : tr("(taken as an id)"),
                                found.cardinalId.value_or(QString()))
                           .arg(found.hash ? QString::number(*found.hash) : QStringLiteral("NULL")));
    m_model->setLookup(found);
}

} // namespace mdb
