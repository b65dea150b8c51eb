#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace mdb {

// A search as the Find panel holds it: the expression, where it looks, and the time range as
// typed.
struct SavedSearch
{
    enum Scope
    {
        Namespace,
        Category,
        Stream
    };

    QString name;
    QString expression;
    Scope scope = Namespace;
    QString since;
    QString until;

    friend bool operator==(const SavedSearch&, const SavedSearch&) = default;
};

// The searches kept for one connection, in QSettings under the connection's display form (never
// its password): the history of expressions run, newest first, and the searches saved by name.
// Every call reads or writes the settings, so two windows on one connection share them.
class SearchBook
{
public:
    static constexpr qsizetype MaxHistory = 30;

    explicit SearchBook(const QString& connection);

    QStringList history() const;
    // Puts `expression` first in the history (once), dropping the oldest past MaxHistory.
    void remember(const QString& expression);
    void clearHistory();

    // Saved searches, by name in the order saved.
    QList<SavedSearch> saved() const;
    // Saves `search` under its name, replacing one of the same name.
    void save(const SavedSearch& search);
    void remove(const QString& name);

private:
    QString m_group;
};

} // namespace mdb
