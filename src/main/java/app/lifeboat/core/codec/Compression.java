package app.lifeboat.core.codec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * How a backup's bytes are compressed. Each is a plain stream the standard tool reads:
 * {@code zstd -d} for {@code .zst}, {@code gunzip} for {@code .gz}.
 */
public enum Compression {
    NONE("", 0, 0, 0),
    /** zstd through zstd-jni (the reference C library), both cores, with the frame checksum on as the CLI does. */
    ZSTD(".zst", 3, 1, 19),
    /** gzip through the JDK's zlib. */
    GZIP(".gz", 6, 1, 9);

    private static final int BUFFER = 1 << 20;

    private final String extension;
    private final int defaultLevel;
    private final int minLevel;
    private final int maxLevel;

    Compression(String extension, int defaultLevel, int minLevel, int maxLevel) {
        this.extension = extension;
        this.defaultLevel = defaultLevel;
        this.minLevel = minLevel;
        this.maxLevel = maxLevel;
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Compression parse(String label) {
        for (Compression c : values()) {
            if (c.label().equalsIgnoreCase(label)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown compression '" + label + "' (expected zstd, gzip or none)");
    }

    public String extension() {
        return extension;
    }

    public int defaultLevel() {
        return defaultLevel;
    }

    /** Checks a user-given level; null means the default. */
    public int level(Integer requested) {
        if (requested == null || this == NONE) {
            return defaultLevel;
        }
        if (requested < minLevel || requested > maxLevel) {
            throw new IllegalArgumentException(label() + " levels go from " + minLevel + " to " + maxLevel);
        }
        return requested;
    }

    public OutputStream compress(OutputStream out, int level) throws IOException {
        return switch (this) {
            case NONE -> out;
            case ZSTD -> new ZstdOutputStream(out, level).setWorkers(2).setChecksum(true);
            case GZIP -> new GZIPOutputStream(out, BUFFER) {
                {
                    def.setLevel(level);
                }
            };
        };
    }

    public InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case NONE -> in;
            case ZSTD -> new ZstdInputStream(in);
            case GZIP -> new GZIPInputStream(in, BUFFER);
        };
    }
}
