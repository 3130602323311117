package dev.hookline.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A webhook target that misbehaves on purpose, written on raw sockets so that it can do what no HTTP server library
 * would. It answers the test POST Hookline sends when a subscription is created (header {@code X-Hookline-Test}) with
 * 200 at once, then treats every delivery the way its {@link Behaviour} says, and records each delivery it receives.
 */
final class HostileTarget implements AutoCloseable {

    /** How a target treats deliveries. */
    enum Behaviour {
        /** Reads the request and never answers. */
        HANG,
        /** Sends the status line, then one header line without end, as fast as it can. */
        ENDLESS_HEADER,
        /** Answers 500 with a body of a terabyte, one byte every half second. */
        TRICKLE_500,
        /** Sends the status line, then one header line every 2 s, forever. */
        DRIP_HEADERS,
        /** Answers 200 with a 2 GiB chunked body. */
        GIGABYTE_200,
        /** Answers 200, 4 s after each request. */
        SLOW_200,
        /** Answers 200 at once. */
        OK
    }

    /** One delivery POST: its path, its {@code webhook-id}, when it arrived, and its body. */
    record Post(String path, String webhookId, long receivedAtMillis, String body) {
    }

    private final Function<String, Behaviour> behaviourByPath;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hostile-target");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<Post> posts = new CopyOnWriteArrayList<>();

    HostileTarget(Behaviour behaviour) throws IOException {
        this(path -> behaviour);
    }

    /** A target that treats each path the way {@code behaviourByPath} says: many subscriptions on one host. */
    HostileTarget(Function<String, Behaviour> behaviourByPath) throws IOException {
        this.behaviourByPath = behaviourByPath;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    List<Post> posts() {
        return posts;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                threads.execute(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                Request request = read(in);
                if (request == null) {
                    return;
                }
                if (request.head().toLowerCase(Locale.ROOT).contains("\r\nx-hookline-test: true")) {
                    write(out, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
                    continue;
                }
                posts.add(new Post(request.path(), request.header("webhook-id"), System.currentTimeMillis(), request.body()));
                answer(behaviourByPath.apply(request.path()), out);
            }
        } catch (IOException | InterruptedException peerGone) {
            // Hookline gave up on the request and closed the connection
        } finally {
            open.remove(socket);
        }
    }

    private static void answer(Behaviour behaviour, OutputStream out) throws IOException, InterruptedException {
        switch (behaviour) {
            case HANG -> Thread.sleep(Long.MAX_VALUE);
            case ENDLESS_HEADER -> {
                byte[] a = new byte[64 * 1024];
                Arrays.fill(a, (byte) 'a');
                write(out, "HTTP/1.1 200 OK\r\nX-Long: ");
                for (long sent = 0; sent < 4L * 1024 * 1024 * 1024; sent += a.length) {
                    out.write(a);
                }
            }
            case TRICKLE_500 -> {
                write(out, "HTTP/1.1 500 Server Error\r\nContent-Length: 1000000000000\r\n\r\n");
                for (int i = 0;; i++) {
                    write(out, "x");
                    Thread.sleep(500);
                }
            }
            case DRIP_HEADERS -> {
                write(out, "HTTP/1.1 200 OK\r\n");
                for (int i = 0;; i++) {
                    Thread.sleep(2_000);
                    write(out, "X-Drip-" + i + ": still here\r\n");
                }
            }
            case GIGABYTE_200 -> {
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) 'g');
                byte[] chunkHead = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n");
                for (long sent = 0; sent < 2L * 1024 * 1024 * 1024; sent += chunk.length) {
                    out.write(chunkHead);
                    out.write(chunk);
                    out.write('\r');
                    out.write('\n');
                }
                write(out, "0\r\n\r\n");
            }
            case SLOW_200 -> {
                Thread.sleep(4_000);
                write(out, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            }
            case OK -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        }
    }

    private record Request(String head, String body) {
        String path() {
            String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
            return requestLine.length > 1 ? requestLine[1] : "";
        }

        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private static Request read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        Request request = new Request(head.toString(StandardCharsets.ISO_8859_1), "");
        String length = request.header("Content-Length");
        byte[] body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
        return new Request(request.head(), new String(body, StandardCharsets.UTF_8));
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
        threads.shutdownNow();
    }
}
