package app.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.lifeboat.testing.CliRunner;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Failures reach the log file's appenders: the CLI's once where caught, the GUI's System.Logger through the bridge. */
class ErrorLoggingTest {
    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private Logger root;

    @BeforeEach
    void attach() {
        root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        events.start();
        root.addAppender(events);
    }

    @AfterEach
    void detach() {
        root.detachAppender(events);
    }

    @Test
    void aFailedCommandIsLoggedOnceWithItsMessage() {
        CliRunner.Outcome o = new CliRunner(dir.resolve("home")).run("verify", "nosuchdb");
        assertEquals(1, o.exit());
        List<ILoggingEvent> failures = events.list.stream()
                .filter(e -> e.getLoggerName().endsWith("ErrorMapper")).toList();
        assertEquals(1, failures.size(), "logged once where it is caught: " + failures);
        assertEquals(Level.WARN, failures.get(0).getLevel());
        String userLine = o.err().strip().substring("error: ".length());
        assertTrue(failures.get(0).getFormattedMessage().contains(userLine), failures.get(0).getFormattedMessage());
    }

    @Test
    void systemLoggerOfTheGuiReachesLogbackWithTheStackTrace() {
        System.Logger gui = System.getLogger("app.lifeboat.ui.common.OperationRunner");
        gui.log(System.Logger.Level.WARNING, "Back up failed", new IOException("disk full"));
        ILoggingEvent e = events.list.stream().filter(x -> x.getMessage().contains("Back up failed")).findFirst()
                .orElseThrow(() -> new AssertionError("System.Logger is not bridged to SLF4J: " + events.list));
        assertNotNull(e.getThrowableProxy(), "the stack trace is kept");
        assertEquals("disk full", e.getThrowableProxy().getMessage());
    }
}
