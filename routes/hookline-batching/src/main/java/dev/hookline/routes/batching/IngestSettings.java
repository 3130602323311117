package dev.hookline.routes.batching;

import java.time.Duration;

/** Input doors. */
public class IngestSettings {

    /** Largest request body accepted by the HTTP doors, and largest message taken from the events queue, in bytes. */
    private long maxBody = 1024 * 1024;
    /** Most messages the fan-out takes from the events queue in one broker transaction. */
    private int chunkSize = 500;
    /**
     * Most bytes the request bodies larger than 64 KiB may hold together while they are handled (others wait, then
     * get 503); {@code null} for a 64th of the heap.
     */
    private Long maxBodyInFlight;
    /**
     * Most bytes (as the embedded broker counts them, about two a character) of events waiting for the fan-out before
     * requests above 64 KiB get 503; with an external broker not checked.
     */
    private long maxBacklog = 32L * 1024 * 1024;
    /**
     * Most characters of message bodies in one fan-out chunk (a chunk holds at least one message): a chunk's messages
     * are in memory until it commits.
     */
    private long chunkMaxSize = 4L * 1024 * 1024;
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

    public Long getMaxBodyInFlight() {
        return maxBodyInFlight;
    }

    public void setMaxBodyInFlight(Long maxBodyInFlight) {
        this.maxBodyInFlight = maxBodyInFlight;
    }

    public long getMaxBacklog() {
        return maxBacklog;
    }

    public void setMaxBacklog(long maxBacklog) {
        this.maxBacklog = maxBacklog;
    }

    public long getChunkMaxSize() {
        return chunkMaxSize;
    }

    public void setChunkMaxSize(long chunkMaxSize) {
        this.chunkMaxSize = chunkMaxSize;
    }
}
