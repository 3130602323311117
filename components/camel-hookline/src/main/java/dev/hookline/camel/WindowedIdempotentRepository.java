package dev.hookline.camel;

import org.apache.camel.spi.IdempotentRepository;

/**
 * An {@link IdempotentRepository} that forgets ids after a fixed window. A receiving endpoint refuses to start on one
 * whose window is shorter than twice its signature tolerance: a signed request replayed within its tolerance must
 * still be recognised.
 */
public interface WindowedIdempotentRepository extends IdempotentRepository {

    /** How long an added id is remembered, in milliseconds. */
    long windowMillis();
}
