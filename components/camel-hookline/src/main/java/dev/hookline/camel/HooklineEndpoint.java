package dev.hookline.camel;

import jakarta.jms.ConnectionFactory;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Publish webhook events into Hookline's durable pipeline, consume them from it, or receive a provider's webhook
 * callbacks as normalized events.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "hookline", title = "Hookline", syntax = "hookline:operation:name",
             category = { Category.MESSAGING, Category.HTTP }, headersClass = HooklineConstants.class)
public class HooklineEndpoint extends DefaultEndpoint {

    @UriPath(description = "What the endpoint does: publish (producer), events (consumer of the events queue), "
                           + "quarantine (producer that keeps refused input for an operator) or receive (consumer of "
                           + "a provider's webhook callbacks).")
    @Metadata(required = true, enums = "publish,events,quarantine,receive")
    private HooklineOperation operation;

    @UriPath(description = "The endpoint's name: required for receive, where it names the inbound queue "
                           + "(hookline.inbound.{name}) and the default path (/hooks/{name}).")
    private String name;

    @UriParam(label = "consumer,receive", defaultValue = "auto",
              enums = "auto,mozes,emma,fluidsurveys,momentum,standard,stripe,github,shopify,slack,twilio,svix,json",
              description = "The provider dialect of the callbacks; auto recognises it from each request's signature "
                            + "headers, else from its payload's shape. Each dialect comes from its connector module on "
                            + "the classpath and verifies its provider's signatures with the endpoint's secret.")
    private String dialect = "auto";

    @UriParam(label = "consumer,receive", description = "The HTTP path callbacks are POSTed to; default /hooks/{name}.")
    private String path;

    @UriParam(label = "consumer,receive", defaultValue = "async", enums = "async,sync",
              description = "When the provider gets its answer. async: 200 once the callback's events are on the "
                            + "durable inbound queue (hookline.inbound.{name}), written in one broker transaction; the "
                            + "route then runs from that queue, and a failed run is rolled back and redelivered. sync: "
                            + "the route runs before the answer; a failure answers 500 so that the provider retries.")
    private ReceiveMode mode = ReceiveMode.ASYNC;

    @UriParam(label = "consumer,receive,security", secret = true,
              description = "A shared token the provider sends as X-MessageSystems-Webhook-Token; other requests get 401.")
    private String token;

    @UriParam(label = "consumer,receive,security", secret = true,
              description = "The provider's signing secret, checked as the dialect's signature scheme says: a Standard "
                            + "Webhooks or Svix whsec_ secret (webhook-signature, svix-signature), a Stripe endpoint "
                            + "secret (Stripe-Signature), a GitHub webhook secret (X-Hub-Signature-256), a Shopify app "
                            + "secret (X-Shopify-Hmac-Sha256), a Slack signing secret (X-Slack-Signature), a Twilio auth "
                            + "token (X-Twilio-Signature), or the key of the generic HMAC (hmacHeader). Requests "
                            + "without a valid signature get 401.")
    private String secret;

    @UriParam(label = "consumer,receive,security",
              description = "A Standard Webhooks whpk_ ed25519 public key: requests must carry a valid v1a signature in "
                            + "webhook-signature. The key is only ever taken from here, never from a request.")
    private String publicKey;

    @UriParam(label = "consumer,receive,security", defaultValue = "300",
              description = "Seconds a signed request's timestamp (webhook-timestamp, the t= of Stripe-Signature, "
                            + "X-Slack-Request-Timestamp, svix-timestamp, hmacTimestampHeader) may be away from now.")
    private long signatureTolerance = 300;

    @UriParam(label = "consumer,receive,security", defaultValue = "false",
              description = "Accept callbacks that nothing authenticates. An endpoint without a token, secret or "
                            + "publicKey refuses to start unless this is true.")
    private boolean allowUnauthenticated;

    @UriParam(label = "consumer,receive,security",
              description = "The URL the provider calls, as it knows it (such as https://hooks.example.com/hooks/sms), "
                            + "for schemes that sign the URL (Twilio); the callback's query string is appended when "
                            + "this has none. Without it the URL is taken from the request (see trustForwardedHeaders).")
    private String publicUrl;

    @UriParam(label = "consumer,receive,security", defaultValue = "false",
              description = "Whether X-Forwarded-Proto, X-Forwarded-Host, X-Forwarded-Port and X-Forwarded-Prefix, set "
                            + "by a proxy in front, describe the URL the provider called (when publicUrl is not set). "
                            + "Only enable it behind a proxy that sets them.")
    private boolean trustForwardedHeaders;

    @UriParam(label = "consumer,receive,security",
              description = "Generic HMAC for providers without a dialect: the header carrying the signature (such as "
                            + "X-Signature). With it set, the secret is the HMAC key and the dialect's own scheme is "
                            + "not used.")
    private String hmacHeader;

    @UriParam(label = "consumer,receive,security", defaultValue = "sha256", enums = "sha1,sha256,sha512",
              description = "Generic HMAC: the hash of the HMAC.")
    private String hmacAlgorithm = "sha256";

    @UriParam(label = "consumer,receive,security", defaultValue = "hex", enums = "hex,base64",
              description = "Generic HMAC: how the digest is written in the header.")
    private String hmacEncoding = "hex";

    @UriParam(label = "consumer,receive,security",
              description = "Generic HMAC: text before the digest in the header, such as sha256= or v0=.")
    private String hmacPrefix;

    @UriParam(label = "consumer,receive,security", defaultValue = "{body}",
              description = "Generic HMAC: what is signed, a template of {body} (the raw body) and {header:NAME} (a "
                            + "request header), such as v0:{header:X-Zm-Request-Timestamp}:{body}.")
    private String hmacSigned;

    @UriParam(label = "consumer,receive,security",
              description = "Generic HMAC: a header with the signed timestamp (epoch seconds or milliseconds) that must "
                            + "be within signatureTolerance of now.")
    private String hmacTimestampHeader;

    @UriParam(label = "consumer,receive",
              description = "Where the ids of received events are remembered, so that a callback received again is "
                            + "acknowledged but not emitted twice: a Camel IdempotentRepository bean, shared by the "
                            + "nodes and kept over restarts (the Spring Boot starter provides one on the application's "
                            + "DataSource). Defaults to the component's; without one, ids are kept in this node's "
                            + "memory for duplicateWindow, with a warning at start.")
    private org.apache.camel.spi.IdempotentRepository idempotentRepository;

    @UriParam(label = "consumer,receive",
              description = "The event name for dialects whose callbacks do not carry it (FluidSurveys: "
                            + "survey_create, response_complete, report_create, contact_create); an event parameter "
                            + "in the callback URL's query overrides it.")
    private String eventName;

    @UriParam(label = "consumer,receive", defaultValue = "600000", javaType = "java.time.Duration",
              description = "Milliseconds during which an event id already received is acknowledged but not emitted "
                            + "again, by the in-memory repository used when no idempotentRepository is configured; at "
                            + "least twice signatureTolerance, so that a signed request replayed within its tolerance "
                            + "is still recognised.")
    private long duplicateWindow = 600_000;

    @UriParam(label = "consumer,receive", defaultValue = "true",
              description = "One exchange per event (true), or one exchange per callback with the list of its events.")
    private boolean split = true;

    @UriParam(label = "common", defaultValue = "1048576",
              description = "receive: the largest callback body accepted, in bytes; larger ones get 413 (it bounds the "
                            + "request body alone: the durable hand-off carries the raw body besides the data read from "
                            + "it). events: the largest message taken, in bytes of UTF-8; larger ones are moved to the "
                            + "quarantine queue. publish: the largest message written, in bytes of UTF-8 (keep it at most "
                            + "the fan-out's); events that would make a larger one are sent as several, in order, in the "
                            + "same transaction, and a single event larger than it is refused.")
    private long maxBodySize = 1024 * 1024;

    @UriParam(label = "consumer", defaultValue = "5",
              description = "events: how many times a message that fails on its own (for a reason other than its "
                            + "content, and other than a store that is away) is tried before it is moved to the "
                            + "dead-letter queue.")
    private int maxAttempts = 5;

    @UriParam(defaultValue = "true",
              description = "events and publish: ask for an exclusive queue (Artemis' exclusive=true address "
                            + "parameter, applied when the queue is created), so that one reader at a time receives it. "
                            + "Takes a JMS producer for the destination itself: with pooled-jms, turn its anonymous "
                            + "producers off (Hookline's starter does).")
    private boolean exclusive = true;

    @UriParam(description = "The queue this endpoint reads or writes; defaults to the component's events queue "
                            + "(publish, events) or quarantine queue (quarantine).")
    private String queue;

    @UriParam(label = "consumer", defaultValue = "500",
              description = "The most messages the events consumer takes into one chunk (one exchange, one broker "
                            + "transaction).")
    private int maxMessages = 500;

    @UriParam(label = "consumer", defaultValue = "4194304",
              description = "events: a chunk ends once its messages' bodies hold this many characters (a chunk always "
                            + "holds at least one message). A chunk's messages are all in memory until it commits, each "
                            + "about three times its text, so this bounds the fan-out's memory where maxMessages does "
                            + "not: 500 messages of 1 MiB would be gigabytes.")
    private long maxChunkSize = 4L * 1024 * 1024;

    @UriParam(label = "consumer", defaultValue = "20", javaType = "java.time.Duration",
              description = "How long, in milliseconds, the events consumer waits for more messages after the first "
                            + "of a chunk before it hands the chunk on.")
    private long maxWait = 20;

    @UriParam(label = "consumer", defaultValue = "1000", javaType = "java.time.Duration",
              description = "How long, in milliseconds, the events consumer waits after a broker failure or a failed "
                            + "chunk before it tries again.")
    private long retryDelay = 1000;

    @UriParam(label = "advanced",
              description = "The JMS connection factory of the broker this endpoint talks to, instead of the "
                            + "component's: for runtimes where a route brings its own broker connection (the Hookline "
                            + "Kamelets build one from their brokerUrl).")
    private ConnectionFactory connectionFactory;

    public HooklineEndpoint(String uri, HooklineComponent component) {
        super(uri, component);
    }

    @Override
    public HooklineComponent getComponent() {
        return (HooklineComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() throws Exception {
        return switch (operation) {
            case publish -> new HooklinePublishProducer(this);
            case quarantine -> new HooklineQuarantineProducer(this);
            case events -> throw new IllegalArgumentException("hookline:events only consumes (it reads the events queue "
                    + "in chunks) and cannot be sent to; to send events use hookline:publish");
            case receive -> throw new IllegalArgumentException("hookline:receive only consumes (it receives a provider's "
                    + "callbacks over HTTP) and cannot be sent to; to send events use hookline:publish");
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        org.apache.camel.support.DefaultConsumer consumer = switch (operation) {
            case events -> new HooklineEventsConsumer(this, processor);
            case receive -> {
                if (name == null || name.isBlank()) {
                    throw new IllegalArgumentException("hookline:receive needs a name: hookline:receive:<name>");
                }
                if (mode == null) {
                    throw new IllegalArgumentException("hookline:receive needs a mode: async or sync");
                }
                yield new HooklineReceiveConsumer(this, processor);
            }
            case publish, quarantine -> throw new IllegalArgumentException("hookline:" + operation + " only produces (it "
                    + "puts messages on the " + (operation == HooklineOperation.publish ? "events" : "quarantine")
                    + " queue) and cannot be consumed from; consume with hookline:events (the events queue) or "
                    + "hookline:receive (a provider's webhook callbacks)");
        };
        configureConsumer(consumer);
        return consumer;
    }

    String resolvedPath() {
        return path != null ? path : "/hooks/" + name;
    }

    ConnectionFactory connectionFactory() {
        ConnectionFactory cf = connectionFactory != null ? connectionFactory : getComponent().getConnectionFactory();
        if (cf == null) {
            throw new IllegalStateException(
                    "The hookline component has no JMS ConnectionFactory: configure one or bind one in the registry");
        }
        return cf;
    }

    String resolvedQuarantineQueue() {
        return getComponent().getQuarantineQueue();
    }

    String resolvedDeadLetterQueue() {
        return getComponent().getDeadLetterQueue();
    }

    String resolvedQueue() {
        if (queue != null) {
            return queue;
        }
        if (operation == HooklineOperation.receive) {
            return "hookline.inbound." + name;
        }
        return operation == HooklineOperation.quarantine
                ? getComponent().getQuarantineQueue() : getComponent().getEventsQueue();
    }

    public ConnectionFactory getConnectionFactory() {
        return connectionFactory;
    }

    public void setConnectionFactory(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    public HooklineOperation getOperation() {
        return operation;
    }

    public void setOperation(HooklineOperation operation) {
        this.operation = operation;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getQueue() {
        return queue;
    }

    public void setQueue(String queue) {
        this.queue = queue;
    }

    public long getMaxChunkSize() {
        return maxChunkSize;
    }

    public void setMaxChunkSize(long maxChunkSize) {
        this.maxChunkSize = maxChunkSize;
    }

    public int getMaxMessages() {
        return maxMessages;
    }

    public void setMaxMessages(int maxMessages) {
        this.maxMessages = maxMessages;
    }

    public long getMaxWait() {
        return maxWait;
    }

    public void setMaxWait(long maxWait) {
        this.maxWait = maxWait;
    }

    public String getDialect() {
        return dialect;
    }

    public void setDialect(String dialect) {
        this.dialect = dialect;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public ReceiveMode getMode() {
        return mode;
    }

    public void setMode(ReceiveMode mode) {
        this.mode = mode;
    }

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }

    public String getSecret() {
        return secret;
    }

    public void setSecret(String secret) {
        this.secret = secret;
    }

    public long getSignatureTolerance() {
        return signatureTolerance;
    }

    public void setSignatureTolerance(long signatureTolerance) {
        this.signatureTolerance = signatureTolerance;
    }

    public String getEventName() {
        return eventName;
    }

    public void setEventName(String eventName) {
        this.eventName = eventName;
    }

    public long getDuplicateWindow() {
        return duplicateWindow;
    }

    public void setDuplicateWindow(long duplicateWindow) {
        this.duplicateWindow = duplicateWindow;
    }

    public boolean isSplit() {
        return split;
    }

    public void setSplit(boolean split) {
        this.split = split;
    }

    public long getMaxBodySize() {
        return maxBodySize;
    }

    public void setMaxBodySize(long maxBodySize) {
        this.maxBodySize = maxBodySize;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public boolean isExclusive() {
        return exclusive;
    }

    public void setExclusive(boolean exclusive) {
        this.exclusive = exclusive;
    }

    public long getRetryDelay() {
        return retryDelay;
    }

    public void setRetryDelay(long retryDelay) {
        this.retryDelay = retryDelay;
    }

    public String getPublicKey() {
        return publicKey;
    }

    public void setPublicKey(String publicKey) {
        this.publicKey = publicKey;
    }

    public boolean isAllowUnauthenticated() {
        return allowUnauthenticated;
    }

    public void setAllowUnauthenticated(boolean allowUnauthenticated) {
        this.allowUnauthenticated = allowUnauthenticated;
    }

    public String getPublicUrl() {
        return publicUrl;
    }

    public void setPublicUrl(String publicUrl) {
        this.publicUrl = publicUrl;
    }

    public boolean isTrustForwardedHeaders() {
        return trustForwardedHeaders;
    }

    public void setTrustForwardedHeaders(boolean trustForwardedHeaders) {
        this.trustForwardedHeaders = trustForwardedHeaders;
    }

    public String getHmacHeader() {
        return hmacHeader;
    }

    public void setHmacHeader(String hmacHeader) {
        this.hmacHeader = hmacHeader;
    }

    public String getHmacAlgorithm() {
        return hmacAlgorithm;
    }

    public void setHmacAlgorithm(String hmacAlgorithm) {
        this.hmacAlgorithm = hmacAlgorithm;
    }

    public String getHmacEncoding() {
        return hmacEncoding;
    }

    public void setHmacEncoding(String hmacEncoding) {
        this.hmacEncoding = hmacEncoding;
    }

    public String getHmacPrefix() {
        return hmacPrefix;
    }

    public void setHmacPrefix(String hmacPrefix) {
        this.hmacPrefix = hmacPrefix;
    }

    public String getHmacSigned() {
        return hmacSigned;
    }

    public void setHmacSigned(String hmacSigned) {
        this.hmacSigned = hmacSigned;
    }

    public String getHmacTimestampHeader() {
        return hmacTimestampHeader;
    }

    public void setHmacTimestampHeader(String hmacTimestampHeader) {
        this.hmacTimestampHeader = hmacTimestampHeader;
    }

    public org.apache.camel.spi.IdempotentRepository getIdempotentRepository() {
        return idempotentRepository;
    }

    public void setIdempotentRepository(org.apache.camel.spi.IdempotentRepository idempotentRepository) {
        this.idempotentRepository = idempotentRepository;
    }

    /** What callbacks are verified with, from the options. */
    dev.hookline.core.inbound.VerificationSettings verificationSettings() {
        dev.hookline.core.inbound.HmacScheme hmac = hmacHeader == null || hmacHeader.isBlank() ? null
                : new dev.hookline.core.inbound.HmacScheme(hmacHeader, hmacAlgorithm, hmacEncoding, hmacPrefix, hmacSigned,
                        hmacTimestampHeader);
        return new dev.hookline.core.inbound.VerificationSettings(token, secret, publicKey, signatureTolerance, publicUrl,
                trustForwardedHeaders, hmac);
    }
}
