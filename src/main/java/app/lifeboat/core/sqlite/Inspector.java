package app.lifeboat.core.sqlite;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@link DatabaseFacts} from an open connection: page facts, the schema fingerprint, the
 * row count of every table and the logical content hash (see {@link ContentHash}); with the
 * current scheme the rows are counted in the same pass that hashes them.
 */
public final class Inspector {
    private Inspector() {}

    private static final String SCHEMA_SQL =
            "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name";

    /** With {@link ContentHash#NONE} the content hash is null and the expensive full scan is skipped. */
    public static DatabaseFacts facts(Connection c, ContentHash scheme) throws SQLException {
        int pageSize = (int) Sqlite.longValue(c, "PRAGMA page_size");
        long pageCount = Sqlite.longValue(c, "PRAGMA page_count");
        int userVersion = (int) Sqlite.longValue(c, "PRAGMA user_version");
        String fingerprint = sha3Query(c, SCHEMA_SQL);
        List<TableInfo> tables = tables(c);
        StringBuilder all = new StringBuilder(SCHEMA_SQL).append(';');
        Map<String, Long> counts = new LinkedHashMap<>();
        MessageDigest rows = scheme == ContentHash.ROWS_SHA256 ? ContentHash.start() : null;
        if (rows != null) {
            ContentHash.hashRows(c, SCHEMA_SQL, rows);
        }
        for (TableInfo t : tables) {
            String q = Sqlite.quoteIdentifier(t.name);
            // Rowid order is stable across page-level copies and VACUUM alike; a WITHOUT ROWID
            // table is stored in primary-key order already.
            String select = "SELECT * FROM " + q + (t.withoutRowid ? "" : " ORDER BY rowid");
            all.append(select).append(';');
            long n;
            if (rows != null) {
                rows.update(("T" + t.name + "\0").getBytes(StandardCharsets.UTF_8));
                n = ContentHash.hashRows(c, select, rows);
            } else {
                n = Sqlite.longValue(c, "SELECT count(*) FROM " + q);
            }
            if (!t.name.startsWith("sqlite_")) {
                counts.put(t.name, n);
            }
        }
        String content = switch (scheme) {
            case NONE -> null;
            case SHA3_QUERY -> sha3Query(c, all.toString());
            case ROWS_SHA256 -> ContentHash.ROWS_SHA256.finish(rows);
        };
        return new DatabaseFacts(pageSize, pageCount, userVersion, fingerprint, content, counts);
    }

    private static String sha3Query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT lower(hex(sha3_query(" + literal(sql) + ", 256)))")) {
            rs.next();
            return "sha3-256:" + rs.getString(1);
        }
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private record TableInfo(String name, boolean withoutRowid) {}

    /** Ordinary and shadow tables of the main schema, by name; views and virtual tables hold no rows of their own. */
    private static List<TableInfo> tables(Connection c) throws SQLException {
        List<TableInfo> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name, wr FROM pragma_table_list "
                        + "WHERE schema = 'main' AND type IN ('table', 'shadow') "
                        + "AND name NOT IN ('sqlite_schema', 'sqlite_master') ORDER BY name")) {
            while (rs.next()) {
                out.add(new TableInfo(rs.getString(1), rs.getInt(2) != 0));
            }
        }
        return out;
    }
}
