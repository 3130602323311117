/**
 * Hookline's durable state.
 *
 * <p>Why the batch is not the aggregate: Camel's aggregator hands its repository the whole aggregate on every added
 * exchange, and the stock JDBC repository serializes it into one BLOB each time, so a batch of n events costs
 * 1 + 2 + ... + n event serializations. Here the aggregate is a small handle (batch id, count, first-event time).
 * Each event is stored once in {@code stored_event}, numbered in fan-out order, however many subscriptions it fans out
 * to; a batch lists its events in {@code batch_part}, one row per chunk of input that added to it, naming the events as
 * ranges of numbers. The cost per event therefore does not depend on the batch size, the heap holds handles, not
 * pending events, and a batch body is read back, in order, as ranges of the events' key, only when it is delivered.
 *
 * <p>Delivery state (attempts, first attempt, next attempt, lease) lives in {@code delivery_batch}, so retries survive
 * restarts, the retry window is measured on the injectable clock, and a batch whose window ran out stays, with its
 * events and last error, as a dead letter that can be replayed.
 */
package dev.hookline.store;
