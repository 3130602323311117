package dev.hookline.routes.batching;

import java.time.Duration;

/** Input doors. */
public class IngestSettings {

    /** Largest request body accepted by the HTTP doors, and largest message taken from the events queue, in bytes. */
    private long maxBody = 1024 * 1024;
    /** Most messages the fan-out takes from the events queue in one broker transaction. */
    private int chunkSize = 500;
    /**
     * How long an event id (within its source) is remembered from when it was first received: within it, the
     * same id with the same content is a duplicate and with other content a conflict; after it, a new event.
     */
    private Duration duplicateWindow = Duration.ofHours(1);

    public Duration getDuplicateWindow() {
        return duplicateWindow;
    }

    public void setDuplicateWindow(Duration duplicateWindow) {
        this.duplicateWindow = duplicateWindow;
    }

    public long getMaxBody() {
        return maxBody;
    }

    public void setMaxBody(long maxBody) {
        this.maxBody = maxBody;
    }

    public int getChunkSize() {
        return chunkSize;
    }

    public void setChunkSize(int chunkSize) {
        this.chunkSize = chunkSize;
    }
}
