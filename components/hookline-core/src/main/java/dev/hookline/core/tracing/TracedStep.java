package dev.hookline.core.tracing;

/**
 * One traced step of an event's way through Hookline (publishing, fan-out, a delivery attempt, a POST): the trace
 * context to pass on, and the end of the step. Closing it more than once is harmless.
 */
public interface TracedStep extends AutoCloseable {

    /** The trace context to pass on to what this step hands its events to, or {@code null} when there is none. */
    TraceContext context();

    /** Records the HTTP status a target answered with (a POST's step). */
    default void answered(int status) {
    }

    /** Records that the step failed. */
    default void failed(Throwable failure) {
    }

    /** Ends the step. */
    @Override
    void close();

    /** A step that records nothing and passes {@code context} on unchanged. */
    static TracedStep passing(TraceContext context) {
        return new TracedStep() {
            @Override
            public TraceContext context() {
                return context;
            }

            @Override
            public void close() {
            }
        };
    }
}
