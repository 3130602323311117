package dev.hookline.spring.boot.provider;

import java.io.IOException;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The event door's answer to a backlog: what it accepted and the fan-out has not taken yet waits in the broker, and
 * every later event waits behind it, whoever sent it. A producer posting large events faster than the fan-out stores
 * them would make everyone's events wait for its own, longer the longer it went on. While the backlog is over its
 * limit, a request whose body is larger than {@value #SMALL_BODY_BYTES} bytes (or of unknown length) gets 503 with
 * {@code Retry-After: 1} before its body is read; smaller ones are taken, so those who send little are not held up by
 * those who send much, and the wait behind the backlog stays about what the fan-out stores in a second or two. While
 * the broker's disk has no room for more events, every request gets 503 so, small ones too: past max-disk-usage the
 * broker would block their sends (it blocks the producers of a paging queue then), holding the request's thread for as
 * long as the disk stays full; short of the room kept for the fan-out (see {@link ProducerDiskGuard}), the events are
 * not taken either.
 */
public class EventBacklogFilter extends OncePerRequestFilter {

    static final int SMALL_BODY_BYTES = 64 * 1024;

    private final LongSupplier backlogBytes;
    private final long maxBytes;
    private final BooleanSupplier noRoom;

    /**
     * @param backlogBytes the backlog now, in the broker's bytes; {@link Long#MAX_VALUE} when it is beyond counting
     * @param maxBytes     above it, large requests are asked to come back
     * @param noRoom       whether the broker's disk has no room for more events now
     */
    public EventBacklogFilter(LongSupplier backlogBytes, long maxBytes, BooleanSupplier noRoom) {
        this.backlogBytes = backlogBytes;
        this.maxBytes = maxBytes;
        this.noRoom = noRoom;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (noRoom.getAsBoolean()) {
            response.setHeader("Retry-After", "1");
            RequestBodyLimitFilter.refuse(response, 503, "The event broker's disk is full or nearly; nothing is taken "
                    + "until it has room again, retry later");
            return;
        }
        long length = request.getContentLengthLong();
        if ((length < 0 || length > SMALL_BODY_BYTES) && backlogBytes.getAsLong() > maxBytes) {
            response.setHeader("Retry-After", "1");
            RequestBodyLimitFilter.refuse(response, 503, "More events are waiting for the fan-out than the server "
                    + "queues at once; requests larger than " + SMALL_BODY_BYTES + " bytes are taken again once they "
                    + "are stored, retry in a second");
            return;
        }
        chain.doFilter(request, response);
    }
}
