package app.lifeboat.core.sftp;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.sftp.client.SftpClient.CloseableHandle;
import org.apache.sshd.sftp.client.impl.AbstractSftpClient;
import org.apache.sshd.sftp.client.impl.SftpAckData;
import org.apache.sshd.sftp.client.impl.SftpOutputStreamAsync;
import org.apache.sshd.sftp.client.impl.SftpResponse;
import org.apache.sshd.sftp.client.impl.SftpStatus;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * MINA's pipelined SFTP writer, sized to the SSH packet and with a bound on the writes awaiting the
 * server's answer, so that the SSH channel never copies what it sends. Two copies per write made up
 * most of an upload's garbage (hundreds of MB per 256 MB sent, and with it the peak RSS):
 * <ul>
 *   <li>a write buffer of 32 KiB of data is a few dozen bytes larger than the packet the server
 *       accepts (32 KiB from OpenSSH), so MINA builds it in a plain buffer, which the channel
 *       copies into a packet and then splits, copying the rest again; a buffer size of 0 makes
 *       MINA size each write to one packet and build it in place;
 *   <li>MINA sends as long as the channel takes data, and a packet that does not fit the window
 *       the server granted (2 MiB from OpenSSH) is copied to be sent later. Waiting for the oldest
 *       answer once half a window is in flight keeps every packet within the window (the server
 *       grants more before half of it is used up), and still leaves enough in flight to fill a
 *       fast link.
 * </ul>
 *
 * <p>The bound relies on how MINA 2.20.0's {@code transferFrom} works: on the caller's thread it
 * reads the next packet's bytes from the source, then sends it, noting each write's id in
 * {@code pendingAcks} in order. The source is wrapped so that each read first takes answers until
 * fewer than {@link #maxInFlight} writes are pending.
 */
final class BoundedWriteStream extends SftpOutputStreamAsync {
    private final int maxInFlight;

    BoundedWriteStream(AbstractSftpClient client, String path, CloseableHandle handle) {
        super(client, 0, path, handle, false); // 0: one SSH packet per write, built in place
        this.maxInFlight = maxInFlight(client.getChannel());
    }

    /** Packets that fit in half the window the server granted at the start: 2 to 64. */
    static int maxInFlight(Channel channel) {
        long window = channel.getRemoteWindow().getMaxSize();
        long packet = Math.max(1024, channel.getRemoteWindow().getPacketSize());
        return (int) Math.max(2, Math.min(64, window / 2 / packet - 1));
    }

    int maxInFlight() {
        return maxInFlight;
    }

    /** Sends everything {@code in} holds, never more than {@link #maxInFlight} writes unanswered. */
    long send(InputStream in) throws IOException {
        return transferFrom(new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                awaitBelow(maxInFlight);
                return super.read(b, off, len);
            }

            @Override
            public int read() throws IOException {
                awaitBelow(maxInFlight);
                return super.read();
            }
        });
    }

    /** Takes the oldest answers (failing on an error status) until fewer than {@code limit} writes are pending. */
    private void awaitBelow(int limit) throws IOException {
        while (pendingAcks.size() >= limit) {
            SftpAckData ack = pendingAcks.removeFirst();
            // Waits as MINA's close() does: a stalled network ends the session (keepalives), which ends this wait.
            Buffer answer = getClient().receive(ack.id);
            SftpStatus status = SftpStatus.parse(SftpResponse.parse(SftpConstants.SSH_FXP_WRITE, answer));
            if (!status.isOk()) {
                throw new SftpException(status.getStatusCode(), status.getMessage());
            }
        }
    }
}
