package dev.subsentinel.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures what the Sentinel logs (loggers under {@code dev.subsentinel}, INFO and above) while it is open, instead
 * of the test configuration's WARN-only console. Tests run one at a time, so one capture at a time.
 */
public final class CapturedLog implements AutoCloseable {

    private static final String LOGGERS = "dev.subsentinel";

    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final LoggerContext context;
    private final AbstractAppender appender;
    private final boolean everything;
    private Level rootLevel;

    private CapturedLog(boolean everything) {
        this.everything = everything;
        context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        appender = new AbstractAppender("captured-" + System.identityHashCode(this), null, null, true,
                Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                StringBuilder line = new StringBuilder(event.getLevel() + " "
                        + event.getMessage().getFormattedMessage());
                for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
                    line.append(" | ").append(t);
                }
                lines.add(line.toString());
            }
        };
        appender.start();
        configuration.addAppender(appender);
        if (everything) {
            LoggerConfig root = configuration.getRootLogger();
            rootLevel = root.getLevel();
            root.addAppender(appender, Level.INFO, null);
            root.setLevel(Level.INFO);
        } else {
            LoggerConfig logger = LoggerConfig.newBuilder().withLoggerName(LOGGERS).withLevel(Level.INFO)
                    .withAdditivity(false).withConfig(configuration).build();
            logger.addAppender(appender, Level.INFO, null);
            configuration.addLogger(LOGGERS, logger);
        }
        context.updateLoggers();
    }

    /** Starts capturing what the Sentinel logs. */
    public static CapturedLog start() {
        return new CapturedLog(false);
    }

    /** Starts capturing what every logger of the process logs at INFO and above (the SDK's too), with exceptions. */
    public static CapturedLog everything() {
        return new CapturedLog(true);
    }

    /** The lines so far: level and message. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        Configuration configuration = context.getConfiguration();
        if (everything) {
            configuration.getRootLogger().removeAppender(appender.getName());
            configuration.getRootLogger().setLevel(rootLevel);
        } else {
            configuration.removeLogger(LOGGERS);
        }
        context.updateLoggers();
        appender.stop();
    }
}
