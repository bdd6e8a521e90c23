package app.lifeboat.core.demo;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.io.FileSafety;
import app.lifeboat.core.sqlite.Sqlite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A small sample database (a recipe book) for newcomers to try Lifeboat on without risking their
 * own data. Written to a temp file first and moved into place, like everything else.
 */
public final class DemoDatabase {
    private static final String[] DISHES = {"Pancakes", "Tomato soup", "Risotto", "Falafel", "Apple pie",
        "Ramen", "Ratatouille", "Pad thai", "Shakshuka", "Lentil curry"};

    private DemoDatabase() {}

    /** Creates {@code file} (which must not exist) with a few tables and some hundred rows. */
    public static Path create(Path file) {
        if (Files.exists(file)) {
            throw new LifeboatException(ErrorCode.ALREADY_EXISTS, "the demo database " + file
                    + " already exists — remove it first or use it as it is");
        }
        Path temp = FileSafety.tempPathIn(file.getParent(), "demo");
        try {
            FileSafety.createPrivateDirectories(file.getParent());
            try (Connection c = DriverManager.getConnection(Sqlite.uri(temp, "mode=rwc"))) {
                fill(c);
            }
            FileSafety.commit(temp, file);
            return file;
        } catch (SQLException | IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the engine removes stale temporaries later
            }
            throw new LifeboatException(ErrorCode.IO_ERROR, "cannot create the demo database " + file
                    + " — check that the Lifeboat home folder is writable", e);
        }
    }

    private static void fill(Connection c) throws SQLException {
        Sqlite.exec(c, "CREATE TABLE recipes(id INTEGER PRIMARY KEY, title TEXT NOT NULL, minutes INTEGER)");
        Sqlite.exec(c, "CREATE TABLE ingredients(id INTEGER PRIMARY KEY, recipe_id INTEGER REFERENCES recipes(id),"
                + " name TEXT, grams INTEGER)");
        Sqlite.exec(c, "CREATE TABLE ratings(id INTEGER PRIMARY KEY, recipe_id INTEGER, stars INTEGER, note TEXT)");
        c.setAutoCommit(false);
        try (PreparedStatement r = c.prepareStatement("INSERT INTO recipes(title, minutes) VALUES (?, ?)");
                PreparedStatement i = c.prepareStatement(
                        "INSERT INTO ingredients(recipe_id, name, grams) VALUES (?, ?, ?)");
                PreparedStatement s = c.prepareStatement(
                        "INSERT INTO ratings(recipe_id, stars, note) VALUES (?, ?, ?)")) {
            for (int n = 0; n < 120; n++) {
                r.setString(1, DISHES[n % DISHES.length] + " #" + (n / DISHES.length + 1));
                r.setInt(2, 10 + (n * 7) % 80);
                r.executeUpdate();
                for (int k = 0; k < 4; k++) {
                    i.setInt(1, n + 1);
                    i.setString(2, "ingredient " + k);
                    i.setInt(3, 50 + (n * 13 + k * 31) % 400);
                    i.executeUpdate();
                }
                s.setInt(1, n + 1);
                s.setInt(2, 1 + n % 5);
                s.setString(3, "tried on day " + n);
                s.executeUpdate();
            }
        }
        c.commit();
    }
}
