#pragma once

#include "storage/Message.h"

#include <QWidget>

class QLabel;

namespace mdb {

class JsonView;

// The message on the right: its fields, the anatomy of its stream name, its data and metadata,
// and Eventide's metadata fields as links that open what they name.
class MessageDetail : public QWidget
{
    Q_OBJECT
public:
    explicit MessageDetail(QWidget* parent = nullptr);

    void showMessage(const std::optional<Message>& message);
    const std::optional<Message>& message() const { return m_message; }

Q_SIGNALS:
    void openStream(const QString& streamName, std::optional<qint64> position);
    void openCategory(const QString& category);

private:
    void followLink(const QString& link);

    std::optional<Message> m_message;
    QLabel* m_summary = nullptr;
    QLabel* m_anatomy = nullptr;
    QLabel* m_links = nullptr;
    JsonView* m_data = nullptr;
    JsonView* m_metadata = nullptr;
};

} // namespace mdb
