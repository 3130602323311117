package dev.hookline.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many webhook targets that never answer a delivery, each on a port of its own on 127.0.0.1 (so each is a host of its
 * own to Hookline's connection pool), all served by one selector thread. The test POST Hookline sends when a
 * subscription is created ({@code X-Hookline-Test: true}) is answered 200 at once; a delivery is read and then left
 * hanging, its connection open, until Hookline gives up on it.
 */
final class HangingTargets implements AutoCloseable {

    private static final byte[] OK = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Selector selector;
    private final List<ServerSocketChannel> servers = new ArrayList<>();
    private final Thread loop;
    private final AtomicLong deliveries = new AtomicLong();

    HangingTargets(int count) throws IOException {
        selector = Selector.open();
        for (int i = 0; i < count; i++) {
            ServerSocketChannel server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            servers.add(server);
        }
        loop = new Thread(this::run, "hanging-targets");
        loop.setDaemon(true);
        loop.start();
    }

    /** The URL of target {@code i}. */
    String url(int i) {
        return "http://127.0.0.1:" + servers.get(i).socket().getLocalPort() + "/hang";
    }

    /** Deliveries received (and never answered) so far. */
    long deliveries() {
        return deliveries.get();
    }

    private void run() {
        try {
            while (selector.isOpen()) {
                selector.select();
                if (!selector.isOpen()) {
                    return;
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        SocketChannel c = ((ServerSocketChannel) key.channel()).accept();
                        if (c != null) {
                            c.configureBlocking(false);
                            c.register(selector, SelectionKey.OP_READ, new StringBuilder());
                        }
                    } else if (key.isReadable()) {
                        read(key);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException closed) {
            // closing
        }
    }

    private void read(SelectionKey key) throws IOException {
        SocketChannel c = (SocketChannel) key.channel();
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        int n;
        try {
            n = c.read(buffer);
        } catch (IOException reset) {
            n = -1;
        }
        if (n < 0) {
            key.cancel();
            c.close();
            return;
        }
        StringBuilder head = (StringBuilder) key.attachment();
        head.append(new String(buffer.array(), 0, n, StandardCharsets.ISO_8859_1));
        int end = head.indexOf("\r\n\r\n");
        if (end < 0) {
            return;
        }
        if (head.substring(0, end).toLowerCase(Locale.ROOT).contains("\r\nx-hookline-test: true")) {
            c.write(ByteBuffer.wrap(OK));
            head.setLength(0); // the connection may carry the next request
        } else {
            deliveries.incrementAndGet();
            key.interestOps(0); // read no more, answer never
        }
    }

    @Override
    public void close() throws IOException {
        selector.close();
        for (ServerSocketChannel s : servers) {
            s.close();
        }
    }
}
