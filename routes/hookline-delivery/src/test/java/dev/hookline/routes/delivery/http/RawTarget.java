package dev.hookline.routes.delivery.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A webhook target on 127.0.0.1 written on raw sockets, so that it can misbehave in ways an HTTP server library would
 * not: it reads each request, then hands the socket to the behaviour under test.
 */
final class RawTarget implements AutoCloseable {

    /** What the target does once it has read a request. */
    interface Behaviour {
        void answer(String requestHead, OutputStream out, Socket socket) throws Exception;
    }

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong bytesWritten = new AtomicLong();

    RawTarget(Behaviour behaviour) throws IOException {
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        threads.execute(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    connections.incrementAndGet();
                    threads.execute(() -> serve(socket, behaviour));
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    private void serve(Socket socket, Behaviour behaviour) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = new CountingStream(socket.getOutputStream());
            while (true) {
                String head = readRequest(in);
                if (head == null) {
                    return;
                }
                requests.incrementAndGet();
                behaviour.answer(head, out, socket);
                out.flush();
            }
        } catch (Exception peerGone) {
            // the client closed the connection: what the tests want to see happen
        }
    }

    /** Reads one request's head and body; {@code null} at the end of the stream. */
    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        for (int b; state < 4;) {
            b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(line.substring(15).trim()));
            }
        }
        return text;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    int requests() {
        return requests.get();
    }

    int connections() {
        return connections.get();
    }

    long bytesWritten() {
        return bytesWritten.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }

    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private final class CountingStream extends java.io.FilterOutputStream {
        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            bytesWritten.addAndGet(len);
        }
    }
}
