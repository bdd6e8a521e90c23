package app.lifeboat.core.base;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseNameTest {
    @ParameterizedTest
    @ValueSource(strings = {"app", "App_2", "notes.v2", "a", "9lives", "my-db",
        "a234567890123456789012345678901234567890123456789012345678901234"})
    void acceptsNamesThatAreSafeFolderNamesEverywhere(String name) {
        assertEquals(name, DatabaseName.require(name));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"a/b", "/abs", "a\\b", "..", "a..b", "../x", ".hidden", "-opt", "_x", "a b", "naïve",
        "a:b", "a*b", "con", "CON", "nul.db", "Aux", "com1", "LPT9.txt", "prn",
        "a2345678901234567890123456789012345678901234567890123456789012345"})
    void refusesNamesThatAreNotSafeFolderNames(String name) {
        LifeboatException e = assertThrows(LifeboatException.class, () -> DatabaseName.require(name));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    }

    @Test
    void suggestsNameFromFileName() {
        assertEquals("My-Notes", DatabaseName.suggestFor(Path.of("/x/My Notes.sqlite")));
        assertEquals("app", DatabaseName.suggestFor(Path.of("app.db")));
        assertEquals("archive.2024", DatabaseName.suggestFor(Path.of("archive.2024.db")));
        assertEquals("database", DatabaseName.suggestFor(Path.of("@@@.db")));
        assertEquals("db-con", DatabaseName.suggestFor(Path.of("con.db")));
        assertEquals(64, DatabaseName.suggestFor(Path.of("x".repeat(100) + ".db")).length());
        assertEquals(64, DatabaseName.suggestFor(Path.of("con." + "x".repeat(100) + ".db")).length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"My Notes.sqlite", "..hidden.db", "@@@.db", "a..b.db", "-x.db", "con.db", "NUL.sqlite",
        "com1.db", "aux.old.db", "Ünïcödé.db", "x.db.db", "...", ".db", "name with spaces and (parens).sqlite3"})
    void everySuggestedNameIsValid(String fileName) {
        assertDoesNotThrow(() -> DatabaseName.require(DatabaseName.suggestFor(Path.of("/data", fileName))));
    }
}
