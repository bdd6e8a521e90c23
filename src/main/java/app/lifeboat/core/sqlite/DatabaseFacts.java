package app.lifeboat.core.sqlite;

import java.util.Map;

/**
 * What Lifeboat records about a database snapshot and checks again on verify.
 *
 * @param schemaFingerprint hash of {@code sqlite_schema} (type, name, table, SQL)
 * @param contentHash hash of the schema and every row of every table, in a fixed order
 * @param tables row count of every table (internal {@code sqlite_} tables excluded)
 */
public record DatabaseFacts(int pageSize, long pageCount, int userVersion, String schemaFingerprint,
        String contentHash, Map<String, Long> tables) {}
