package app.lifeboat.core.sftp;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.agent.common.AbstractAgentProxy;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * An ssh-agent client over the agent's Unix socket ({@code SSH_AUTH_SOCK}), through the JDK's own
 * Unix-domain sockets: MINA's agent client needs the Tomcat native library, which we do not ship.
 * MINA's proxy speaks the protocol; this class only moves the framed messages.
 */
final class UnixSocketAgent extends AbstractAgentProxy {
    /** Replies larger than this are not a real agent's: refuse rather than allocate them. */
    private static final int MAX_REPLY_BYTES = 256 * 1024;

    private final SocketChannel channel;

    private UnixSocketAgent(SocketChannel channel) {
        super(null);
        this.channel = channel;
    }

    static UnixSocketAgent connect(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return new UnixSocketAgent(ch);
    }

    /** A factory for MINA's client that connects to {@code socket} for each login. */
    static SshAgentFactory factory(Path socket) {
        return new SshAgentFactory() {
            @Override
            public List<ChannelFactory> getChannelForwardingFactories(FactoryManager manager) {
                return List.of(); // no agent forwarding: the server gets no access to the agent
            }

            @Override
            public SshAgent createClient(Session session, FactoryManager manager) throws IOException {
                return connect(socket);
            }

            @Override
            public SshAgentServer createServer(ConnectionService service) {
                throw new UnsupportedOperationException("agent forwarding is not offered");
            }
        };
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    protected synchronized Buffer request(Buffer buffer) throws IOException {
        Buffer framed = prepare(buffer);
        ByteBuffer out = ByteBuffer.wrap(framed.array(), framed.rpos(), framed.available());
        while (out.hasRemaining()) {
            channel.write(out);
        }
        ByteBuffer len = readFully(4);
        int n = len.getInt();
        if (n <= 0 || n > MAX_REPLY_BYTES) {
            throw new IOException("the ssh-agent sent a reply of " + n + " bytes");
        }
        return new ByteArrayBuffer(readFully(n).array());
    }

    private ByteBuffer readFully(int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) {
                throw new EOFException("the ssh-agent closed the connection");
            }
        }
        return b.flip();
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            super.close();
        }
    }
}
