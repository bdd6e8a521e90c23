package app.lifeboat.core.keyring;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.Keyring;
import com.github.javakeyring.PasswordAccessException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The desktop's keyring through java-keyring, one short connection per call. On Linux it needs the
 * D-Bus session bus named by {@code DBUS_SESSION_BUS_ADDRESS} in the given environment: without one
 * (a timer, cron or ssh login) it says so at once instead of trying to start a bus.
 */
public final class JavaKeyring implements SystemKeyring {
    static final String BUS_VARIABLE = "DBUS_SESSION_BUS_ADDRESS";
    /** dbus-java reads the bus address from this system property before the environment. */
    private static final Object BUS_LOCK = new Object();
    private static final String NO_ENTRY = "No stored credentials";

    private final Map<String, String> env;
    private final Duration timeout;
    private final boolean needsBus;

    /** The keyring of the session {@code env} belongs to; each call waits at most {@code timeout}. */
    public JavaKeyring(Map<String, String> env, Duration timeout) {
        this.env = env;
        this.timeout = timeout;
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        this.needsBus = !os.contains("win") && !os.contains("mac");
    }

    @Override
    public String unavailableReason() {
        try {
            call(k -> null);
            return null;
        } catch (KeyringUnavailableException e) {
            return e.getMessage();
        }
    }

    @Override
    public char[] read(String account) {
        String secret = call(k -> {
            try {
                return k.getPassword(SERVICE, account);
            } catch (PasswordAccessException e) {
                if (String.valueOf(e.getMessage()).startsWith(NO_ENTRY)) {
                    return null;
                }
                throw e;
            }
        });
        return secret == null ? null : secret.toCharArray();
    }

    @Override
    public void write(String account, char[] secret) {
        String value = new String(secret);
        call(k -> {
            k.setPassword(SERVICE, account, value);
            return null;
        });
    }

    @Override
    public void delete(String account) {
        call(k -> {
            try {
                k.deletePassword(SERVICE, account);
            } catch (PasswordAccessException e) {
                if (!String.valueOf(e.getMessage()).startsWith(NO_ENTRY)) {
                    throw e;
                }
            }
            return null;
        });
    }

    /** One step with an open keyring. */
    private interface Step<T> {
        T run(Keyring keyring) throws PasswordAccessException;
    }

    private <T> T call(Step<T> step) {
        String bus = env.get(BUS_VARIABLE);
        if (needsBus && (bus == null || bus.isBlank())) {
            throw new KeyringUnavailableException("there is no desktop session here (no D-Bus session bus)");
        }
        // A locked keyring shows an unlock prompt and waits; with nobody there that would be forever.
        FutureTask<T> task = new FutureTask<>(() -> open(bus, step));
        Thread t = new Thread(task, "keyring");
        t.setDaemon(true);
        t.start();
        try {
            return task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            t.interrupt();
            throw new KeyringUnavailableException("the keyring did not answer within " + timeout.toSeconds()
                    + " s (it may be locked and waiting for its password)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyringUnavailableException("interrupted while waiting for the keyring", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof KeyringUnavailableException k) {
                throw k;
            }
            throw new KeyringUnavailableException("the keyring refused the request (" + c.getClass().getSimpleName()
                    + ")", c);
        }
    }

    private static <T> T open(String bus, Step<T> step) throws Exception {
        Keyring k;
        synchronized (BUS_LOCK) {
            String before = System.getProperty(BUS_VARIABLE);
            try {
                if (bus != null) {
                    System.setProperty(BUS_VARIABLE, bus);
                }
                k = Keyring.create();
            } catch (BackendNotSupportedException e) {
                throw new KeyringUnavailableException("no keyring service answers in this desktop session", e);
            } finally {
                if (before == null) {
                    System.clearProperty(BUS_VARIABLE);
                } else {
                    System.setProperty(BUS_VARIABLE, before);
                }
            }
        }
        try (k) {
            return step.run(k);
        }
    }
}
