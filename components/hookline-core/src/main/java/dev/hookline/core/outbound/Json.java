package dev.hookline.core.outbound;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hookline.core.StrictJson;

/** JSON bodies for the outbound formats. */
public final class Json {

    private Json() {
    }

    public static byte[] bytes(Object value) {
        try {
            return StrictJson.mapper().writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a delivery body", e);
        }
    }
}
