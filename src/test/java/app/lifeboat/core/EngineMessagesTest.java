package app.lifeboat.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine speaks in problems and remedy kinds, never in one front end's words: no string in
 * {@code core} names a command-line flag or a {@code lifeboat} command (the GUI would show it
 * verbatim next to a button that does the same thing).
 */
class EngineMessagesTest {
    private static final Path CORE = Path.of("src/main/java/app/lifeboat/core");
    private static final Pattern LITERAL = Pattern.compile("\"((?:\\\\.|[^\"\\\\])*)\"");
    private static final Pattern CLI_WORDS = Pattern.compile("(^|[\\s('])--[a-z]|\\blifeboat [a-z]");
    /**
     * Domain-separation strings of hashes are bytes, not messages (changing them would change every
     * hash): their sources write the space as {@code \u0020}, so no exception list is needed here.
     */
    private static final Set<String> NOT_MESSAGES = Set.of();

    @Test
    void noEngineStringNamesAFlagOrACommand() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CORE)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (line.startsWith("*") || line.startsWith("//") || line.startsWith("/*")) {
                        continue;
                    }
                    Matcher m = LITERAL.matcher(line);
                    while (m.find()) {
                        if (CLI_WORDS.matcher(m.group(1)).find() && !NOT_MESSAGES.contains(m.group(1))) {
                            found.add(CORE.relativize(f) + ":" + (i + 1) + ": " + m.group(1));
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), found, "engine strings that name CLI flags or commands");
    }

    @Test
    void theScanSeesTheCoreSources() throws IOException {
        try (Stream<Path> files = Files.walk(CORE)) {
            assertTrue(files.filter(p -> p.toString().endsWith(".java")).count() > 50, "run from the project folder");
        }
    }
}
