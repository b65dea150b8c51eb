#include "ui/JsonView.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QPalette>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QStandardItemModel>
#include <QSyntaxHighlighter>
#include <QTabWidget>
#include <QTextCharFormat>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace mdb {
namespace {

// Colours that read on light and dark palettes alike.
QColor colourFor(const QJsonValue& v)
{
    const bool dark = QApplication::palette().color(QPalette::Base).lightness() < 128;
    switch (v.type()) {
    case QJsonValue::String:
        return dark ? QColor(0x9c, 0xdc, 0x8c) : QColor(0x1a, 0x7f, 0x37);
    case QJsonValue::Double:
        return dark ? QColor(0x79, 0xc0, 0xff) : QColor(0x05, 0x50, 0xae);
    case QJsonValue::Bool:
    case QJsonValue::Null:
        return dark ? QColor(0xff, 0xa6, 0x57) : QColor(0x95, 0x38, 0x00);
    default:
        return QApplication::palette().color(QPalette::Text);
    }
}

QString scalarText(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return u'"' + v.toString() + u'"';
    case QJsonValue::Double:
        return QString::number(v.toDouble(), 'g', QLocale::FloatingPointShortest);
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Array:
        return QStringLiteral("[%1]").arg(v.toArray().size());
    case QJsonValue::Object:
        return QStringLiteral("{%1}").arg(v.toObject().size());
    default:
        return {};
    }
}

void addValue(QStandardItem* parent, const QString& key, const QJsonValue& value)
{
    auto* keyItem = new QStandardItem(key);
    auto* valueItem = new QStandardItem(scalarText(value));
    valueItem->setForeground(colourFor(value));
    keyItem->setEditable(false);
    valueItem->setEditable(false);
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            addValue(keyItem, it.key(), it.value());
    } else if (value.isArray()) {
        const QJsonArray a = value.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            addValue(keyItem, QStringLiteral("[%1]").arg(i), a.at(i));
    }
    parent->appendRow({keyItem, valueItem});
}

// Indents JSON text without re-encoding any token, so numbers keep their scale and keys their order.
QString indented(const QString& json)
{
    QString out;
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    const auto newline = [&out, &depth] {
        out += u'\n' + QString(depth * 2, u' ');
    };
    for (qsizetype i = 0; i < json.size(); ++i) {
        const QChar c = json.at(i);
        if (inString) {
            out += c;
            if (escaped)
                escaped = false;
            else if (c == u'\\')
                escaped = true;
            else if (c == u'"')
                inString = false;
            continue;
        }
        if (c == u'"') {
            inString = true;
            out += c;
        } else if (c == u'{' || c == u'[') {
            out += c;
            const QChar next = i + 1 < json.size() ? json.at(i + 1) : QChar();
            if (next == u'}' || next == u']')
                continue;
            ++depth;
            newline();
        } else if (c == u'}' || c == u']') {
            const QChar previous = i > 0 ? json.at(i - 1) : QChar();
            if (previous != u'{' && previous != u'[') {
                --depth;
                newline();
            }
            out += c;
        } else if (c == u',') {
            out += c;
            newline();
            if (i + 1 < json.size() && json.at(i + 1) == u' ')
                ++i;
        } else {
            out += c;
        }
    }
    return out;
}

// Colours the indented text: keys, strings, numbers and literals, as the tree colours values.
class JsonHighlighter : public QSyntaxHighlighter
{
public:
    using QSyntaxHighlighter::QSyntaxHighlighter;

protected:
    void highlightBlock(const QString& text) override
    {
        static const QRegularExpression token(QStringLiteral(
            R"(("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b)"));
        for (auto it = token.globalMatch(text); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            QTextCharFormat format;
            if (m.capturedLength(1) > 0 && m.capturedLength(2) > 0) {
                format.setFontWeight(QFont::Bold); // a key
                setFormat(int(m.capturedStart(1)), int(m.capturedLength(1)), format);
                continue;
            }
            const QJsonValue kind = m.capturedLength(1) > 0   ? QJsonValue(QString())
                                    : m.capturedLength(3) > 0 ? QJsonValue(0.0)
                                                              : QJsonValue(false);
            format.setForeground(colourFor(kind));
            setFormat(int(m.capturedStart()), int(m.capturedLength()), format);
        }
    }
};

} // namespace

JsonView::JsonView(const QString& title, QWidget* parent)
    : QWidget(parent)
    , m_tabs(new QTabWidget(this))
    , m_tree(new QTreeView(this))
    , m_model(new QStandardItemModel(this))
    , m_raw(new QPlainTextEdit(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* header = new QHBoxLayout;
    header->addWidget(new QLabel(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()), this));
    header->addStretch();
    auto* copy = new QToolButton(this);
    copy->setObjectName(QStringLiteral("jsonCopy"));
    copy->setText(tr("Copy"));
    copy->setToolTip(tr("Copy the JSON exactly as the store holds it"));
    connect(copy, &QToolButton::clicked, this, [this] { QApplication::clipboard()->setText(text()); });
    header->addWidget(copy);
    layout->addLayout(header);
    m_tree->setObjectName(QStringLiteral("jsonTree"));
    m_raw->setObjectName(QStringLiteral("jsonText"));
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setStretchLastSection(true);
    m_raw->setReadOnly(true);
    new JsonHighlighter(m_raw->document());
    m_raw->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_tabs->addTab(m_tree, tr("Tree"));
    m_tabs->addTab(m_raw, tr("Text"));
    layout->addWidget(m_tabs);
}

void JsonView::setJson(const std::optional<QString>& json)
{
    m_json = json;
    m_model->clear();
    m_model->setHorizontalHeaderLabels({tr("Key"), tr("Value")});
    if (!json) {
        m_raw->setPlainText(QStringLiteral("NULL"));
        return;
    }
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(R"({"v":)") + json->toUtf8() + '}', &error);
    const QJsonValue root = doc.object().value(QStringLiteral("v"));
    m_raw->setPlainText(indented(*json));
    if (root.isObject()) {
        const QJsonObject o = root.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            addValue(m_model->invisibleRootItem(), it.key(), it.value());
    } else if (root.isArray()) {
        const QJsonArray a = root.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            addValue(m_model->invisibleRootItem(), QStringLiteral("[%1]").arg(i), a.at(i));
    } else {
        addValue(m_model->invisibleRootItem(), QString(), root);
    }
    m_tree->expandToDepth(1);
    m_tree->resizeColumnToContents(0);
}

QString JsonView::text() const
{
    return m_json.value_or(QStringLiteral("null"));
}

} // namespace mdb
