package app.lifeboat.core.incremental;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.Json;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.io.Destination;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** The store's {@code config} object (docs/FORMAT-incremental.md): read and checked, made, or marked as this format. */
final class StoreConfig {
    private StoreConfig() {}

    /** The checked config, or null when the store has none (yet); a newer format is refused. */
    static JsonNode read(Destination store) throws IOException {
        if (!store.isAvailable() || !store.exists(Format.CONFIG)) {
            return null;
        }
        JsonNode n;
        try (InputStream in = store.open(Format.CONFIG)) {
            n = Json.mapper().readTree(in.readNBytes(64 * 1024));
        } catch (IOException e) {
            throw Format.damaged("the config object is not JSON");
        }
        Format.require(n != null && Format.NAME.equals(n.path("format").asText()), "the config object is not an incremental store's");
        if (n.path("formatVersion").asInt(0) > Format.VERSION) {
            throw newerFormat("the store");
        }
        Format.require(n.path("formatVersion").asInt(0) >= Format.FIRST_VERSION, "the config object has no format version");
        return n;
    }

    /** Makes the config of a new store, with a new store id. */
    static JsonNode create(Destination store, boolean encrypted) throws IOException {
        byte[] id = new byte[16];
        StoreKeys.RANDOM.nextBytes(id);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("format", Format.NAME);
        c.put("formatVersion", Format.VERSION);
        c.put("storeId", HexFormat.of().formatHex(id));
        c.put("encrypted", encrypted);
        store.writeAtomically(Format.CONFIG, Json.mapper().writeValueAsBytes(c));
        return Json.mapper().valueToTree(c);
    }

    /** Marks a store of an earlier format as this format; its other fields are kept as they are. */
    static void upgrade(Destination store) throws IOException {
        JsonNode n = read(store);
        if (n != null && n.path("formatVersion").asInt(0) < Format.VERSION) {
            ObjectNode c = (ObjectNode) n;
            c.put("formatVersion", Format.VERSION);
            store.writeAtomically(Format.CONFIG, Json.mapper().writeValueAsBytes(c));
        }
    }

    static LifeboatException newerFormat(String what) {
        return new LifeboatException(ErrorCode.MALFORMED_METADATA, what + " was written by a newer version of the app "
                + "(incremental store format above " + Format.VERSION + ") and is left untouched; install the newer version to use it");
    }
}
