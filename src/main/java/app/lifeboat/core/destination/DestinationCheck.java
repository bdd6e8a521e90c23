package app.lifeboat.core.destination;

import app.lifeboat.core.base.Bytes;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import app.lifeboat.core.io.Destination;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Tests a destination the way backups will use it: list, write a probe object, read it back,
 * delete it, and report the server's clock skew and free space where it tells. Stops at the
 * first step that fails and says exactly which one.
 */
public final class DestinationCheck {
    /** A clock this far off makes signed requests fail, or soon will. */
    static final Duration SKEW_LIMIT = Duration.ofMinutes(5);

    private static final int PROBE_BYTES = 64 * 1024;

    /**
     * One step of the test.
     *
     * @param step what was tried ("list", "write", "read back", "delete", "clock", "free space")
     * @param ok whether it worked
     * @param detail what was found, or why it failed
     * @param hostKeyToConfirm the fingerprint ({@code SHA256:...}) of an SSH host key not known yet,
     *     which the person may compare and accept; null otherwise (a changed key is never offered)
     */
    public record Step(String step, boolean ok, String detail, String hostKeyToConfirm) {
        public Step(String step, boolean ok, String detail) {
            this(step, ok, detail, null);
        }
    }

    /** The whole test. */
    public record Result(String destination, String location, List<Step> steps) {
        public boolean ok() {
            return steps.stream().allMatch(Step::ok);
        }
    }

    public Result run(String name, Destination d) {
        List<Step> steps = new ArrayList<>();
        String probe = ".lifeboat-probe-" + HexFormat.of().formatHex(random(6));
        byte[] content = random(PROBE_BYTES);
        if (step(steps, "list", () -> d.list().size() + " objects at the top")
                && step(steps, "write", () -> {
                    try (Destination.StagedFile f = d.stage(probe)) {
                        Files.write(f.path(), content);
                        f.commit();
                    }
                    return Bytes.human(content.length) + " probe object written";
                })
                && step(steps, "read back", () -> {
                    try (InputStream in = d.open(probe)) {
                        if (!Arrays.equals(in.readAllBytes(), content)) {
                            throw new IOException("the probe read back differs from what was written");
                        }
                    }
                    return "identical";
                })
                && step(steps, "delete", () -> {
                    d.delete(probe);
                    if (d.exists(probe)) {
                        throw new IOException("the probe object is still there after deleting it");
                    }
                    return "removed";
                })) {
            step(steps, "clock", () -> {
                Optional<Duration> skew = d.clockSkew();
                if (skew.isEmpty()) {
                    return "the server does not tell";
                }
                Duration s = skew.get();
                if (s.abs().compareTo(SKEW_LIMIT) > 0) {
                    throw new IOException("the server's clock is " + s.abs().toSeconds() + " s "
                            + (s.isNegative() ? "behind" : "ahead of") + " this computer's; fix the time on this computer");
                }
                return s.abs().toSeconds() + " s apart";
            });
            step(steps, "free space", () -> {
                long free = d.usableSpaceBytes();
                return free < 0 ? "the server does not tell" : Bytes.human(free) + " free";
            });
        }
        return new Result(name, d.describe(), List.copyOf(steps));
    }

    /** An action that returns a detail or fails. */
    private interface Action {
        String run() throws IOException;
    }

    private static boolean step(List<Step> steps, String what, Action a) {
        try {
            steps.add(new Step(what, true, a.run()));
            return true;
        } catch (LifeboatException e) {
            String fingerprint = e.remedy() == Remedy.CONFIRM_HOST_KEY && e.remedyArgs().size() > 1
                    ? String.valueOf(e.remedyArgs().get(1)) : null;
            steps.add(new Step(what, false, e.getMessage(), fingerprint));
        } catch (IOException | RuntimeException e) {
            steps.add(new Step(what, false, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        return false;
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
