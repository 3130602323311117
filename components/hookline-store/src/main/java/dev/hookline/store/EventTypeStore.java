package dev.hookline.store;

import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/** The event type catalogue as stored: one row per declared type ({@code event_type}). */
public class EventTypeStore {

    /** A declared event type. */
    public record EventType(String name, String description, String jsonSchema, boolean deprecated, long createdAt,
            long updatedAt) {
    }

    private static final RowMapper<EventType> ROW = (rs, n) -> new EventType(rs.getString("name"),
            rs.getString("description"), rs.getString("json_schema"), rs.getBoolean("deprecated"),
            rs.getLong("created_at"), rs.getLong("updated_at"));

    private final JdbcTemplate jdbc;

    public EventTypeStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Declares a type; false when one of that name exists. */
    public boolean create(EventType type) {
        try {
            return insert(type);
        } catch (org.springframework.dao.DuplicateKeyException anotherNodeWasFirst) {
            return false;
        }
    }

    private boolean insert(EventType type) {
        return jdbc.update("INSERT INTO event_type (name, description, json_schema, deprecated, created_at, updated_at) "
                + "SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM event_type WHERE name = ?)", type.name(),
                type.description(), type.jsonSchema(), type.deprecated(), type.createdAt(), type.updatedAt(),
                type.name()) == 1;
    }

    /** Replaces a type's description, schema and deprecation; false when there is none of that name. */
    public boolean update(EventType type) {
        return jdbc.update("UPDATE event_type SET description = ?, json_schema = ?, deprecated = ?, updated_at = ? "
                + "WHERE name = ?", type.description(), type.jsonSchema(), type.deprecated(), type.updatedAt(),
                type.name()) == 1;
    }

    public List<EventType> list() {
        return jdbc.query("SELECT * FROM event_type ORDER BY name", ROW);
    }

    public Optional<EventType> find(String name) {
        return jdbc.query("SELECT * FROM event_type WHERE name = ?", ROW, name).stream().findFirst();
    }
}
