package dev.hookline.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP front for a target on 127.0.0.1 that, when armed, resets the connections open at that moment and the next
 * new ones (RST, by closing with SO_LINGER 0 once the request has arrived), and otherwise passes bytes through both
 * ways.
 */
final class ResettingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final AtomicInteger resetsLeft = new AtomicInteger();
    private final AtomicInteger resets = new AtomicInteger();
    private final java.util.Set<Socket> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

    ResettingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "resetting-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Resets the connections open now (a client's pooled keep-alive ones) and the next {@code count} new ones. */
    void resetNext(int count) {
        resetsLeft.set(count);
        for (Socket s : open) {
            reset(s);
        }
    }

    /** How many new connections were reset. */
    int resets() {
        return resets.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (resetsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    client.getInputStream().read(new byte[8192]);
                    reset(client);
                    resets.incrementAndGet();
                    continue;
                }
                open.add(client);
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                pipe(client.getInputStream(), target.getOutputStream(), target);
                pipe(target.getInputStream(), client.getOutputStream(), client);
            } catch (IOException e) {
                // closed, or one connection failed: go on with the next
            }
        }
    }

    private void reset(Socket s) {
        open.remove(s);
        try {
            s.setSoLinger(true, 0);
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private static void pipe(InputStream in, OutputStream out, Socket closeWhenDone) {
        Thread t = new Thread(() -> {
            try (closeWhenDone) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // the other side closed
            }
        }, "resetting-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
