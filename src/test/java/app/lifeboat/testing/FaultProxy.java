package app.lifeboat.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 between a client and a real server, for fault tests: it passes bytes,
 * cuts every connection after a number of client-to-server bytes, stalls, or refuses connections.
 * The mode can change while connections are open.
 */
public final class FaultProxy implements AutoCloseable {
    /** What the proxy does to traffic. */
    public enum Mode { PASS, CUT, STALL, REFUSE }

    private final InetSocketAddress upstream;
    private final ServerSocket server;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicLong upstreamBytes = new AtomicLong();
    private volatile Mode mode = Mode.PASS;
    private volatile long cutAfterBytes = Long.MAX_VALUE;

    public FaultProxy(int upstreamPort) throws IOException {
        this.upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "fault-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Passes everything from now on. */
    public void pass() {
        mode = Mode.PASS;
    }

    /** Cuts the connection once {@code bytes} more client-to-server bytes have passed, counted across connections. */
    public void cutAfter(long bytes) {
        cutAfterBytes = upstreamBytes.get() + bytes;
        mode = Mode.CUT;
    }

    /** Holds every byte in both directions until the mode changes. */
    public void stall() {
        mode = Mode.STALL;
    }

    /** Closes open connections and every new one at once, as a server that is down. */
    public void refuse() {
        mode = Mode.REFUSE;
        closeOpen();
    }

    /** Client-to-server bytes passed so far. */
    public long upstreamBytes() {
        return upstreamBytes.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (mode == Mode.REFUSE) {
                    client.close();
                    continue;
                }
                Socket up = new Socket();
                up.connect(upstream, 5000);
                client.setTcpNoDelay(true);
                up.setTcpNoDelay(true);
                open.add(client);
                open.add(up);
                pump(client, up, true);
                pump(up, client, false);
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean upstreamDirection) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            boolean cut = false;
            // Not try-with-resources: closing a socket's stream closes the socket, and a cut must
            // leave the other direction running until the server has answered what it got.
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    while (mode == Mode.STALL) {
                        Thread.sleep(20);
                    }
                    if (mode == Mode.REFUSE) {
                        break;
                    }
                    int pass = n;
                    if (upstreamDirection) {
                        long before = upstreamBytes.getAndAdd(n);
                        if (mode == Mode.CUT && before + n > cutAfterBytes) {
                            pass = (int) Math.max(0, cutAfterBytes - before);
                            out.write(buf, 0, pass);
                            out.flush();
                            cut = true;
                            break;
                        }
                    }
                    out.write(buf, 0, pass);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the other side closed or the proxy cut it: end this direction
            } finally {
                if (cut) {
                    // The server sees the end of its input and hangs up; the other pump then closes
                    // both sockets. Closing them here raced with the server's last answer.
                    shutdownOutputQuietly(to);
                } else {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }
        }, "fault-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void shutdownOutputQuietly(Socket s) {
        try {
            s.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(s);
        }
    }

    private void closeOpen() {
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            closeOpen();
        }
    }
}
