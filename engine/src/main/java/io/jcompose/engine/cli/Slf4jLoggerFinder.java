package io.jcompose.engine.cli;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the engine's {@link System.Logger} records to SLF4J as finished text. The SLF4J project's own bridge
 * hands the already formatted text to SLF4J again together with the arguments, so any {@code {}} in it (a JSON
 * body, an error quoting one) was replaced by an argument; here the text is formatted once, with
 * {@link MessageFormat} as System.Logger defines, and passed on without arguments.
 */
public final class Slf4jLoggerFinder extends System.LoggerFinder {

    @Override
    public System.Logger getLogger(String name, Module module) {
        return new Slf4jSystemLogger(LoggerFactory.getLogger(name));
    }

    private record Slf4jSystemLogger(Logger slf4j) implements System.Logger {

        @Override
        public String getName() {
            return slf4j.getName();
        }

        @Override
        public boolean isLoggable(Level level) {
            return switch (level) {
                case ALL, TRACE -> slf4j.isTraceEnabled();
                case DEBUG -> slf4j.isDebugEnabled();
                case INFO -> slf4j.isInfoEnabled();
                case WARNING -> slf4j.isWarnEnabled();
                case ERROR -> slf4j.isErrorEnabled();
                case OFF -> false;
            };
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            if (isLoggable(level)) {
                emit(level, text(bundle, msg), thrown);
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            if (isLoggable(level)) {
                String pattern = text(bundle, format);
                emit(level, params == null || params.length == 0 ? pattern : MessageFormat.format(pattern, params), null);
            }
        }

        private static String text(ResourceBundle bundle, String key) {
            return bundle != null && key != null && bundle.containsKey(key) ? bundle.getString(key) : String.valueOf(key);
        }

        private void emit(Level level, String text, Throwable thrown) {
            switch (level) {
                case ALL, TRACE -> slf4j.trace(text, thrown);
                case DEBUG -> slf4j.debug(text, thrown);
                case INFO -> slf4j.info(text, thrown);
                case WARNING -> slf4j.warn(text, thrown);
                case ERROR -> slf4j.error(text, thrown);
                case OFF -> { }
            }
        }
    }
}
