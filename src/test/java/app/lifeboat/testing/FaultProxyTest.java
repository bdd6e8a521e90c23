package app.lifeboat.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** The proxy passes bytes and cuts where it is told to: the fault tests rely on both. */
class FaultProxyTest {
    @Test
    void passesThenCuts() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                FaultProxy proxy = new FaultProxy(echo.getLocalPort())) {
            Thread t = new Thread(() -> {
                try (Socket s = echo.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    in.transferTo(out);
                } catch (Exception e) {
                    // closed by the proxy
                }
            });
            t.start();
            try (Socket c = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                c.getOutputStream().write("hello".getBytes());
                assertEquals("hello", new String(c.getInputStream().readNBytes(5)));
                proxy.cutAfter(3);
                c.getOutputStream().write("abcdef".getBytes());
                assertEquals("abc", new String(c.getInputStream().readAllBytes()), "cut after 3 more bytes");
            }
            t.join(5000);
            assertTrue(proxy.upstreamBytes() >= 8);
        }
    }
}
