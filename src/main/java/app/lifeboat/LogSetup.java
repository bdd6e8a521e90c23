package app.lifeboat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;

/**
 * Lifeboat's logging set-up, in code: one rotating log file in the Lifeboat home.
 *
 * <p>Configuring logback from an XML file loaded about 650 classes (its XML model and the JDK's
 * XML parser) and was the largest single cost of a small command's start-up; this sets up the
 * same appender directly. A {@code logback-test.xml} on the class path or a
 * {@code -Dlogback.configurationFile} still wins, so tests and users can log elsewhere.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
    /** The system property {@link Main} sets to the home's {@code logs} folder before anything logs. */
    static final String LOG_DIR_PROPERTY = "lifeboat.logdir";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        String dir = System.getProperty(LOG_DIR_PROPERTY);
        Path logs = dir != null ? Path.of(dir) : Path.of(System.getProperty("java.io.tmpdir"), "lifeboat-logs");

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{30} - %msg%n");
        encoder.start();

        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(context);
        file.setName("FILE");
        file.setFile(logs.resolve("lifeboat.log").toString());
        file.setEncoder(encoder);

        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(file);
        rolling.setFileNamePattern(logs.resolve("lifeboat.%i.log").toString());
        rolling.setMinIndex(1);
        rolling.setMaxIndex(5);
        rolling.start();

        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(FileSize.valueOf("5MB"));
        trigger.start();

        file.setRollingPolicy(rolling);
        file.setTriggeringPolicy(trigger);
        file.start();

        context.getLogger("com.cronutils").setLevel(Level.WARN);
        // MINA SSHD (SFTP destinations) logs every session step at INFO.
        context.getLogger("org.apache.sshd").setLevel(Level.WARN);
        // The keyring's D-Bus libraries log every signal and message at INFO or DEBUG.
        context.getLogger("org.freedesktop").setLevel(Level.WARN);
        context.getLogger("com.github.javakeyring").setLevel(Level.WARN);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(file);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
