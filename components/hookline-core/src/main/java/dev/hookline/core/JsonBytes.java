package dev.hookline.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * A body being written as JSON bytes: stored canonical JSON is copied in as it is, and the few values a format adds
 * (a type, a time) are written as JSON strings escaped as Hookline's mapper escapes them, so that the result is the
 * same as writing the whole body with the mapper.
 */
public final class JsonBytes {

    private byte[] buf;
    private int size;

    public JsonBytes(int expectedSize) {
        this.buf = new byte[Math.max(64, expectedSize)];
    }

    /** Appends bytes {@code from} (inclusive) to {@code to} (exclusive) of {@code bytes}. */
    public JsonBytes append(byte[] bytes, int from, int to) {
        int n = to - from;
        ensure(n);
        System.arraycopy(bytes, from, buf, size, n);
        size += n;
        return this;
    }

    /** Appends JSON punctuation or other ASCII text as it is. */
    public JsonBytes raw(String ascii) {
        byte[] b = ascii.getBytes(StandardCharsets.US_ASCII);
        return append(b, 0, b.length);
    }

    public JsonBytes raw(char c) {
        ensure(1);
        buf[size++] = (byte) c;
        return this;
    }

    /** Appends {@code value} as a JSON string, quotes included. */
    public JsonBytes string(String value) {
        byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(value);
        ensure(escaped.length + 2);
        buf[size++] = '"';
        System.arraycopy(escaped, 0, buf, size, escaped.length);
        size += escaped.length;
        buf[size++] = '"';
        return this;
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
