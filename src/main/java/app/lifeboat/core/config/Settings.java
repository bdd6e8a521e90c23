package app.lifeboat.core.config;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything in {@code settings.json}: the registered databases and app preferences. */
public record Settings(
        int formatVersion,
        List<DatabaseSettings> databases,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<DestinationSettings> destinations,
        Map<String, String> preferences,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

    public Settings {
        databases = databases == null ? List.of() : List.copyOf(databases);
        destinations = destinations == null ? List.of() : List.copyOf(destinations);
        preferences = preferences == null ? Map.of() : Map.copyOf(preferences);
        extra = extra == null ? new LinkedHashMap<>() : new LinkedHashMap<>(extra);
    }

    public static Settings empty() {
        return new Settings(1, List.of(), List.of(), Map.of(), null);
    }

    public Optional<DatabaseSettings> find(String name) {
        return databases.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** A copy with {@code db} added, or replacing the database of the same name. */
    public Settings put(DatabaseSettings db) {
        List<DatabaseSettings> list = new ArrayList<>();
        boolean replaced = false;
        for (DatabaseSettings d : databases) {
            if (d.name().equals(db.name())) {
                list.add(db);
                replaced = true;
            } else {
                list.add(d);
            }
        }
        if (!replaced) {
            list.add(db);
        }
        return new Settings(formatVersion, list, destinations, preferences, extra);
    }

    public Optional<DestinationSettings> findDestination(String name) {
        return destinations.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** A copy with {@code d} added, or replacing the destination of the same name. */
    public Settings putDestination(DestinationSettings d) {
        List<DestinationSettings> list = new ArrayList<>(destinations.stream()
                .map(x -> x.name().equals(d.name()) ? d : x).toList());
        if (findDestination(d.name()).isEmpty()) {
            list.add(d);
        }
        return new Settings(formatVersion, databases, list, preferences, extra);
    }

    public Settings removeDestination(String name) {
        List<DestinationSettings> list = new ArrayList<>(destinations);
        list.removeIf(x -> x.name().equals(name));
        return new Settings(formatVersion, databases, list, preferences, extra);
    }

    public Settings remove(String name) {
        List<DatabaseSettings> list = new ArrayList<>(databases);
        list.removeIf(d -> d.name().equals(name));
        return new Settings(formatVersion, list, destinations, preferences, extra);
    }

    public Settings withPreference(String key, String value) {
        Map<String, String> p = new LinkedHashMap<>(preferences);
        if (value == null) {
            p.remove(key);
        } else {
            p.put(key, value);
        }
        return new Settings(formatVersion, databases, destinations, p, extra);
    }
}
