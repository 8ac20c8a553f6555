package dev.subsentinel.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An endpoint that accepts every connection and never answers: no byte is read or written until {@link #close()},
 * which closes the connections it holds. What a hung load balancer or a black-holed route looks like to a client.
 * Tests bound the wait with the client's own timeouts and assert on the outcome, never on durations.
 */
public final class HangingEndpoint implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();

    private HangingEndpoint() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name("hanging-endpoint").start(this::accept);
    }

    /** Starts listening on a free loopback port. */
    public static HangingEndpoint start() {
        return new HangingEndpoint();
    }

    /** The endpoint's URL. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** How many connections it accepted (and left unanswered). */
    public int connectionsAccepted() {
        return accepted.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                held.add(server.accept());
                accepted.incrementAndGet();
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing a listening socket only fails if it is closed already
        }
        for (Socket socket : held) {
            try {
                socket.close();
            } catch (IOException e) {
                // the peer may have closed it first
            }
        }
    }
}
