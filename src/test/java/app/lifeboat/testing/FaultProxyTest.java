package app.lifeboat.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The proxy passes bytes and cuts where it is told to: the fault tests rely on both. */
class FaultProxyTest {
    @Test
    void passesThenCutsAfterExactlyTheGivenBytes() throws Exception {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                FaultProxy proxy = new FaultProxy(server.getLocalPort())) {
            Thread t = new Thread(() -> {
                try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                    in.transferTo(received);
                } catch (Exception e) {
                    // closed by the proxy
                }
            });
            t.start();
            try (Socket c = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                c.getOutputStream().write("hello".getBytes(StandardCharsets.UTF_8));
                c.getOutputStream().flush();
                while (proxy.upstreamBytes() < 5) {
                    Thread.sleep(5);
                }
                proxy.cutAfter(3);
                c.getOutputStream().write("abcdef".getBytes(StandardCharsets.UTF_8));
                assertEquals(-1, c.getInputStream().read(), "the client sees the connection end");
            }
            t.join(5000);
            assertEquals("helloabc", received.toString(StandardCharsets.UTF_8));
        }
    }
}
