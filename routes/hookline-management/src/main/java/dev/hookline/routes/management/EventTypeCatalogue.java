package dev.hookline.routes.management;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.AllowSchemaLoader;
import dev.hookline.core.EventCheck;
import dev.hookline.core.EventFormatException;
import dev.hookline.core.WebhookEvent;
import dev.hookline.store.EventTypeStore;

/**
 * The provider's event type catalogue, as the doors and the management API use it: which types exist, and each
 * type's JSON Schema (draft 2020-12, through networknt's json-schema-validator), compiled once. It is read from the
 * database again at most every {@link #REFRESH_MS} ms (so a type declared on another node is known here within that),
 * and at once after a change made on this node. As an {@link EventCheck}, it refuses an event whose data does not
 * match its type's schema, naming the first failing location. A schema loads nothing from anywhere: a remote
 * {@code $ref} fails (no request leaves the server); only the specification's own meta-schemas, from the library's
 * jar, are read. Its patterns are matched in bounded time: an event whose check takes longer than
 * {@link #PATTERN_BUDGET_NANOS} ns of pattern matching is refused as unchecked ("took too long"), and a pattern longer
 * than {@link BoundedRegularExpressions#MAX_PATTERN_CHARS} characters makes the schema unusable.
 */
public class EventTypeCatalogue implements EventCheck {

    static final long REFRESH_MS = 5_000;
    /** Where the library keeps the specification's meta-schemas: the only resources a schema may load. */
    private static final String META_SCHEMAS = "classpath:draft/";
    /**
     * The largest power of ten a number in checked data may carry ({@code 1e1000}, {@code 1e-1000}): schema keywords
     * write numbers out in full or divide by them ({@code enum}, {@code multipleOf}), and {@code 1e999999999} would ask
     * for gigabytes or overflow.
     */
    static final int MAX_EXPONENT = 1_000;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EventTypeCatalogue.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaLoaders(loaders -> loaders.add(
                    new AllowSchemaLoader(iri -> iri.toString().startsWith(META_SCHEMAS)))));
    /** Patterns are matched in bounded time (see {@link BoundedRegularExpressions}). */
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .regularExpressionFactory(BoundedRegularExpressions.INSTANCE).pathType(PathType.LEGACY).build();
    /** The longest the patterns of one event's schema may take to match, all together. */
    static final long PATTERN_BUDGET_NANOS = 500_000_000L;

    /** @param unusable the types whose stored schema does not compile here (stored under older rules), and why */
    private record Snapshot(Map<String, EventTypeStore.EventType> types, Map<String, JsonSchema> schemas,
            Map<String, String> unusable, long readAt) {
    }

    private final EventTypeStore store;
    private final Clock clock;
    private volatile Snapshot snapshot;

    public EventTypeCatalogue(EventTypeStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Checks a schema as the API does before storing it: valid against the draft 2020-12 meta-schema, and compiled
     * with every {@code $ref} resolved.
     *
     * @throws IllegalArgumentException saying why it is not a usable schema
     */
    static void validateSchema(JsonNode schema) {
        if (!schema.isObject() && !schema.isBoolean()) {
            throw new IllegalArgumentException("a JSON Schema is an object (or true / false)");
        }
        try {
            Set<ValidationMessage> metaErrors = SCHEMAS.getSchema(
                    com.networknt.schema.SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"), CONFIG)
                    .validate(schema);
            if (!metaErrors.isEmpty()) {
                throw new IllegalArgumentException(metaErrors.iterator().next().getMessage());
            }
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new IllegalArgumentException(reason(e));
        }
        compile(schema);
    }

    private static JsonSchema compile(JsonNode schema) {
        JsonSchema compiled;
        try {
            compiled = SCHEMAS.getSchema(schema, CONFIG);
            compiled.initializeValidators(); // resolves every $ref now, not at the first event
        } catch (RuntimeException | StackOverflowError e) {
            throw new IllegalArgumentException(reason(e));
        }
        try {
            // a $ref that leads back to itself without descending into the data never ends, whatever the event
            compiled.validate(JSON.createObjectNode());
        } catch (StackOverflowError e) {
            throw new IllegalArgumentException("the schema's $ref leads back to itself without end");
        } catch (RuntimeException e) {
            // an empty object may fail the check itself; only a schema that cannot check anything is refused
        }
        return compiled;
    }

    /** The declared types, in the store's order, as last read. */
    public java.util.Collection<EventTypeStore.EventType> types() {
        return current().types().values();
    }

    /** Why a schema cannot be used: a refused pattern's own reason when the library wrapped it, else its message. */
    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BoundedRegularExpressions.PatternRefusedException) {
                return t.getMessage();
            }
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Whether {@code type} is declared. */
    public boolean has(String type) {
        return current().types().containsKey(type);
    }

    @Override
    public void check(WebhookEvent event) {
        Snapshot s = current();
        JsonSchema schema = s.schemas().get(event.type());
        if (schema == null) {
            String unusable = s.unusable().get(event.type());
            if (unusable != null) {
                throw new EventFormatException("Event " + event.id() + " cannot be checked: the schema of type '"
                        + event.type() + "' cannot be used (" + unusable + "); it must be declared again", "type");
            }
            return;
        }
        JsonNode data = JSON.valueToTree(event.data());
        String outOfRange = numberOutOfRange(data, "$.data");
        if (outOfRange != null) {
            throw new EventFormatException("Event " + event.id() + " cannot be checked against the schema of type '"
                    + event.type() + "': the number at " + outOfRange + " has an exponent beyond " + MAX_EXPONENT,
                    outOfRange);
        }
        Set<ValidationMessage> errors;
        try {
            errors = BoundedRegularExpressions.within(PATTERN_BUDGET_NANOS, () -> schema.validate(data));
        } catch (BoundedRegularExpressions.PatternTimeoutException e) {
            throw new EventFormatException("Event " + event.id() + " cannot be checked against the schema of type '"
                    + event.type() + "': " + e.getMessage(), "$.data");
        } catch (RuntimeException | StackOverflowError e) {
            // whatever the library cannot do with this event refuses this event, never the door or the fan-out
            throw new EventFormatException("Event " + event.id() + " cannot be checked against the schema of type '"
                    + event.type() + "': " + reason(e), "$.data");
        }
        if (!errors.isEmpty()) {
            ValidationMessage first = errors.iterator().next();
            String at = "$.data" + String.valueOf(first.getInstanceLocation()).replaceFirst("^\\$", "");
            throw new EventFormatException("Event " + event.id() + " does not match the schema of type '" + event.type()
                    + "' at " + at + ": " + first.getMessage() + (errors.size() > 1 ? " (and " + (errors.size() - 1)
                    + " more)" : ""), at);
        }
    }

    /** Where in {@code node} a number has an exponent beyond {@link #MAX_EXPONENT}, or {@code null}. */
    static String numberOutOfRange(JsonNode node, String at) {
        if (node.isBigDecimal()) {
            java.math.BigDecimal n = node.decimalValue();
            long exponent = (long) n.precision() - n.scale() - 1;
            return n.signum() != 0 && Math.abs(exponent) > MAX_EXPONENT ? at : null;
        }
        if (node.isContainerNode()) {
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    String found = numberOutOfRange(node.get(i), at + "[" + i + "]");
                    if (found != null) {
                        return found;
                    }
                }
            } else {
                for (var field : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
                    String found = numberOutOfRange(field.getValue(), at + "." + field.getKey());
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        return null;
    }

    /** Reads the catalogue again now (after a change on this node). */
    public void refresh() {
        Snapshot before = snapshot;
        Map<String, EventTypeStore.EventType> types = new LinkedHashMap<>();
        Map<String, JsonSchema> schemas = new LinkedHashMap<>();
        Map<String, String> unusable = new LinkedHashMap<>();
        for (EventTypeStore.EventType t : store.list()) {
            types.put(t.name(), t);
            EventTypeStore.EventType known = before == null ? null : before.types().get(t.name());
            if (known != null && known.equals(t) && before.schemas().containsKey(t.name())) {
                schemas.put(t.name(), before.schemas().get(t.name())); // unchanged: compiled once
            } else if (known != null && known.equals(t) && before.unusable().containsKey(t.name())) {
                unusable.put(t.name(), before.unusable().get(t.name()));
            } else if (t.jsonSchema() != null) {
                try {
                    schemas.put(t.name(), compile(JSON.readTree(t.jsonSchema())));
                } catch (Exception e) {
                    // only this type's events are refused, until its schema is declared again; the others go on
                    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                    LOG.error("The stored schema of event type {} cannot be used; its events are refused until it is "
                            + "changed: {}", t.name(), why);
                    unusable.put(t.name(), why);
                }
            }
        }
        snapshot = new Snapshot(types, schemas, unusable, clock.millis());
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        long now = clock.millis();
        if (s == null || now - s.readAt() >= REFRESH_MS || now < s.readAt()) {
            try {
                refresh();
            } catch (RuntimeException e) {
                if (s == null) {
                    throw e; // nothing known yet: the caller's request fails, as it would without the database
                }
                LOG.warn("The event type catalogue could not be read again; the last one read is used: {}", e.toString());
                snapshot = new Snapshot(s.types(), s.schemas(), s.unusable(), now);
            }
            s = snapshot;
        }
        return s;
    }
}
