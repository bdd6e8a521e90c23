package app.lifeboat.core.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.BackupService;
import app.lifeboat.core.base.Cancellation;
import app.lifeboat.core.base.ProgressListener;
import app.lifeboat.core.base.Secrets;
import app.lifeboat.core.config.DatabaseOptions;
import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.core.create.CreateRequest;
import app.lifeboat.core.io.LocalFolderDestination;
import app.lifeboat.core.verify.VerifyRequest;
import app.lifeboat.testing.TestDatabases;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Catalog catalog() {
        return new Catalog(new LocalFolderDestination(dir.resolve("dest")));
    }

    private static BackupRecord record(String id, Instant at) {
        return new BackupRecord.Builder().id(id).database("app").file(id + ".db").createdAt(at).sha256("00")
                .tables(Map.of("t", 1L)).build();
    }

    /** Fields a newer Lifeboat wrote, at the top level and nested, which this version does not know. */
    private static ObjectNode addFutureFields(JsonNode sidecar) {
        ObjectNode n = (ObjectNode) sidecar.deepCopy();
        n.put("futureScalar", "kept");
        n.putObject("futureObject").put("chunking", "fastcdc").putArray("parts").add(1).add(2);
        n.putNull("futureNull");
        return n;
    }

    @Test
    void unknownFieldsSurviveWhenSidecarIsRewritten() throws Exception {
        Catalog catalog = catalog();
        BackupRecord r = record("20261122T100000Z-aaaa", Instant.parse("2026-11-22T10:00:00Z"));
        catalog.save(r);
        Path sidecar = dir.resolve("dest").resolve(r.sidecarName());
        ObjectNode future = addFutureFields(JSON.readTree(sidecar.toFile()));
        Files.write(sidecar, JSON.writeValueAsBytes(future));

        BackupRecord read = catalog.scan().records().get(0);
        catalog.save(read.withPinned(true));

        JsonNode rewritten = JSON.readTree(sidecar.toFile());
        assertTrue(rewritten.get("pinned").asBoolean());
        for (String field : List.of("futureScalar", "futureObject", "futureNull")) {
            assertEquals(future.get(field), rewritten.get(field), field);
        }
    }

    @Test
    void unknownFieldsSurvivePinAndVerifyThroughTheService() throws Exception {
        Path db = TestDatabases.create(dir.resolve("app.db"), 100);
        try (BackupService service = new BackupService(new LifeboatHome(dir.resolve("home")))) {
            service.add(db, DatabaseOptions.none());
            BackupRecord r = service.create("app", CreateRequest.manual(), Secrets.none(), ProgressListener.NONE,
                    Cancellation.none()).created().backup();
            Path sidecar = service.home().defaultDestination().resolve("app").resolve(r.sidecarName());
            ObjectNode future = addFutureFields(JSON.readTree(sidecar.toFile()));
            Files.write(sidecar, JSON.writeValueAsBytes(future));

            service.setPinned("app", r.id(), true);
            service.verify("app", VerifyRequest.one(r.id()), Secrets.none(), ProgressListener.NONE, Cancellation.none());

            JsonNode rewritten = JSON.readTree(sidecar.toFile());
            assertTrue(rewritten.get("pinned").asBoolean());
            assertEquals("verified", rewritten.get("status").asText());
            assertEquals(future.get("futureObject"), rewritten.get("futureObject"));
            assertEquals(future.get("futureScalar"), rewritten.get("futureScalar"));
        }
    }

    @Test
    void aVersionInAStoreFolderLifeboatDoesNotMakeIsNotTrusted() throws Exception {
        Catalog catalog = catalog();
        BackupRecord age = new BackupRecord.Builder(record("20261122T100000Z-aaaa", Instant.parse("2026-11-22T10:00:00Z")))
                .incremental("20261122T100000Z-aaaa", "incremental-age").build();
        catalog.save(age);
        BackupRecord read = catalog.scan().records().get(0);
        assertEquals("incremental-age", read.storeFolder());
        assertEquals(BackupRecord.STORE_FORMAT_VERSION, read.formatVersion());
        Path sidecar = dir.resolve("dest").resolve(age.sidecarName());
        Files.writeString(sidecar, Files.readString(sidecar).replace("incremental-age", "../elsewhere"));
        Catalog.Listing listing = catalog.scan();
        assertTrue(listing.records().isEmpty());
        assertTrue(listing.problems().get(0).message().contains("not a store folder"), listing.problems().toString());
    }

    @Test
    void aRecipientSetsStoreIsFormat4AndNotTrustedUnderAnEarlierFormat() throws Exception {
        Catalog catalog = catalog();
        String folder = BackupRecord.recipientsStoreFolder("0123456789abcdef");
        BackupRecord own = new BackupRecord.Builder(record("20261122T100000Z-aaaa", Instant.parse("2026-11-22T10:00:00Z")))
                .incremental("20261122T100000Z-aaaa", folder).build();
        catalog.save(own);
        BackupRecord read = catalog.scan().records().get(0);
        assertEquals(folder, read.storeFolder());
        assertEquals(BackupRecord.RECIPIENTS_STORE_FORMAT_VERSION, read.formatVersion());
        Path sidecar = dir.resolve("dest").resolve(own.sidecarName());
        ObjectNode json = (ObjectNode) JSON.readTree(Files.readString(sidecar));
        json.put("formatVersion", BackupRecord.STORE_FORMAT_VERSION);
        Files.writeString(sidecar, JSON.writeValueAsString(json));
        Catalog.Listing listing = catalog.scan();
        assertTrue(listing.records().isEmpty());
        assertTrue(listing.problems().get(0).message().contains("not a store folder"), listing.problems().toString());
    }

    @Test
    void scanListsNewestFirst() {
        Catalog catalog = catalog();
        catalog.save(record("20261120T000000Z-aaaa", Instant.parse("2026-11-20T00:00:00Z")));
        catalog.save(record("20261122T000000Z-bbbb", Instant.parse("2026-11-22T00:00:00Z")));
        catalog.save(record("20261121T000000Z-cccc", Instant.parse("2026-11-21T00:00:00Z")));
        assertEquals(List.of("20261122T000000Z-bbbb", "20261121T000000Z-cccc", "20261120T000000Z-aaaa"),
                catalog.scan().records().stream().map(BackupRecord::id).toList());
    }

    @Test
    void unreadableSidecarsAreReportedNotThrown() throws Exception {
        Catalog catalog = catalog();
        catalog.save(record("20261122T000000Z-good", Instant.parse("2026-11-22T00:00:00Z")));
        Path dest = dir.resolve("dest");
        Files.writeString(dest.resolve("garbage.json"), "{ not json");
        Files.writeString(dest.resolve("empty.json"), "");
        Files.writeString(dest.resolve("array.json"), "[1, 2]");
        Files.writeString(dest.resolve("20261122T000000Z-miss.json"), "{\"id\": \"20261122T000000Z-miss\"}");
        Files.writeString(dest.resolve("20261122T000000Z-other.json"), JSON.writeValueAsString(
                JSON.readTree(dest.resolve("20261122T000000Z-good.json").toFile())));
        Files.writeString(dest.resolve("badstatus.json"), "{\"id\": \"badstatus\", \"status\": \"excellent\"}");

        Catalog.Listing listing = catalog.scan();

        assertEquals(List.of("20261122T000000Z-good"), listing.records().stream().map(BackupRecord::id).toList());
        assertEquals(List.of("20261122T000000Z-miss.json", "20261122T000000Z-other.json", "array.json",
                "badstatus.json", "empty.json", "garbage.json"),
                listing.problems().stream().map(CatalogProblem::name).sorted().toList());
        listing.problems().forEach(p -> assertTrue(!p.message().isBlank() && !p.message().contains("\n"), p.message()));
    }

    @Test
    void storedFileOfMalformedSidecarIsNotTreatedAsOrphan() throws Exception {
        Catalog catalog = catalog();
        Path dest = Files.createDirectories(dir.resolve("dest"));
        Files.writeString(dest.resolve("20261122T000000Z-dead.db"), "data");
        Files.writeString(dest.resolve("20261122T000000Z-dead.json"), "{ broken");
        Files.writeString(dest.resolve("20261122T000000Z-lost.db"), "data");
        assertEquals(List.of("20261122T000000Z-lost.db"), catalog.orphans(catalog.scan()));
    }

    @Test
    void filesAPersonPutInTheFolderAreNeverOrphans() throws Exception {
        Path folder = dir.resolve("own-files");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("README.txt"), "my notes about these backups");
        Files.writeString(folder.resolve("old-copy.db"), "a copy I made by hand");
        Files.writeString(folder.resolve("20261122T000000Z-ab12.db.zst"), "left by a crash");
        Catalog c = new Catalog(new LocalFolderDestination(folder));
        Assertions.assertEquals(List.of("20261122T000000Z-ab12.db.zst"), c.orphans(c.scan()));
    }
}
