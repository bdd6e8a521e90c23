package app.lifeboat.core.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameSetTest {
    private static List<FrameId> ids(int n, long seed) {
        Random r = new Random(seed);
        List<FrameId> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new FrameId(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong()));
        }
        return out;
    }

    @Test
    void numbersIdsInOrderAndKeepsThemThroughGrowth() {
        FrameSet set = new FrameSet();
        List<FrameId> ids = ids(100_000, 1);
        for (int i = 0; i < ids.size(); i++) {
            assertEquals(i, set.add(ids.get(i)));
        }
        for (int i = 0; i < ids.size(); i++) {
            assertEquals(i, set.add(ids.get(i)), "adding again gives the same number");
            assertEquals(i, set.indexOf(ids.get(i)));
            assertEquals(ids.get(i), set.get(i));
        }
        assertEquals(100_000, set.size());
        for (FrameId other : ids(1000, 2)) {
            assertFalse(set.contains(other));
        }
        set.clear();
        assertEquals(0, set.size());
        assertFalse(set.contains(ids.get(0)));
        assertEquals(0, set.add(ids.get(5)));
    }

    @Test
    void idsThatShareWordsAreStillTold() {
        // An index read from a store is not trusted to hold random ids: equal first words, or all but one word equal.
        FrameSet set = new FrameSet();
        for (int i = 0; i < 5000; i++) {
            set.add(new FrameId(7, 7, 7, i));
            set.add(new FrameId(i, 7, 7, 7));
        }
        assertEquals(9999, set.size(), "(7,7,7,7) is in both runs");
        for (int i = 0; i < 5000; i++) {
            assertTrue(set.contains(new FrameId(7, 7, 7, i)));
            assertTrue(set.contains(new FrameId(i, 7, 7, 7)));
        }
        assertFalse(set.contains(new FrameId(7, 7, 8, 7)));
    }

    @Test
    void hashReplacesOnlyWhenAsked() {
        FrameColumns cols = new FrameColumns();
        FrameHash hash = new FrameHash();
        FrameId id = ids(1, 3).get(0);
        int a = cols.add(id, 10, 100, 0);
        int b = cols.add(id, 20, 200, 1);
        assertEquals(-1, hash.putIfAbsent(cols.words(), a));
        assertEquals(a, hash.putIfAbsent(cols.words(), b));
        assertEquals(a, hash.find(cols.words(), id), "putIfAbsent kept the first");
        assertEquals(a, hash.put(cols.words(), b));
        assertEquals(b, hash.find(cols.words(), id));
        assertEquals(1, hash.size());
        assertEquals(200, cols.length(hash.find(cols.words(), id)));
        assertEquals(1, cols.key(b));
    }

    @Test
    void columnsReadEntriesBackAsTheyWereWritten() {
        FrameColumns cols = new FrameColumns();
        List<FrameId> ids = ids(3000, 4);
        ByteBuffer b = ByteBuffer.allocate(FrameId.BYTES);
        for (int i = 0; i < ids.size(); i++) {
            if (i % 2 == 0) {
                cols.add(ids.get(i), i * 3, i + 1, Format.NO_KEY);
            } else {
                b.clear();
                ids.get(i).writeTo(b);
                b.flip();
                cols.add(b, i * 3, i + 1, i % 7);
            }
        }
        List<Pack.Entry> view = cols.entries(1000, 2000);
        assertEquals(1000, view.size());
        assertEquals(new Pack.Entry(ids.get(1001), 3003, 1002, 1001 % 7), view.get(1));
        assertEquals(new Pack.Entry(ids.get(1000), 3000, 1001, Format.NO_KEY), view.get(0));
    }

    @Test
    void pageIdsReadNodesAndKeepSkippedPagesAbsent() {
        List<FrameId> ids = ids(40, 5);
        ByteBuffer node = ByteBuffer.allocate(16 * FrameId.BYTES);
        for (int i = 0; i < 16; i++) {
            ids.get(i).writeTo(node);
        }
        PageIds pages = new PageIds(40);
        pages.set(16, node.array(), 16);
        for (int i = 0; i < 40; i++) {
            assertEquals(i >= 16 && i < 32 ? ids.get(i - 16) : null, pages.get(i), "page " + i);
        }
        assertEquals(ids.get(7), PageIds.of(ids.get(7)).get(0));
    }
}
