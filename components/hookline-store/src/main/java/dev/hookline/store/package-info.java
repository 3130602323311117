/**
 * Hookline's durable state.
 *
 * <p>Why the batch is not the aggregate: Camel's aggregator hands its repository the whole aggregate on every added
 * exchange, and the stock JDBC repository serializes it into one BLOB each time, so a batch of n events costs
 * 1 + 2 + ... + n event serializations. Here the aggregate is a small handle (batch id, count, first-event time) and
 * each event copy is written once, as a three-column row of {@code batch_event}, in JDBC batches; the event itself is
 * stored once in {@code hookline_event} however many subscriptions it fans out to. The cost per event therefore does
 * not depend on the batch size, and the heap holds handles, not pending events. The batch body is read back, in order,
 * only when it is delivered.
 *
 * <p>Delivery state (attempts, first attempt, next attempt, lease) lives in {@code delivery_batch}, so retries survive
 * restarts, the retry window is measured on the injectable clock, and a batch whose window ran out stays, with its
 * events and last error, as a dead letter that can be replayed.
 */
package dev.hookline.store;
