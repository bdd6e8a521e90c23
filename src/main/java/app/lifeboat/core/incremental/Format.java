package app.lifeboat.core.incremental;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;

/** The constants of the on-store format (docs/FORMAT-incremental.md); changing one is a new format version. */
final class Format {
    /** 2 added zstd dictionaries (dicts/); a store of format 1 is read as it is and becomes 2 when it gets one. */
    static final int VERSION = 2;
    static final int FIRST_VERSION = 1;
    static final String NAME = "lifeboat-incremental";
    static final String CONFIG = "config";
    static final String DATA = "data";
    static final String INDEX = "index";
    static final String VERSIONS = "versions";
    static final String KEYS = "keys";
    static final String DICTS = "dicts";
    static final String LOCKS = "locks";

    /** Pages per leaf node and children per inner node: measured in FORMAT-incremental.md (16 and 64). */
    static final int LEAF_PAGES = 16;
    static final int FANOUT = 64;
    /** A pack is closed once it holds this many bytes of frames. */
    static final int PACK_TARGET_BYTES = 4 << 20;
    /** Nothing the store names may be larger: bounds what a damaged index can make us allocate. */
    static final int MAX_FRAME_BYTES = 1 << 20;
    static final long MAX_PACK_BYTES = 1L << 30;
    static final int MAX_PAGE_SIZE = 65536;
    /**
     * zstd levels: a day's changed pages (a few thousand) at level 7 take 11% less room than at 3
     * for about the same time (measured: 2,513 pages of a 1% day, 5.19 MB at 3, 4.63 MB at 7, both
     * about 0.25 s). A write that stores more than {@link #FINE_FRAMES} new pages (a first version,
     * or the day after a VACUUM) goes on at level 3, where level 7 saved only 3% at 2-4x the time.
     */
    static final int ZSTD_LEVEL = 3;
    static final int ZSTD_LEVEL_FINE = 7;
    static final int FINE_FRAMES = 8192;
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;
    static final int KEY_ID_BYTES = 16;
    static final int NO_KEY = 0xFFFF;

    static final byte[] PACK_MAGIC = {'L', 'B', 'P', 'A', 'C', 'K', 0, 1};
    static final byte[] PACK_TRAILER_MAGIC = {'L', 'B', 'P', 'T'};
    static final byte[] INDEX_MAGIC = {'L', 'B', 'I', 'N', 'D', 'E', 'X', 1};

    /** What a frame holds: a database page, or a tree node listing ids. */
    enum Kind {
        DATA, TREE;

        static Kind of(int code) {
            if (code == 0) {
                return DATA;
            }
            if (code == 1) {
                return TREE;
            }
            throw damaged("a pack of unknown kind " + code);
        }

        int code() {
            return ordinal();
        }
    }

    private Format() {}

    static LifeboatException damaged(String what) {
        return new LifeboatException(ErrorCode.MALFORMED_METADATA, "the incremental store is damaged: " + what,
                Remedy.CHECK_DISK);
    }

    static void require(boolean ok, String what) {
        if (!ok) {
            throw damaged(what);
        }
    }
}
