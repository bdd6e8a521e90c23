package app.lifeboat.core.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.core.base.Json;
import app.lifeboat.testing.CliRunner;
import app.lifeboat.testing.TestDatabases;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verification results are stored as data (check, outcome, detail), and sidecars that only have lines still read. */
class VerificationResultFormatTest {
    @TempDir
    Path dir;

    @Test
    void aSidecarWrittenBeforeResultsExistedGetsThemFromItsLines() throws Exception {
        String old = """
                {"at": "2026-11-22T09:16:00Z", "ok": false, "deep": true, "summary": "its checksum does not match",
                 "checks": ["size: ok (12582912 bytes)", "sha256: MISMATCH (expected 67294c, found 0be1a2)",
                            "decrypt, SQLite checks: skipped (needs the key)", "integrity_check: row 7 missing from index",
                            "the stored file is truncated"]}""";
        VerificationResult r = Json.mapper().readValue(old, VerificationResult.class);
        assertEquals(List.of(
                new CheckResult("size", CheckResult.Outcome.OK, "12582912 bytes"),
                new CheckResult("sha256", CheckResult.Outcome.FAILED, "expected 67294c, found 0be1a2"),
                new CheckResult("decrypt, SQLite checks", CheckResult.Outcome.SKIPPED, "needs the key"),
                new CheckResult("integrity_check", CheckResult.Outcome.FAILED, "row 7 missing from index"),
                new CheckResult("verify", CheckResult.Outcome.FAILED, "the stored file is truncated")), r.results());
        assertEquals(3, r.results().stream().filter(c -> c.outcome() == CheckResult.Outcome.FAILED).count());
    }

    @Test
    void verifyStoresTheResultsAsDataBesideTheLines() throws Exception {
        CliRunner lifeboat = new CliRunner(dir.resolve("home"));
        lifeboat.ok("add", TestDatabases.create(dir.resolve("app.db"), 50).toString(), "--name", "app");
        lifeboat.ok("backup", "app");
        lifeboat.ok("verify", "app");
        Path folder = dir.resolve("home/backups/app");
        Path sidecar;
        try (var s = Files.list(folder)) {
            sidecar = s.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        JsonNode v = new ObjectMapper().readTree(sidecar.toFile()).get("lastVerification");
        assertTrue(v.get("checks").size() > 3, v.toString());
        assertEquals(v.get("checks").size(), v.get("results").size());
        for (JsonNode c : v.get("results")) {
            assertEquals("ok", c.get("outcome").asText(), c.toString());
            assertTrue(!c.get("check").asText().isBlank(), c.toString());
        }
    }
}
