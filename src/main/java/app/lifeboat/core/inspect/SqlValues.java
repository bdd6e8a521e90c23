package app.lifeboat.core.inspect;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Values as SQLite orders and shows them, for comparing and listing rows outside SQL. */
final class SqlValues {
    private SqlValues() {}

    /** The row's columns (those both sides have), after the key columns the query put first. */
    static List<String> values(ResultSet rs, int k) throws SQLException {
        List<String> v = new ArrayList<>();
        for (int i = k + 1; i <= rs.getMetaData().getColumnCount(); i++) {
            v.add(text(rs.getObject(i)));
        }
        return v;
    }

    static String text(Object v) {
        return v == null ? null : v instanceof byte[] blob ? "<blob, " + blob.length + " bytes>" : v.toString();
    }

    static int compareKeys(ResultSet a, ResultSet b, int k) throws SQLException {
        for (int i = 1; i <= k; i++) {
            int c = compareValues(a.getObject(i), b.getObject(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    static boolean sameValues(ResultSet a, ResultSet b, int k, int n) throws SQLException {
        for (int i = k + 1; i <= k + n; i++) {
            if (compareValues(a.getObject(i), b.getObject(i)) != 0) {
                return false;
            }
        }
        return true;
    }

    /** SQLite's order for ORDER BY ... COLLATE BINARY: NULL, numbers, text by UTF-8 bytes, blobs by bytes. */
    static int compareValues(Object x, Object y) {
        int cx = rank(x);
        int cy = rank(y);
        if (cx != cy) {
            return Integer.compare(cx, cy);
        }
        return switch (cx) {
            case 0 -> 0;
            case 1 -> x instanceof Double || y instanceof Double
                    ? Double.compare(((Number) x).doubleValue(), ((Number) y).doubleValue())
                    : Long.compare(((Number) x).longValue(), ((Number) y).longValue());
            case 2 -> Arrays.compareUnsigned(((String) x).getBytes(StandardCharsets.UTF_8),
                    ((String) y).getBytes(StandardCharsets.UTF_8));
            default -> Arrays.compareUnsigned((byte[]) x, (byte[]) y);
        };
    }

    static int rank(Object v) {
        return v == null ? 0 : v instanceof Number ? 1 : v instanceof String ? 2 : 3;
    }

    /** An identifier quoted for SQL. */
    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
