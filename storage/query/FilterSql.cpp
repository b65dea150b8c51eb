#include "storage/query/FilterSql.h"

#include "storage/Message.h"

namespace mdb::query {

namespace {

QString comparison(Op op)
{
    switch (op) {
    case Op::Equal:
        return QStringLiteral("=");
    case Op::NotEqual:
        return QStringLiteral("<>");
    case Op::Less:
        return QStringLiteral("<");
    case Op::LessOrEqual:
        return QStringLiteral("<=");
    case Op::Greater:
        return QStringLiteral(">");
    default:
        return QStringLiteral(">=");
    }
}

class Renderer
{
public:
    Renderer(Dialect dialect, const SqlColumns& columns, const Binder& bind)
        : m_postgres(dialect == Dialect::Postgres)
        , m_columns(columns)
        , m_bind(bind)
    {}

    Result<QString> node(const Node& n)
    {
        switch (n.kind) {
        case Node::Kind::Not:
            return node(n.children.front()).transform([](const QString& inner) {
                return QStringLiteral("(NOT %1)").arg(inner);
            });
        case Node::Kind::And:
        case Node::Kind::Or: {
            QStringList parts;
            for (const Node& child : n.children) {
                Result<QString> part = node(child);
                if (!part)
                    return part.error();
                parts.append(*part);
            }
            const QString joined =
                parts.join(n.kind == Node::Kind::And ? QStringLiteral(" AND ") : QStringLiteral(" OR "));
            return QStringLiteral("(%1)").arg(joined);
        }
        case Node::Kind::Test:
            break;
        }
        if (n.op == Op::In) {
            QStringList alternatives;
            for (const Literal& value : n.literals) {
                Result<QString> one = test(n.field, Op::Equal, value);
                if (!one)
                    return one.error();
                alternatives.append(*one);
            }
            return QStringLiteral("(%1)").arg(alternatives.join(QStringLiteral(" OR ")));
        }
        return test(n.field, n.op, n.literals.value(0));
    }

private:
    // One test, made two-valued: a NULL (a missing key, NULL metadata) counts as false.
    Result<QString> test(const Field& field, Op op, const Literal& value)
    {
        Result<QString> sql = field.isJson() ? jsonTest(field, op, value) : columnTest(field, op, value);
        return sql.transform([this](const QString& condition) {
            return QStringLiteral("COALESCE(%1, %2)").arg(condition, falseValue());
        });
    }

    QString falseValue() const { return m_postgres ? QStringLiteral("false") : QStringLiteral("0"); }
    QString trueValue() const { return m_postgres ? QStringLiteral("true") : QStringLiteral("1"); }

    QString column(Field::Root root) const
    {
        switch (root) {
        case Field::Root::Type:
            return m_columns.type;
        case Field::Root::StreamName:
            return m_columns.streamName;
        case Field::Root::Category:
            return m_columns.category;
        case Field::Root::Position:
            return m_columns.position;
        case Field::Root::GlobalPosition:
            return m_columns.globalPosition;
        case Field::Root::Time:
            return m_columns.time;
        case Field::Root::Id:
            return m_columns.id;
        case Field::Root::Data:
            return m_columns.data;
        case Field::Root::Metadata:
            return m_columns.metadata;
        }
        return {};
    }

    QString text(const QString& value) const
    {
        return m_postgres ? QStringLiteral("CAST(%1 AS text)").arg(m_bind(value)) : m_bind(value);
    }

    QString number(const Literal& value) const
    {
        if (m_postgres) // the number's own text, exact as numeric
            return QStringLiteral("CAST(%1 AS numeric)").arg(m_bind(value.string));
        return value.isIntegral ? m_bind(value.integer) : m_bind(value.number);
    }

    // contains and starts_with on a text expression.
    QString stringOp(Op op, const QString& subject, const Literal& value) const
    {
        if (op == Op::Contains)
            return m_postgres ? QStringLiteral("strpos(%1, %2) > 0").arg(subject, text(value.string))
                              : QStringLiteral("instr(%1, %2) > 0").arg(subject, text(value.string));
        return m_postgres ? QStringLiteral("starts_with(%1, %2)").arg(subject, text(value.string))
                          : QStringLiteral("substr(%1, 1, length(%2)) = %3")
                                .arg(subject, text(value.string), text(value.string));
    }

    // A test on one of the message's own columns; the parser has checked the literal's kind.
    Result<QString> columnTest(const Field& field, Op op, const Literal& value)
    {
        if (op == Op::Exists)
            return trueValue();
        const QString subject = column(field.root);
        switch (field.root) {
        case Field::Root::Position:
        case Field::Root::GlobalPosition:
            return QStringLiteral("%1 %2 %3").arg(subject, comparison(op), number(value));
        case Field::Root::Time:
            if (m_postgres)
                return QStringLiteral("%1 %2 CAST(%3 AS timestamp)")
                    .arg(subject, comparison(op), m_bind(mdb::timeText(value.timeMicros)));
            return QStringLiteral("%1 %2 %3").arg(subject, comparison(op), m_bind(value.timeMicros));
        default:
            if (op == Op::Contains || op == Op::StartsWith)
                return stringOp(op, subject, value);
            // By code point: PostgreSQL's "C" collation compares UTF-8 bytes, as SQLite's BINARY does.
            return QStringLiteral("%1%2 %3 %4")
                .arg(subject, m_postgres ? QStringLiteral(" COLLATE \"C\"") : QString(), comparison(op),
                     text(value.string));
        }
    }

    Result<QString> jsonTest(const Field& field, Op op, const Literal& value)
    {
        const QString documentColumn = column(field.root);
        QString path;
        if (!m_postgres) {
            path = QStringLiteral("$");
            for (const Field::Step& step : field.path) {
                if (step.isIndex()) {
                    path += QStringLiteral("[%1]").arg(step.index);
                } else if (step.key.contains(u'"')) {
                    return StoreError::make(
                        ErrorKind::InvalidArgument,
                        QStringLiteral("SQLite's JSON paths cannot name the key %1, which "
                                       "holds a double quote")
                            .arg(field.text()));
                } else {
                    path += QStringLiteral(".\"%1\"").arg(step.key);
                }
            }
        }
        // The value, its JSON type and its text, in the dialect's words. Each call binds anew.
        const auto jsonValue = [&] {
            QString v = documentColumn;
            for (const Field::Step& step : field.path)
                v = step.isIndex() ? QStringLiteral("(%1 -> %2)").arg(v, QString::number(step.index))
                                   : QStringLiteral("(%1 -> %2)").arg(v, text(step.key));
            return v;
        };
        const auto jsonType = [&] {
            return m_postgres ? QStringLiteral("jsonb_typeof(%1)").arg(jsonValue())
                              : QStringLiteral("json_type(%1, %2)").arg(documentColumn, m_bind(path));
        };
        const auto scalar = [&] {
            return m_postgres ? QStringLiteral("(%1 #>> '{}')").arg(jsonValue())
                              : QStringLiteral("json_extract(%1, %2)").arg(documentColumn, m_bind(path));
        };
        // CASE, not AND: the type is known before the value is cast or compared.
        // SQLite binds by order: every piece is rendered in the order it stands in the SQL.
        // CASE, not AND: the type is known before the value is cast or compared.
        const auto whenType = [&](const QString& types, const std::function<QString()>& then) {
            const QString type = jsonType();
            const QString result = then();
            return QStringLiteral("CASE WHEN %1 %2 THEN %3 ELSE %4 END")
                .arg(type, types, result, falseValue());
        };
        // The scalar compared with the literal: `<scalar><cast> <op> <literal>`.
        const auto compared = [&](const QString& cast, const std::function<QString()>& literal) {
            const QString subject = scalar();
            return QStringLiteral("%1%2 %3 %4").arg(subject, cast, comparison(op), literal());
        };
        const QString stringType = m_postgres ? QStringLiteral("= 'string'") : QStringLiteral("= 'text'");

        if (op == Op::Exists)
            return m_postgres ? QStringLiteral("(%1 IS NOT NULL)").arg(jsonValue())
                              : QStringLiteral("(%1 IS NOT NULL)").arg(jsonType());
        if (op == Op::Contains || op == Op::StartsWith)
            return whenType(stringType, [&] { return stringOp(op, scalar(), value); });
        switch (value.kind) {
        case Literal::Kind::Null:
            return QStringLiteral("%1 %2 'null'")
                .arg(jsonType(), op == Op::Equal ? QStringLiteral("=") : QStringLiteral("<>"));
        case Literal::Kind::Boolean: {
            const bool wanted = (op == Op::Equal) == value.boolean;
            if (m_postgres)
                return whenType(QStringLiteral("= 'boolean'"), [&] {
                    return QStringLiteral("%1 = %2").arg(jsonValue(), wanted
                                                                          ? QStringLiteral("'true'::jsonb")
                                                                          : QStringLiteral("'false'::jsonb"));
                });
            return QStringLiteral("%1 = '%2'")
                .arg(jsonType(), wanted ? QStringLiteral("true") : QStringLiteral("false"));
        }
        case Literal::Kind::Number:
            return whenType(
                m_postgres ? QStringLiteral("= 'number'") : QStringLiteral("IN ('integer', 'real')"), [&] {
                    return compared(m_postgres ? QStringLiteral("::numeric") : QString(),
                                    [&] { return number(value); });
                });
        case Literal::Kind::String:
            return whenType(stringType, [&] {
                return compared(m_postgres ? QStringLiteral(" COLLATE \"C\"") : QString(),
                                [&] { return text(value.string); });
            });
        }
        return falseValue();
    }

    const bool m_postgres;
    const SqlColumns& m_columns;
    const Binder& m_bind;
};

} // namespace

Result<QString> renderSql(const Filter& filter, Dialect dialect, const SqlColumns& columns,
                          const Binder& bind)
{
    return Renderer(dialect, columns, bind).node(filter.root());
}

} // namespace mdb::query
