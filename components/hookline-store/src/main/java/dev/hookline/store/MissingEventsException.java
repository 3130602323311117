package dev.hookline.store;

/**
 * A batch lists an event that is not stored. The batch cannot be delivered as it was built, and is never delivered
 * without the event: the attempt fails with this, loudly, instead.
 */
public class MissingEventsException extends IllegalStateException {

    public MissingEventsException(String batchId, long seq) {
        super("Batch " + batchId + " lists event number " + seq + ", which is not stored; the batch is not delivered "
                + "without it");
    }
}
