package dev.hookline.routes.management;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.StandardWebhookKeyPair;
import dev.hookline.routes.api.JsonRequest;
import dev.hookline.routes.api.ApiException;
import dev.hookline.routes.api.ApiResponses;
import dev.hookline.routes.api.Caller;
import dev.hookline.routes.delivery.http.TargetAnswer;
import dev.hookline.store.SubscriptionIndex;
import dev.hookline.store.AttemptRecord;
import dev.hookline.store.BatchRecord;
import dev.hookline.store.BatchStatus;
import dev.hookline.store.BatchStore;
import dev.hookline.routes.delivery.PayloadTransform;
import dev.hookline.routes.delivery.RetrySchedule;
import dev.hookline.routes.delivery.TargetAuth;
import dev.hookline.routes.delivery.tls.TargetTls;
import dev.hookline.store.Subscription;
import dev.hookline.store.SubscriptionRepository;

import org.apache.camel.Exchange;

/**
 * The Momentum-style webhook resources, {@code /api/v1/webhooks}: create (after a test POST the target must answer
 * with 200), list, show, change, delete, and the batches and dead letters of one webhook. Secrets are never returned
 * in full. Every resource is the caller's own: an account sees and changes only its webhooks, the admin only those
 * made with the admin key; another's id answers 404.
 */
public class WebhookApi {

    static final String API = "v1";
    private static final Set<String> FIELDS = Set.of("name", "target", "events", "auth_token", "batch", "filters", "format",
            "signing_secret", "signing_key", "target_auth", "target_tls", "transform", "retry", "auto_disable_after",
            DeliveryLimitRules.RATE_LIMIT, DeliveryLimitRules.MAX_IN_FLIGHT);
    private static final Set<String> UPDATE_FIELDS = Set.of("name", "target", "events", "auth_token", "batch", "filters",
            "format", "retry", "auto_disable_after", "active", "signing_key", "target_auth", "target_tls", "transform",
            DeliveryLimitRules.RATE_LIMIT, DeliveryLimitRules.MAX_IN_FLIGHT);
    private static final Set<String> ROTATE_FIELDS = Set.of("grace_period");
    private static final long DEFAULT_GRACE_SECONDS = 24 * 3600;
    private static final int MAX_LISTED_BATCHES = 1000;

    private final SubscriptionRepository subscriptions;
    private final SubscriptionIndex index;
    private final BatchStore store;
    private final SubscriptionRules rules;
    private final TargetProbe probe;
    private final Clock clock;
    private final SubscriptionQuota quota;

    public WebhookApi(SubscriptionRepository subscriptions, SubscriptionIndex index, BatchStore store,
            SubscriptionRules rules, TargetProbe probe, Clock clock) {
        this(subscriptions, index, store, rules, probe, clock, SubscriptionQuota.NONE);
    }

    public WebhookApi(SubscriptionRepository subscriptions, SubscriptionIndex index, BatchStore store,
            SubscriptionRules rules, TargetProbe probe, Clock clock, SubscriptionQuota quota) {
        this.quota = quota;
        this.subscriptions = subscriptions;
        this.index = index;
        this.store = store;
        this.rules = rules;
        this.probe = probe;
        this.clock = clock;
    }

    public void create(Exchange exchange) {
        Caller caller = Caller.of(exchange);
        JsonRequest request = JsonRequest.read(exchange, FIELDS);
        Subscription s = new Subscription();
        s.setId(UUID.randomUUID().toString());
        s.setAccountId(caller.accountId());
        s.setApi(API);
        s.setName(request.requiredText("name", 200));
        s.setTarget(rules.target(request.requiredText("target", 2048), "target"));
        s.setEventTypes(rules.eventTypes(request.get("events"), "events"));
        s.setAuthToken(request.optionalText("auth_token", 512));
        applyBatch(request, s, rules);
        s.setFilters(rules.filters(request.get("filters"), "filters"));
        s.setFormat(rules.format(request.optionalText("format", 32), "format"));
        applyRetry(request, s);
        DeliveryLimitRules.apply(request, s);
        String secret = rules.signingSecret(request.optionalText("signing_secret", 200), "signing_secret");
        s.setSigningSecret(secret);
        applySigningKey(request, s);
        TargetAuth auth = TargetAuthRules.of(request.get(TargetAuthRules.FIELD), rules);
        s.setTargetAuth(auth == null ? null : auth.toJson());
        TargetTls tls = TargetTlsRules.of(request.get(TargetTlsRules.FIELD), clock.instant());
        s.setTargetTls(tls == null ? null : tls.toJson());
        applyTransform(request, s);
        quota.check(caller.accountId()); // before the test POST: a caller over its quota makes no request
        probe.verify(s.getTarget(), s.getAuthToken(), auth, tls);
        rules.activate(s, clock.millis());
        quota.save(s, subscriptions);
        index.refresh();
        String href = "/api/v1/webhooks/" + s.getId();
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("id", s.getId());
        results.put("links", List.of(Map.of("href", href, "rel", "urn.msys.webhooks.webhook", "method", List.of("GET", "PUT"))));
        if (secret != null) {
            results.put("signing_secret", secret); // shown in full this once, so the subscriber can verify
        }
        if (s.getSigningPublicKey() != null) {
            results.put("signing_public_key", s.getSigningPublicKey()); // the whsk_ secret key is never shown
        }
        ApiResponses.json(exchange, 200, Map.of("results", results));
    }

    /**
     * Replaces the signing secret with a new one; the old one keeps signing too (a second signature) for the grace
     * period, so that subscribers can switch without losing a delivery. The new secret is shown in full this once.
     */
    public void rotateSigningSecret(Exchange exchange) {
        Subscription s = find(exchange);
        byte[] body = exchange.getMessage().getBody(byte[].class);
        exchange.getMessage().setBody(body); // read once: the request stream cannot be read again
        long graceSeconds = DEFAULT_GRACE_SECONDS;
        if (body != null && body.length > 0) {
            JsonRequest request = JsonRequest.read(exchange, ROTATE_FIELDS);
            Integer grace = positiveInt(request.get("grace_period"), "grace_period", 30 * 24 * 3600);
            graceSeconds = grace == null ? DEFAULT_GRACE_SECONDS : grace;
        }
        String secret = rules.signingSecret("generate", "signing_secret");
        if (s.getSigningSecret() != null) {
            s.setPreviousSigningSecret(s.getSigningSecret());
            s.setPreviousSecretUntil(clock.millis() + graceSeconds * 1000);
        }
        s.setSigningSecret(secret);
        subscriptions.save(s);
        ApiResponses.json(exchange, 200, Map.of("results", Map.of("signing_secret", secret,
                "previous_secret_valid_until", s.getPreviousSecretUntil() == null ? 0 : s.getPreviousSecretUntil())));
    }

    /** Changes the fields given, validated as at creation; a new target must pass the test POST again. */
    public void update(Exchange exchange) {
        Subscription s = find(exchange);
        JsonRequest request = JsonRequest.read(exchange, UPDATE_FIELDS);
        if (request.get("format") != null) {
            s.setFormat(rules.format(request.optionalText("format", 32), "format"));
        }
        if (request.get("retry") != null || request.get("auto_disable_after") != null) {
            applyRetry(request, s);
        }
        DeliveryLimitRules.apply(request, s); // null too: it removes the limit
        if (request.get("signing_key") != null) { // null too: it removes the key
            applySigningKey(request, s);
        }
        if (request.get("active") != null) {
            if (!request.get("active").isBoolean()) {
                throw new ApiException(400, "Field 'active' must be true or false", "active");
            }
            boolean active = request.get("active").booleanValue();
            if (active && !s.isActive()) {
                s.setDeactivatedReason(null);
                s.setFailingSince(null);
            } else if (!active && s.isActive()) {
                s.setDeactivatedReason("Deactivated through the API");
            }
            s.setActive(active);
        }
        if (request.has("name")) {
            s.setName(request.requiredText("name", 200));
        }
        if (request.get("events") != null) {
            s.setEventTypes(new java.util.LinkedHashSet<>(rules.eventTypes(request.get("events"), "events")));
        }
        if (request.get("auth_token") != null) {
            s.setAuthToken(request.optionalText("auth_token", 512));
        }
        if (request.get("transform") != null) { // null too: it removes the transformation
            applyTransform(request, s);
        }
        if (request.get(TargetAuthRules.FIELD) != null) { // null too: it removes the authentication
            TargetAuth auth = TargetAuthRules.of(request.get(TargetAuthRules.FIELD), rules);
            s.setTargetAuth(auth == null ? null : auth.toJson());
        }
        if (request.get(TargetTlsRules.FIELD) != null) { // null too: it removes the TLS settings
            TargetTls tls = TargetTlsRules.of(request.get(TargetTlsRules.FIELD), clock.instant());
            s.setTargetTls(tls == null ? null : tls.toJson());
        }
        if (request.get("batch") != null) {
            applyBatch(request, s, rules);
        }
        if (request.get("filters") != null) {
            s.setFilters(rules.filters(request.get("filters"), "filters"));
        }
        if (request.has("target")) {
            String target = rules.target(request.requiredText("target", 2048), "target");
            if (!target.equals(s.getTarget())) {
                probe.verify(target, s.getAuthToken(), TargetAuth.fromJson(s.getTargetAuth()),
                        TargetTls.fromJson(s.getTargetTls()));
                s.setTarget(target);
            }
        }
        subscriptions.save(s);
        index.refresh();
        ApiResponses.json(exchange, 200, Map.of("results", describe(s)));
    }

    /** Deletes the webhook, then its batches (whatever their state), attempts and the events only they list. */
    public void delete(Exchange exchange) {
        Subscription s = find(exchange);
        subscriptions.delete(s);
        index.refresh();
        store.deleteSubscriptionData(s.getId());
        ApiResponses.json(exchange, 200, Map.of("results", Map.of()));
    }

    public void list(Exchange exchange) {
        List<Map<String, Object>> results = new ArrayList<>();
        for (Subscription s : subscriptions.findOwnedBy(Caller.of(exchange).accountId())) {
            results.add(describe(s));
        }
        ApiResponses.json(exchange, 200, Map.of("results", results));
    }

    public void get(Exchange exchange) {
        ApiResponses.json(exchange, 200, Map.of("results", describe(find(exchange))));
    }

    public void batches(Exchange exchange) {
        Subscription s = find(exchange);
        String status = exchange.getMessage().getHeader("status", "DEAD", String.class).toUpperCase();
        BatchStatus wanted;
        try {
            wanted = BatchStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "Query parameter 'status' must be one of OPEN, READY, DELIVERED, DEAD", "status");
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (BatchRecord b : store.batchesOf(s.getId(), wanted, MAX_LISTED_BATCHES)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", b.id());
            m.put("status", b.status().name());
            m.put("event_count", b.eventCount());
            m.put("attempts", b.attempts());
            m.put("first_attempt_at", b.firstAttemptAt());
            m.put("next_attempt_at", b.nextAttemptAt());
            m.put("last_status", b.lastStatus());
            m.put("last_error", b.lastError());
            results.add(m);
        }
        ApiResponses.json(exchange, 200, Map.of("results", results));
    }

    public void replayDeadLetters(Exchange exchange) {
        Subscription s = find(exchange);
        int n = store.replayDead(s.getId(), clock.millis());
        ApiResponses.json(exchange, 200, Map.of("results", Map.of("replayed", n)));
    }

    /** Puts one dead letter of the webhook back in line for delivery; 404 when the webhook has no such dead letter. */
    public void replayDeadLetter(Exchange exchange) {
        Subscription s = find(exchange);
        String batchId = exchange.getMessage().getHeader("batchId", String.class);
        if (batchId == null || !store.replayDeadBatch(s.getId(), batchId, clock.millis())) {
            throw new ApiException(404, "Webhook " + s.getId() + " has no dead letter with id "
                    + JsonRequest.abbreviate(batchId));
        }
        ApiResponses.json(exchange, 200, Map.of("results", Map.of("replayed", 1, "batch_id", batchId)));
    }

    /**
     * Sends the webhook's target the test POST (as at creation) and tells what it answered: its status (0 when none
     * came), whether that was 200, the start of its answer or why it failed (secrets masked), and how long it took.
     * Nothing is recorded and the webhook is not changed, whatever the answer.
     */
    public void sendTest(Exchange exchange) {
        Subscription s = find(exchange);
        TargetAnswer answer = probe.send(s.getTarget(), s.getAuthToken(), TargetAuth.fromJson(s.getTargetAuth()),
                TargetTls.fromJson(s.getTargetTls()));
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("status", answer.status());
        results.put("ok", answer.status() == 200);
        results.put("response", answer.describe());
        results.put("latency_ms", answer.tookMs());
        ApiResponses.json(exchange, 200, Map.of("results", results));
    }

    /** A webhook's most recent delivery attempts, newest first ({@code ?limit=}, at most 500, default 50). */
    public void attempts(Exchange exchange) {
        Subscription s = find(exchange);
        int limit;
        try {
            limit = Integer.parseInt(exchange.getMessage().getHeader("limit", "50", String.class));
        } catch (NumberFormatException e) {
            throw new ApiException(400, "Query parameter 'limit' must be a number from 1 to 500", "limit");
        }
        if (limit < 1 || limit > 500) {
            throw new ApiException(400, "Query parameter 'limit' must be a number from 1 to 500", "limit");
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (AttemptRecord a : store.attemptsOf(s.getId(), limit)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("batch_id", a.batchId());
            m.put("message_id", a.messageId());
            m.put("attempted_at", a.attemptedAt());
            m.put("outcome", a.outcome());
            m.put("status", a.status());
            m.put("latency_ms", a.latencyMs());
            m.put("response", a.response());
            results.add(m);
        }
        ApiResponses.json(exchange, 200, Map.of("results", results));
    }

    /** Pauses delivery (batches keep filling) or resumes it; the first batch in line goes first. */
    public void pause(Exchange exchange) {
        setPaused(exchange, true);
    }

    public void resume(Exchange exchange) {
        setPaused(exchange, false);
    }

    private void setPaused(Exchange exchange, boolean paused) {
        Subscription s = find(exchange);
        s.setPaused(paused);
        subscriptions.save(s);
        ApiResponses.json(exchange, 200, Map.of("results", Map.of("id", s.getId(), "paused", paused)));
    }

    /** The webhook the path names, if it is the caller's: another account's answers 404, as one that does not exist. */
    private Subscription find(Exchange exchange) {
        Caller caller = Caller.of(exchange);
        String id = exchange.getMessage().getHeader("id", String.class);
        return subscriptions.findOwned(id == null ? "" : id, caller.accountId())
                .orElseThrow(() -> new ApiException(404, "No webhook with id " + JsonRequest.abbreviate(id)));
    }

    private static void applyRetry(JsonRequest request, Subscription s) {
        JsonNode retry = request.get("retry");
        if (retry != null && !retry.isNull()) {
            if (!retry.isObject()) {
                throw new ApiException(400, "Field 'retry' must be an object {initial_delay, max_delay, multiplier} "
                        + "or {schedule}", "retry");
            }
            for (java.util.Iterator<String> it = retry.fieldNames(); it.hasNext();) {
                String f = it.next();
                if (!Set.of("initial_delay", "max_delay", "multiplier", "schedule").contains(f)) {
                    throw new ApiException(400, "Unknown field 'retry." + JsonRequest.abbreviate(f)
                            + "'; the fields are initial_delay, max_delay, multiplier, schedule", "retry." + JsonRequest.abbreviate(f));
                }
            }
            JsonNode schedule = retry.get("schedule");
            if (schedule != null && !schedule.isNull()) {
                if (retry.size() > 1) {
                    throw new ApiException(400, "Field 'retry.schedule' replaces initial_delay, max_delay and multiplier; "
                            + "give one or the other", "retry.schedule");
                }
                s.setRetrySchedule(RetrySchedule.format(scheduleOf(schedule)));
                s.setRetryInitialDelayMs(null);
                s.setRetryMaxDelayMs(null);
                s.setRetryMultiplier(null);
            } else {
                Integer initial = positiveInt(retry.get("initial_delay"), "retry.initial_delay", 24 * 3600);
                Integer max = positiveInt(retry.get("max_delay"), "retry.max_delay", 24 * 3600);
                JsonNode m = retry.get("multiplier");
                if (m != null && !m.isNull() && (!m.isNumber() || m.doubleValue() < 1 || m.doubleValue() > 10)) {
                    throw new ApiException(400, "Field 'retry.multiplier' must be a number from 1 to 10", "retry.multiplier");
                }
                s.setRetrySchedule(null);
                s.setRetryInitialDelayMs(initial == null ? null : initial * 1000L);
                s.setRetryMaxDelayMs(max == null ? null : max * 1000L);
                s.setRetryMultiplier(m == null || m.isNull() ? null : m.doubleValue());
            }
        }
        JsonNode disable = request.get("auto_disable_after");
        if (disable != null) {
            Integer seconds = positiveInt(disable, "auto_disable_after", 365 * 24 * 3600);
            s.setAutoDisableAfterMs(seconds == null ? null : seconds * 1000L);
        }
    }

    /**
     * {@code "signing_key": "generate"}: a new ed25519 key pair for {@code v1a} signatures (replacing the one before);
     * {@code null}: no more {@code v1a} signatures. The secret key is generated here and never leaves.
     */
    private static void applySigningKey(JsonRequest request, Subscription s) {
        JsonNode key = request.get("signing_key");
        if (key == null || key.isNull()) {
            s.setSigningKey(null);
            s.setSigningPublicKey(null);
            return;
        }
        if (!key.isTextual() || !key.asText().equals("generate")) {
            throw new ApiException(400, "Field 'signing_key' must be \"generate\" (a new ed25519 key pair, whose public "
                    + "whpk_ key is shown) or null (none); secret keys are never taken or shown", "signing_key");
        }
        StandardWebhookKeyPair pair = StandardWebhookKeyPair.generate();
        s.setSigningKey(pair.secretKey());
        s.setSigningPublicKey(pair.publicKey());
    }

    /**
     * {@code "transform": {"jsonata": "..."}}: a JSONata expression applied to each event's data at delivery, checked
     * here by compiling it (400 with the parser's message); {@code null}: none.
     */
    private static void applyTransform(JsonRequest request, Subscription s) {
        JsonNode transform = request.get("transform");
        if (transform == null || transform.isNull()) {
            s.setTransformJsonata(null);
            return;
        }
        if (!transform.isObject() || transform.size() != 1 || !transform.path("jsonata").isTextual()) {
            throw new ApiException(400, "Field 'transform' must be {\"jsonata\": \"<expression>\"} or null", "transform");
        }
        String expression = transform.get("jsonata").asText();
        try {
            PayloadTransform.compile(expression);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "Field 'transform.jsonata' is not a valid JSONata expression: "
                    + JsonRequest.reason(e.getMessage()), "transform.jsonata");
        }
        s.setTransformJsonata(expression);
    }

    /** A retry schedule: 1 to 50 whole seconds, each from 1 to 86,400. */
    private static List<Long> scheduleOf(JsonNode schedule) {
        String rule = "Field 'retry.schedule' must be a list of 1 to " + RetrySchedule.MAX_DELAYS
                + " delays in whole seconds, each from 1 to " + RetrySchedule.MAX_DELAY_SECONDS;
        if (!schedule.isArray() || schedule.isEmpty() || schedule.size() > RetrySchedule.MAX_DELAYS) {
            throw new ApiException(400, rule, "retry.schedule");
        }
        List<Long> seconds = new ArrayList<>();
        for (JsonNode d : schedule) {
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 1
                    || d.longValue() > RetrySchedule.MAX_DELAY_SECONDS) {
                String given = d.isNumber() ? JsonRequest.abbreviate(d.asText()) : d.isTextual() ? "a string"
                        : d.isNull() ? "null" : d.isBoolean() ? "a boolean" : d.isArray() ? "a list" : "an object";
                throw new ApiException(400, rule + "; " + given + " is not", "retry.schedule");
            }
            seconds.add(d.longValue());
        }
        return seconds;
    }

    private static void applyBatch(JsonRequest request, Subscription s, SubscriptionRules rules) {
        JsonNode batch = request.get("batch");
        if (batch == null || batch.isNull()) {
            return;
        }
        if (!batch.isObject()) {
            throw new ApiException(400, "Field 'batch' must be an object {max_events, max_wait, max_bytes}", "batch");
        }
        for (java.util.Iterator<String> it = batch.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!f.equals("max_events") && !f.equals("max_wait") && !f.equals("max_bytes")) {
                throw new ApiException(400, "Unknown field 'batch." + JsonRequest.abbreviate(f)
                        + "'; the fields are max_events, max_wait, max_bytes",
                        "batch." + JsonRequest.abbreviate(f));
            }
        }
        s.setBatchMaxEvents(positiveInt(batch.get("max_events"), "batch.max_events", 10_000));
        Integer maxWait = positiveInt(batch.get("max_wait"), "batch.max_wait", 3600);
        s.setBatchMaxWaitMs(maxWait == null ? null : maxWait * 1000L);
        s.setBatchMaxBytes(rules.batchMaxBytes(batch.get("max_bytes"), "batch.max_bytes"));
    }

    private static Integer positiveInt(JsonNode v, String field, int max) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1 || v.intValue() > max) {
            throw new ApiException(400, "Field '" + field + "' must be a whole number from 1 to " + max, field);
        }
        return v.intValue();
    }

    static Map<String, Object> describe(Subscription s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.getId());
        m.put("name", s.getName());
        m.put("target", s.getTarget());
        m.put("events", new java.util.TreeSet<>(s.getEventTypes()));
        m.put("active", s.isActive());
        m.put("paused", s.isPaused());
        m.put("active_from", s.getActiveFrom());
        m.put("format", dev.hookline.routes.delivery.DeliveryPreparation.formatOf(s));
        if (s.getAuthToken() != null) {
            m.put("auth_token", mask(s.getAuthToken()));
        }
        if (s.getSigningSecret() != null) {
            m.put("signing_secret", mask(s.getSigningSecret()));
        }
        if (s.getSigningPublicKey() != null) {
            m.put("signing_public_key", s.getSigningPublicKey());
        }
        if (s.getTransformJsonata() != null) {
            m.put("transform", Map.of("jsonata", s.getTransformJsonata()));
        }
        if (s.getTargetAuth() != null) {
            m.put(TargetAuthRules.FIELD, TargetAuthRules.describe(TargetAuth.fromJson(s.getTargetAuth())));
        }
        if (s.getTargetTls() != null) {
            m.put(TargetTlsRules.FIELD, TargetTlsRules.describe(TargetTls.fromJson(s.getTargetTls())));
        }
        if (s.getRetrySchedule() != null) {
            m.put("retry", Map.of("schedule", RetrySchedule.seconds(s.getRetrySchedule())));
        } else if (s.getRetryInitialDelayMs() != null || s.getRetryMaxDelayMs() != null || s.getRetryMultiplier() != null) {
            Map<String, Object> retry = new LinkedHashMap<>();
            retry.put("initial_delay", s.getRetryInitialDelayMs() == null ? null : s.getRetryInitialDelayMs() / 1000);
            retry.put("max_delay", s.getRetryMaxDelayMs() == null ? null : s.getRetryMaxDelayMs() / 1000);
            retry.put("multiplier", s.getRetryMultiplier());
            m.put("retry", retry);
        }
        DeliveryLimitRules.describe(s, m);
        if (s.getAutoDisableAfterMs() != null) {
            m.put("auto_disable_after", s.getAutoDisableAfterMs() / 1000);
        }
        if (s.getFailingSince() != null) {
            m.put("failing_since", s.getFailingSince());
        }
        if (s.getBatchMaxEvents() != null || s.getBatchMaxWaitMs() != null || s.getBatchMaxBytes() != null) {
            Map<String, Object> batch = new LinkedHashMap<>();
            batch.put("max_events", s.getBatchMaxEvents());
            batch.put("max_wait", s.getBatchMaxWaitMs() == null ? null : s.getBatchMaxWaitMs() / 1000);
            batch.put("max_bytes", s.getBatchMaxBytes());
            m.put("batch", batch);
        }
        Map<String, String> filters = SubscriptionIndex.parseFilters(s.getFilters());
        if (!filters.isEmpty()) {
            m.put("filters", filters);
        }
        if (s.getDeactivatedReason() != null) {
            m.put("deactivated_reason", s.getDeactivatedReason());
        }
        return m;
    }

    /** Shows that a secret is set without showing it: four characters at most, never a short secret's. */
    static String mask(String secret) {
        return secret.length() < 12 ? "****" : "****" + secret.substring(secret.length() - 4);
    }
}
