package app.lifeboat.core.incremental;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/** A frame's 32-byte id (HMAC-SHA256 of its plaintext under the store's hash key), held as four longs. */
public record FrameId(long a, long b, long c, long d) {
    static final int BYTES = 32;

    static FrameId of(byte[] bytes, int offset) {
        ByteBuffer bb = ByteBuffer.wrap(bytes, offset, BYTES);
        return new FrameId(bb.getLong(), bb.getLong(), bb.getLong(), bb.getLong());
    }

    void writeTo(ByteBuffer bb) {
        bb.putLong(a).putLong(b).putLong(c).putLong(d);
    }

    byte[] bytes() {
        ByteBuffer bb = ByteBuffer.allocate(BYTES);
        writeTo(bb);
        return bb.array();
    }

    String hex() {
        return HexFormat.of().formatHex(bytes());
    }

    static FrameId parseHex(String hex) {
        return of(HexFormat.of().parseHex(hex), 0);
    }

    @Override
    public String toString() {
        return hex().substring(0, 16);
    }
}
