package app.lifeboat.core.incremental;

import java.util.List;

/** The outcome of checking one version: every frame present, authenticated and hashing to its id. */
public record VersionCheck(String versionId, long framesChecked, List<String> problems) {
    public VersionCheck {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
